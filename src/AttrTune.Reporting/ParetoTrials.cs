using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.MultiObjective;

namespace AttrTune.Reporting;

/// <summary>
/// What a study with a metrics type (several objectives, constraints or both) has instead of one best value: which
/// trials hold usable values, which are feasible, the Pareto front, and for one objective with constraints the best
/// feasible trial. Read from stored trials only (<see cref="FrozenTrial.Values"/>, <see cref="FrozenTrial.ConstraintValues"/>),
/// so a tool without the metrics type reads a study as the study itself does.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
public static class ParetoTrials
{
    /// <summary>
    /// Whether <paramref name="trial"/> is a complete trial with every objective and constraint stored, objectives
    /// finite: the trials a front, a best and a metric plot can use. A NaN constraint is kept (it counts as infeasible).
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool HasValues(MetricsDescriptor metrics, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.State != TrialState.Complete || trial.Values.Length != metrics.Objectives.Count || trial.ConstraintValues.Length != metrics.Constraints.Count)
        {
            return false;
        }

        foreach (double value in trial.Values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether <paramref name="trial"/> keeps every constraint (<see cref="MetricsDescriptor.Violation"/> is 0); null
    /// when it has no usable values (<see cref="HasValues"/>): a running, pruned or failed trial is neither.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static bool? IsFeasible(MetricsDescriptor metrics, FrozenTrial trial) =>
        HasValues(metrics, trial) ? metrics.Violation(trial.ConstraintValues.AsSpan()) <= 0 : null;

    /// <summary>
    /// The Pareto front: the feasible trials with values that no other such trial dominates (as good in every
    /// objective, better in one, each objective in its own direction), in number order; trials with equal values are
    /// all kept. The same front as <c>Study&lt;TConfig, TMetrics&gt;.ParetoFront</c>. With one objective, the trials
    /// holding the best feasible value.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImmutableArray<FrozenTrial> Front(MetricsDescriptor metrics, IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trials);
        List<FrozenTrial> feasible = trials.Where(t => IsFeasible(metrics, t) == true).OrderBy(t => t.Number).ToList();
        var points = feasible.Select(t => metrics.ToMinimized(t.Values.AsSpan())).ToList();
        return Pareto.Front(points).Order().Select(i => feasible[i]).ToImmutableArray();
    }

    /// <summary>
    /// The best feasible trial by the first objective (the earliest of equal values), or null when no trial is
    /// complete and feasible. For a study with one objective and constraints this is its best trial; for several
    /// objectives there is no one best: read <see cref="Front"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static FrozenTrial? BestFeasible(MetricsDescriptor metrics, IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trials);
        StudyDirection direction = metrics.Directions[0];
        FrozenTrial? best = null;
        foreach (FrozenTrial trial in trials.OrderBy(t => t.Number))
        {
            if (IsFeasible(metrics, trial) == true && (best is null || direction.IsBetter(trial.Values[0], best.Values[0])))
            {
                best = trial;
            }
        }

        return best;
    }
}
