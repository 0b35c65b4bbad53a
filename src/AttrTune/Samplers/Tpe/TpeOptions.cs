using System;

namespace AttrTune.Samplers;

/// <summary>Settings of <see cref="TpeSampler"/> (defaults as Optuna's TPE).</summary>
public sealed record TpeOptions
{
    /// <summary>Random trials before the model is used.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from the good-trial model; the one with the best likelihood ratio is proposed.</summary>
    public int ExpectedImprovementCandidates { get; init; } = 24;

    /// <summary>The weight of the broad prior kernel in each estimator.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Clip kernel widths from below relative to the range (Optuna's "magic clip").</summary>
    public bool MagicClip { get; init; } = true;

    /// <summary>Count running trials as bad ones, so parallel workers spread out instead of proposing the same point.</summary>
    public bool ConstantLiar { get; init; }

    /// <summary>
    /// Model the parameters jointly (Falkner et al.'s multivariate TPE, as Optuna's <c>multivariate=True</c>): each
    /// kernel spans all parameters of a group, so correlations between parameters are kept. Groups are the
    /// parameters that are active under the same condition, known from the generated space; a conditional group is
    /// modelled on the trials where it was active, after its parents were sampled.
    /// </summary>
    public bool Multivariate { get; init; }

    /// <summary>How many of <c>n</c> ranked trials form the good group; by default min(ceil(n / 10), 25).</summary>
    public Func<int, int> Gamma { get; init; } = n => Math.Min((int)Math.Ceiling(0.1 * n), 25);
}
