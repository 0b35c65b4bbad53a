using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Storage;

namespace AttrTune.Cli.Output;

/// <summary>What the list and the summary of a study show: trials by state, the best trial, the last activity.</summary>
internal sealed record StudySummary(StudyRecord Study, IReadOnlyDictionary<TrialState, int> Counts, FrozenTrial? Best, DateTimeOffset? LastActivity, int Total)
{
    public static StudySummary Read(IStudyStorage storage, StudyRecord study)
    {
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Id);
        var counts = Enum.GetValues<TrialState>().ToDictionary(s => s, s => trials.Count(t => t.State == s));
        DateTimeOffset? last = trials
            .SelectMany(t => new[] { t.Started, t.Completed })
            .Where(t => t is not null)
            .DefaultIfEmpty()
            .Max();
        return new StudySummary(study, counts, storage.GetBestTrial(study.Id), last, trials.Count);
    }

    /// <summary>"30 (25 complete, 3 pruned, 2 failed)": the states that have trials, in life-cycle order.</summary>
    public string CountsText()
    {
        string[] parts = Counts
            .Where(c => c.Value > 0)
            .OrderBy(c => c.Key switch { TrialState.Complete => 0, TrialState.Pruned => 1, TrialState.Failed => 2, TrialState.Running => 3, _ => 4 })
            .Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}")
            .ToArray();
        return parts.Length == 0 ? "0" : $"{Total} ({string.Join(", ", parts)})";
    }
}
