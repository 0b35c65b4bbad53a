using System.Collections.Immutable;

namespace AttrTune.Reporting.Plots;

/// <summary>A surface over a grid of the figure's two axes, drawn as filled contours.</summary>
public sealed record ContourGrid
{
    /// <summary>The grid's horizontal positions, in the x axis's units.</summary>
    public required ImmutableArray<double> X { get; init; }

    /// <summary>The grid's vertical positions, in the y axis's units.</summary>
    public required ImmutableArray<double> Y { get; init; }

    /// <summary>The surface's value at (<c>X[ix]</c>, <c>Y[iy]</c>), at index <c>iy * X.Length + ix</c>.</summary>
    public required ImmutableArray<double> Z { get; init; }

    /// <summary>What the surface measures, for the colour bar's title.</summary>
    public required string Title { get; init; }
}
