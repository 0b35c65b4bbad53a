using System;
using System.Collections.Immutable;
using AttrTune.Analysis;

namespace AttrTune.Reporting.Plots;

/// <summary>One axis of a <see cref="Figure"/>: its title, its scale and, for a choice, its labels.</summary>
public sealed record PlotAxis
{
    /// <summary>The title (a parameter's path for a parameter's axis).</summary>
    public required string Title { get; init; }

    /// <summary>The scale; linear unless given.</summary>
    public AxisScale Scale { get; init; } = AxisScale.Linear;

    /// <summary>The labels of a <see cref="AxisScale.Categorical"/> axis, by position; empty otherwise.</summary>
    public ImmutableArray<string> Categories { get; init; } = [];

    /// <summary>A linear axis titled <paramref name="title"/>.</summary>
    public static PlotAxis Linear(string title) => new() { Title = title };

    /// <summary>
    /// The axis of a parameter as its space declares it: a choice is categorical (positions are choice indices), a
    /// log-scale range is logarithmic, any other range linear.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="axis"/> is null.</exception>
    public static PlotAxis Of(ParameterAxis axis)
    {
        ArgumentNullException.ThrowIfNull(axis);
        return axis.IsCategorical
            ? new PlotAxis { Title = axis.Name, Scale = AxisScale.Categorical, Categories = axis.Choices }
            : new PlotAxis { Title = axis.Name, Scale = axis.IsLog ? AxisScale.Log : AxisScale.Linear };
    }
}
