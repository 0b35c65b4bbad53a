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

    /// <summary>
    /// On conditional spaces, decide the choices that switch branches first, each by a bandit over its values, and
    /// model the rest of each branch on that branch's own trials (see <see cref="BranchExploration"/>): each branch is
    /// searched before one is exploited, so a narrow basin in a branch whose random configurations score poorly is
    /// still found. Off, every parameter is modelled with one good/bad split over the whole study, as Optuna's TPE
    /// does (univariate, or by group with <see cref="Multivariate"/>). On, the global <see cref="StartupTrials"/> is
    /// replaced by the branches' own start-up (<see cref="MinTrialsPerBranch"/> trials per value of a switch) and a
    /// group's (its parameter count plus one trials, at most <see cref="StartupTrials"/>). The default sampler turns
    /// it on for conditional spaces.
    /// </summary>
    public bool Branching { get; init; }

    /// <summary>With <see cref="Branching"/>: the trials every value of a switch gets before the bandit chooses.</summary>
    public int MinTrialsPerBranch { get; init; } = 5;

    /// <summary>
    /// With <see cref="Branching"/>: the share of a branch's trials kept for exploring its switch's values; each of k
    /// values gets at least this share divided by k, whatever the bandit prefers (0.4: each of 4 model families gets
    /// at least 10% of the trials). A branch tried early, before the parameters it shares with others were learned,
    /// looks worse than it is; the share makes sure it is tried again with what was learned since.
    /// </summary>
    public double BranchExploration { get; init; } = 0.4;

    /// <summary>
    /// With <see cref="Branching"/>, on a space whose conditions all hang on choices and which has at most six leaves
    /// (assignments of every switch): until the study has this many complete trials, a Gaussian process per leaf
    /// chooses the leaf to search, by the largest expected improvement below the study's best value once every leaf has
    /// its start-up and exploration share, and proposes every other trial inside it. Expected improvement in the
    /// study's units separates a leaf that has reached its floor from one whose values vary widely, where the switch
    /// bandit sees only summaries of the values. 0 (the default) keeps to TPE; the default sampler sets 200, past
    /// which the per-leaf models cost more than they add. Without <see cref="Branching"/> it has no effect.
    /// </summary>
    public int LeafGaussianProcessTrials { get; init; }

    /// <summary>How many of <c>n</c> ranked trials form the good group; by default min(ceil(n / 10), 25).</summary>
    public Func<int, int> Gamma { get; init; } = n => Math.Min((int)Math.Ceiling(0.1 * n), 25);
}
