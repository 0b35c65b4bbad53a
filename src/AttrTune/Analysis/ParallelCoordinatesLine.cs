using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>One complete trial in a parallel-coordinates plot.</summary>
public sealed record ParallelCoordinatesLine
{
    /// <summary>The trial's number.</summary>
    public required int TrialNumber { get; init; }

    /// <summary>The trial's objective value.</summary>
    public required double Objective { get; init; }

    /// <summary>
    /// Per axis (in <see cref="ParallelCoordinates.Axes"/> order) the value normalised to [0, 1] on the parameter's own
    /// scale: (x - low) / (high - low), in logs for a log range; a choice's index / (choices - 1). 0.5 when the range is
    /// a single value; null when the parameter was inactive.
    /// </summary>
    public required ImmutableArray<double?> Coordinates { get; init; }
}
