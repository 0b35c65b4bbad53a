using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>The empirical distribution function of the complete trials' objective values.</summary>
public sealed record EmpiricalDistribution
{
    /// <summary>The complete trials counted.</summary>
    public required int TrialCount { get; init; }

    /// <summary>One point per distinct value, ascending; the last has fraction 1. Empty without complete trials.</summary>
    public required ImmutableArray<EdfPoint> Points { get; init; }
}
