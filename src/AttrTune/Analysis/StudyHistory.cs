using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>A study's trials with the running best, in trial order and in the order they finished.</summary>
public sealed record StudyHistory
{
    /// <summary>The study's direction, which decides the running best.</summary>
    public required StudyDirection Direction { get; init; }

    /// <summary>Every trial, by number; the running best is over complete trials of lower or equal number.</summary>
    public required ImmutableArray<TrialHistoryPoint> ByNumber { get; init; }

    /// <summary>
    /// The finished trials (complete, pruned, failed) by finishing time (ties by number), <see cref="TrialHistoryPoint.Elapsed"/>
    /// measured from the first trial's start; the running best is over complete trials that had finished by then.
    /// </summary>
    public required ImmutableArray<TrialHistoryPoint> ByTime { get; init; }
}
