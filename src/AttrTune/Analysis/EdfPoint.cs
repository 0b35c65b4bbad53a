namespace AttrTune.Analysis;

/// <summary>One step of an empirical distribution function.</summary>
public sealed record EdfPoint
{
    /// <summary>An objective value reached by at least one complete trial.</summary>
    public required double Value { get; init; }

    /// <summary>The share of complete trials whose value is at most <see cref="Value"/>, in (0, 1].</summary>
    public required double Fraction { get; init; }
}
