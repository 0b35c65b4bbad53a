using System;
using System.Collections.Generic;

namespace AttrTune.Pruners;

/// <summary>
/// Stops a trial whose best value so far is worse than the given percentile of the other completed trials' values
/// at the same step. <see cref="MedianPruner"/> is the 50th percentile.
/// </summary>
public class PercentilePruner : IPruner
{
    /// <summary>Creates the pruner.</summary>
    /// <param name="percentile">0 to 100: a trial survives if it is within the best <paramref name="percentile"/>% at its step (for minimisation, at or below the percentile).</param>
    /// <param name="startupTrials">Never prune until this many trials have completed.</param>
    /// <param name="warmupSteps">Never prune a trial at or before this step.</param>
    /// <param name="intervalSteps">Decide only every this many steps after the warm-up.</param>
    /// <param name="minimumTrials">Compare only when at least this many completed trials reported at the step.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range; the message says which.</exception>
    public PercentilePruner(double percentile, int startupTrials = 5, long warmupSteps = 0, long intervalSteps = 1, int minimumTrials = 1)
    {
        if (percentile is < 0 or > 100 || double.IsNaN(percentile))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be in [0, 100].");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(startupTrials);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumTrials, 1);
        PercentileValue = percentile;
        StartupTrials = startupTrials;
        WarmupSteps = warmupSteps;
        IntervalSteps = intervalSteps;
        MinimumTrials = minimumTrials;
    }

    /// <summary>The percentile a trial must stay within.</summary>
    public double PercentileValue { get; }

    /// <summary>Completed trials needed before any pruning.</summary>
    public int StartupTrials { get; }

    /// <summary>Steps at the start of each trial that are never pruned.</summary>
    public long WarmupSteps { get; }

    /// <summary>Decide only every this many steps after the warm-up.</summary>
    public long IntervalSteps { get; }

    /// <summary>Completed trials that must have reported at the step.</summary>
    public int MinimumTrials { get; }

    /// <inheritdoc />
    public bool ShouldPrune(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Trial.LastIntermediate is not { } last)
        {
            return false;
        }

        long step = last.Key;
        if (step <= WarmupSteps || (step - WarmupSteps) % IntervalSteps != 0)
        {
            return false;
        }

        int completed = 0;
        var others = new List<double>();
        foreach (FrozenTrial trial in context.Trials)
        {
            if (trial.State != TrialState.Complete || trial.Id == context.Trial.Id)
            {
                continue;
            }

            completed++;
            if (trial.IntermediateValues.TryGetValue(step, out double value) && double.IsFinite(value))
            {
                others.Add(value);
            }
        }

        if (completed < StartupTrials || others.Count < MinimumTrials)
        {
            return false;
        }

        double best = PrunerMath.BestUpTo(context.Trial, step, context.Direction)!.Value;
        if (double.IsNaN(best))
        {
            return true;
        }

        // For maximisation the best p% are the top p%, i.e. at or above the (100 - p)-th percentile.
        return context.Direction == StudyDirection.Minimize
            ? best > PrunerMath.Percentile(others, PercentileValue)
            : best < PrunerMath.Percentile(others, 100 - PercentileValue);
    }
}
