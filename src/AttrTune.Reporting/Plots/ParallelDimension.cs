using System.Collections.Immutable;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// One vertical axis of a parallel-coordinates figure: a position per line, on a scale from <see cref="Low"/> to
/// <see cref="High"/> labelled by <see cref="TickValues"/> and <see cref="TickLabels"/>. A line whose parameter was
/// inactive has NaN here: it is not drawn at a default.
/// </summary>
public sealed record ParallelDimension
{
    /// <summary>The axis's title: a parameter's path, or the objective.</summary>
    public required string Title { get; init; }

    /// <summary>The parameter's scale (a log range is placed by its logarithm, a choice by its index).</summary>
    public required AxisScale Scale { get; init; }

    /// <summary>Each line's position, NaN where the parameter was inactive.</summary>
    public required ImmutableArray<double> Values { get; init; }

    /// <summary>The position at the bottom of the axis.</summary>
    public required double Low { get; init; }

    /// <summary>The position at the top of the axis.</summary>
    public required double High { get; init; }

    /// <summary>Where ticks go, in positions.</summary>
    public required ImmutableArray<double> TickValues { get; init; }

    /// <summary>The tick labels, in the parameter's own values (a choice's label, a log range's value).</summary>
    public required ImmutableArray<string> TickLabels { get; init; }
}
