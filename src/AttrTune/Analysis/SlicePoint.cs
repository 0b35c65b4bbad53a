namespace AttrTune.Analysis;

/// <summary>One complete trial in a slice plot: the parameter's value against the objective.</summary>
public sealed record SlicePoint
{
    /// <summary>The trial's number.</summary>
    public required int TrialNumber { get; init; }

    /// <summary>The parameter's internal value: the number itself, or the choice index.</summary>
    public required double Value { get; init; }

    /// <summary>The value as the configuration saw it, culture-invariant (the choice's label for a choice).</summary>
    public required string Label { get; init; }

    /// <summary>The trial's objective value.</summary>
    public required double Objective { get; init; }
}
