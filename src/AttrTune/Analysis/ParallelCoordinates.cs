using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>A parallel-coordinates plot: one axis per parameter and one line per complete trial.</summary>
public sealed record ParallelCoordinates
{
    /// <summary>The parameters' axes, in the space's order.</summary>
    public required ImmutableArray<ParameterAxis> Axes { get; init; }

    /// <summary>The complete trials, by number.</summary>
    public required ImmutableArray<ParallelCoordinatesLine> Lines { get; init; }
}
