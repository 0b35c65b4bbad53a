using System;
using System.Collections.Generic;

namespace AttrTune;

/// <summary>What a pruner sees: the running trial with its reports so far, the study's trials and the direction.</summary>
public sealed class PrunerContext
{
    private readonly Func<IReadOnlyList<FrozenTrial>> _trials;
    private IReadOnlyList<FrozenTrial>? _snapshot;

    /// <summary>Creates a context; <paramref name="trials"/> is read once, and only if the pruner asks.</summary>
    public PrunerContext(FrozenTrial trial, StudyDirection direction, Func<IReadOnlyList<FrozenTrial>> trials)
    {
        Trial = trial;
        Direction = direction;
        _trials = trials;
    }

    /// <summary>The trial being decided, with its intermediate values.</summary>
    public FrozenTrial Trial { get; }

    /// <summary>Whether smaller or larger values are better.</summary>
    public StudyDirection Direction { get; }

    /// <summary>A snapshot of the study's trials (all states, the current one included).</summary>
    public IReadOnlyList<FrozenTrial> Trials => _snapshot ??= _trials();
}

/// <summary>
/// Decides whether a running trial should stop early, from its intermediate values and the other trials'.
/// Objectives ask through <see cref="Trial.ShouldPrune"/> after each <see cref="Trial.Report"/> and stop by
/// throwing <see cref="TrialPrunedException"/>; the trial is recorded as pruned with its last value.
/// </summary>
/// <remarks>
/// Pruners in this library are stateless: every decision is derived from the stored trials, so it is the same in
/// every process sharing a study and after a resume. They are thread-safe.
/// </remarks>
public interface IPruner
{
    /// <summary>Whether the trial should stop now.</summary>
    bool ShouldPrune(PrunerContext context);
}

/// <summary>Helpers shared by the pruners.</summary>
internal static class PrunerMath
{
    /// <summary>The trial's best intermediate value up to and including <paramref name="step"/>.</summary>
    public static double? BestUpTo(FrozenTrial trial, long step, StudyDirection direction)
    {
        double? best = null;
        foreach ((long s, double value) in trial.IntermediateValues)
        {
            if (s > step)
            {
                break;
            }

            if (best is null || direction.IsBetter(value, best.Value))
            {
                best = value;
            }
        }

        return best;
    }

    /// <summary>The <paramref name="percentile"/>-th percentile (0..100) by linear interpolation, as numpy does.</summary>
    public static double Percentile(List<double> values, double percentile)
    {
        values.Sort();
        double position = percentile / 100 * (values.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, values.Count - 1);
        return values[lower] + (position - lower) * (values[upper] - values[lower]);
    }
}
