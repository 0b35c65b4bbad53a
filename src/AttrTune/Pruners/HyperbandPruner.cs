using System;

namespace AttrTune.Pruners;

/// <summary>
/// Hyperband over ASHA: trials are spread over brackets that stop early at different rates (from "first rung at
/// the minimum resource" to "no early stopping before the maximum"), so a wrong guess of how early a learning
/// curve is informative costs only part of the budget. Trials compete only within their bracket. The bracket of a
/// trial follows from its number, so every process agrees on it.
/// </summary>
public sealed class HyperbandPruner : IPruner
{
    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly int[] _budgets;
    private readonly int _totalBudget;

    /// <summary>Creates the pruner.</summary>
    /// <param name="minResource">The smallest number of steps a trial runs.</param>
    /// <param name="maxResource">The number of steps of a trial that is never stopped.</param>
    /// <param name="reductionFactor">η.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public HyperbandPruner(long minResource, long maxResource, int reductionFactor = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minResource, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(reductionFactor, 2);
        if (maxResource < minResource)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResource), maxResource, $"maxResource must be at least minResource ({minResource}).");
        }

        MinResource = minResource;
        MaxResource = maxResource;
        ReductionFactor = reductionFactor;
        int s = 0;
        for (double ratio = (double)maxResource / minResource; ratio >= reductionFactor; ratio /= reductionFactor)
        {
            s++;
        }

        BracketCount = s + 1;
        _brackets = new SuccessiveHalvingPruner[BracketCount];
        _budgets = new int[BracketCount];
        for (int rate = 0; rate < BracketCount; rate++)
        {
            int index = rate;
            _brackets[rate] = new SuccessiveHalvingPruner(minResource, reductionFactor, rate, trial => BracketOf(trial.Number) == index);

            // Hyperband's n = ceil((S + 1) / (s + 1) * η^s) configurations for the bracket with s = S - rate.
            int hyperbandS = s - rate;
            _budgets[rate] = (int)Math.Ceiling((s + 1.0) / (hyperbandS + 1) * Math.Pow(reductionFactor, hyperbandS));
            _totalBudget += _budgets[rate];
        }
    }

    /// <summary>The smallest number of steps a trial runs.</summary>
    public long MinResource { get; }

    /// <summary>The steps of a trial that is never stopped.</summary>
    public long MaxResource { get; }

    /// <summary>η.</summary>
    public int ReductionFactor { get; }

    /// <summary>The number of brackets.</summary>
    public int BracketCount { get; }

    /// <summary>The bracket (its early-stopping rate) of the trial numbered <paramref name="trialNumber"/>.</summary>
    public int BracketOf(int trialNumber)
    {
        // The golden-ratio (Weyl) sequence spreads any run of consecutive trials over the brackets in proportion to
        // their budgets; numbering the slots in order would put a small study entirely in the first bracket.
        double fraction = trialNumber * 0.6180339887498949 % 1.0;
        int slot = Math.Min(_totalBudget - 1, (int)(fraction * _totalBudget));
        for (int rate = 0; rate < BracketCount; rate++)
        {
            if (slot < _budgets[rate])
            {
                return rate;
            }

            slot -= _budgets[rate];
        }

        return BracketCount - 1;
    }

    /// <inheritdoc />
    public bool ShouldPrune(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _brackets[BracketOf(context.Trial.Number)].ShouldPrune(context);
    }
}
