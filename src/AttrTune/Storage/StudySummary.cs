using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace AttrTune.Storage;

/// <summary>
/// What a list of studies shows about one of them: its trials by state, its best trial, when it started and when it
/// last changed. Read with <see cref="StudyStorage.GetStudySummaries"/> or <see cref="StudyStorage.GetStudySummary"/>.
/// </summary>
/// <param name="Study">The study's stored record (name, direction, space).</param>
/// <param name="TrialCounts">The number of trials in each state; every state is present, zero when it has none.</param>
/// <param name="TotalTrials">All trials of the study, whatever their state.</param>
/// <param name="Best">The best complete trial, or null when none has completed.</param>
/// <param name="Started">When its first trial started, or null when none has.</param>
/// <param name="LastActivity">The latest start or completion of any of its trials, or null when it has none.</param>
public sealed record StudySummary(
    StudyRecord Study,
    IReadOnlyDictionary<TrialState, int> TrialCounts,
    int TotalTrials,
    FrozenTrial? Best,
    DateTimeOffset? Started,
    DateTimeOffset? LastActivity)
{
    /// <summary>The study's name.</summary>
    public string Name => Study.Name;

    /// <summary>Whether the study minimises or maximises.</summary>
    public StudyDirection Direction => Study.Direction;

    /// <summary>The number of the study's trials in <paramref name="state"/>.</summary>
    public int Count(TrialState state) => TrialCounts.TryGetValue(state, out int count) ? count : 0;

    /// <summary>Summarises <paramref name="study"/> from one read of its trials.</summary>
    internal static StudySummary Read(IStudyStorage storage, StudyRecord study)
    {
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Id);
        var counts = Enum.GetValues<TrialState>().ToDictionary(state => state, _ => 0);
        DateTimeOffset? started = null;
        DateTimeOffset? last = null;
        foreach (FrozenTrial trial in trials)
        {
            counts[trial.State]++;
            started = Earliest(started, trial.Started);
            last = Latest(Latest(last, trial.Started), trial.Completed);
        }

        return new StudySummary(study, counts.ToImmutableDictionary(), trials.Count, storage.GetBestTrial(study.Id), started, last);
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a <= b ? a : b;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null || a >= b ? a : b;
}
