namespace AttrTune.Analysis;

/// <summary>One complete trial in a contour plot.</summary>
public sealed record ContourPoint
{
    /// <summary>The trial's number.</summary>
    public required int TrialNumber { get; init; }

    /// <summary>The x parameter's internal value (a choice index for a choice).</summary>
    public required double X { get; init; }

    /// <summary>The y parameter's internal value (a choice index for a choice).</summary>
    public required double Y { get; init; }

    /// <summary>The trial's objective value.</summary>
    public required double Objective { get; init; }
}
