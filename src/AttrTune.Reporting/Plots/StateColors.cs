using System.Collections.Generic;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// One colour per trial state, the same in every figure and in the trial table, so a failure reads the same
/// everywhere (matplotlib's default cycle, which plotly and ScottPlot users know).
/// </summary>
public static class StateColors
{
    /// <summary>The states in the order figures list them, each with its colour.</summary>
    public static IReadOnlyList<KeyValuePair<TrialState, string>> All { get; } =
    [
        new(TrialState.Complete, "#1f77b4"),
        new(TrialState.Pruned, "#ff7f0e"),
        new(TrialState.Failed, "#d62728"),
        new(TrialState.Running, "#2ca02c"),
        new(TrialState.Waiting, "#7f7f7f"),
    ];

    /// <summary>The colour of <paramref name="state"/> as <c>#rrggbb</c>.</summary>
    public static string Of(TrialState state)
    {
        foreach (KeyValuePair<TrialState, string> entry in All)
        {
            if (entry.Key == state)
            {
                return entry.Value;
            }
        }

        return "#7f7f7f";
    }
}
