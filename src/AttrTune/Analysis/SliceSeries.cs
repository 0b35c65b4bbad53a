using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>The slice plot of one parameter: every complete trial in which it was active.</summary>
public sealed record SliceSeries
{
    /// <summary>The parameter's axis.</summary>
    public required ParameterAxis Axis { get; init; }

    /// <summary>The points, by trial number.</summary>
    public required ImmutableArray<SlicePoint> Points { get; init; }
}
