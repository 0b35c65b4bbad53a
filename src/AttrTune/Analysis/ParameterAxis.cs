using System.Collections.Immutable;
using AttrTune.Distributions;

namespace AttrTune.Analysis;

/// <summary>How to draw one parameter's axis: its bounds, scale and, for a choice, its labels.</summary>
public sealed record ParameterAxis
{
    /// <summary>The parameter's path.</summary>
    public required string Name { get; init; }

    /// <summary>The distribution family.</summary>
    public required DistributionKind Kind { get; init; }

    /// <summary>Whether the axis is logarithmic (a log-scale float or int range).</summary>
    public required bool IsLog { get; init; }

    /// <summary>The lower bound in internal form (0 for a choice).</summary>
    public required double Low { get; init; }

    /// <summary>The upper bound in internal form (the last choice index for a choice).</summary>
    public required double High { get; init; }

    /// <summary>A choice's labels by index (<c>CategoricalDistribution.FormatChoice</c>); empty for ranges.</summary>
    public required ImmutableArray<string> Choices { get; init; }

    /// <summary>Whether the parameter is a choice (its values are indices into <see cref="Choices"/>).</summary>
    public bool IsCategorical => Kind == DistributionKind.Categorical;
}
