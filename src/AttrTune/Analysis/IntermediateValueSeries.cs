using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>The values one trial reported, step by step.</summary>
public sealed record IntermediateValueSeries
{
    /// <summary>The trial's number.</summary>
    public required int TrialNumber { get; init; }

    /// <summary>The trial's state.</summary>
    public required TrialState State { get; init; }

    /// <summary>The reported values by ascending step.</summary>
    public required ImmutableArray<IntermediateValuePoint> Points { get; init; }

    /// <summary>For a pruned trial, the last step it reported (where the pruner stopped it); otherwise null.</summary>
    public long? PrunedAtStep { get; init; }
}
