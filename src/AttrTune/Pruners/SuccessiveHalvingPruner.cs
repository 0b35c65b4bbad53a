using System;
using System.Collections.Generic;

namespace AttrTune.Pruners;

/// <summary>
/// Asynchronous successive halving (ASHA). Rungs sit at steps <c>minResource * reductionFactor^(rate + k)</c>;
/// when a trial first reports at or past a rung, it goes on only if its value there is in the best
/// <c>1 / reductionFactor</c> of all trials that reached that rung so far (the first trials at a rung, too few to
/// rank, must be the best of them). Trials are never paused: promotion happens as soon as a trial qualifies.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    private readonly Func<FrozenTrial, bool>? _competes;

    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">The step of the first rung (before the early-stopping rate).</param>
    /// <param name="reductionFactor">η: one in η trials is promoted at each rung.</param>
    /// <param name="minEarlyStoppingRate">Skips the first rungs: the first rung is at <c>minResource * η^rate</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public SuccessiveHalvingPruner(long minResource = 1, int reductionFactor = 4, int minEarlyStoppingRate = 0)
        : this(minResource, reductionFactor, minEarlyStoppingRate, null)
    {
    }

    internal SuccessiveHalvingPruner(long minResource, int reductionFactor, int minEarlyStoppingRate, Func<FrozenTrial, bool>? competes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(minEarlyStoppingRate);
        MinResource = minResource;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
        _competes = competes;
    }

    /// <summary>The base step of the rungs.</summary>
    public long MinResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>How many rungs are skipped.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <summary>The step of rung <paramref name="rung"/> (0-based), saturating at <see cref="long.MaxValue"/>.</summary>
    public long RungStep(int rung)
    {
        long step = MinResource;
        for (int i = 0; i < MinEarlyStoppingRate + rung; i++)
        {
            if (step > long.MaxValue / ReductionFactor)
            {
                return long.MaxValue;
            }

            step *= ReductionFactor;
        }

        return step;
    }

    /// <inheritdoc />
    public bool ShouldPrune(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Trial.LastIntermediate is not { } last)
        {
            return false;
        }

        // The highest rung the trial has reached.
        int rung = -1;
        while (RungStep(rung + 1) <= last.Key && RungStep(rung + 1) != long.MaxValue)
        {
            rung++;
        }

        if (rung < 0)
        {
            return false;
        }

        // Decide once, at the report that reached the rung; reports between rungs do not re-decide.
        long rungStep = RungStep(rung);
        if (FirstStepAtOrAfter(context.Trial, rungStep) != last.Key)
        {
            return false;
        }

        var competing = new List<double>();
        foreach (FrozenTrial trial in context.Trials)
        {
            if (trial.Id != context.Trial.Id && (_competes is null || _competes(trial)) && ValueAtRung(trial, rungStep) is { } value)
            {
                competing.Add(value);
            }
        }

        competing.Add(last.Value);
        return !IsPromotable(last.Value, competing, ReductionFactor, context.Direction);
    }

    /// <summary>The value a trial had when it reached the rung: at its first report at or after the rung step.</summary>
    internal static double? ValueAtRung(FrozenTrial trial, long rungStep)
    {
        foreach ((long step, double value) in trial.IntermediateValues)
        {
            if (step >= rungStep)
            {
                return value;
            }
        }

        return null;
    }

    internal static bool IsPromotable(double value, List<double> competing, int reductionFactor, StudyDirection direction)
    {
        if (double.IsNaN(value))
        {
            return false;
        }

        // The best len / η values go on; while fewer than η trials reached the rung, only the best of them does.
        int promoted = Math.Max(1, competing.Count / reductionFactor);
        competing.Sort();
        return direction == StudyDirection.Minimize
            ? value <= competing[promoted - 1]
            : value >= competing[competing.Count - promoted];
    }

    private static long? FirstStepAtOrAfter(FrozenTrial trial, long step)
    {
        foreach (long reported in trial.IntermediateValues.Keys)
        {
            if (reported >= step)
            {
                return reported;
            }
        }

        return null;
    }
}
