using System;

namespace AttrTune.Analysis;

/// <summary>One trial in a study's history, with the best value known once it had finished.</summary>
public sealed record TrialHistoryPoint
{
    /// <summary>The trial's number.</summary>
    public required int Number { get; init; }

    /// <summary>The trial's state.</summary>
    public required TrialState State { get; init; }

    /// <summary>The trial's value: the objective of a complete trial, the last reported value of a pruned one, or null.</summary>
    public double? Value { get; init; }

    /// <summary>When the trial started, or null.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the trial finished, or null.</summary>
    public DateTimeOffset? Completed { get; init; }

    /// <summary>Time from the start of the study's first trial to this trial's finish, or null when it has not finished.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>
    /// The best value among the complete trials up to and including this one in the history's order (pruned and failed
    /// trials never decide it), or null while there is none.
    /// </summary>
    public double? BestValue { get; init; }

    /// <summary>The number of the trial holding <see cref="BestValue"/> (the first to reach it), or null.</summary>
    public int? BestNumber { get; init; }
}
