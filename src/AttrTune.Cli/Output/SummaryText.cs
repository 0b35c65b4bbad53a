using System.Linq;
using AttrTune.Storage;

namespace AttrTune.Cli.Output;

/// <summary>How the tool words a study's summary.</summary>
internal static class SummaryText
{
    /// <summary>"30 (25 complete, 3 pruned, 2 failed)": the states that have trials, in life-cycle order.</summary>
    public static string Counts(StudySummary summary)
    {
        string[] parts = summary.TrialCounts
            .Where(c => c.Value > 0)
            .OrderBy(c => c.Key switch { TrialState.Complete => 0, TrialState.Pruned => 1, TrialState.Failed => 2, TrialState.Running => 3, _ => 4 })
            .Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}")
            .ToArray();
        return parts.Length == 0 ? "0" : $"{summary.TotalTrials} ({string.Join(", ", parts)})";
    }
}
