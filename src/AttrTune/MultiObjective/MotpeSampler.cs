namespace AttrTune.MultiObjective;

/// <summary>
/// Multi-objective TPE (Ozaki et al., 2020, as in Optuna 3.x): the good set is the trials of the best non-dominated
/// ranks, weighted by their hypervolume contribution; with constraints, feasible trials are preferred (c-TPE style).
/// Strong on small budgets; one objective with constraints is constrained TPE.
/// </summary>
public sealed class MotpeSampler : MultiObjectiveSamplerBase
{
    private MotpeCore? _core;

    /// <summary>Creates the sampler; without a seed, each run differs.</summary>
    public MotpeSampler(ulong? seed = null)
        : base(seed)
    {
    }

    /// <summary>Random trials before the model is used.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Model the parameters jointly (a product kernel) instead of one at a time.</summary>
    public bool Multivariate { get; init; }

    private protected override IMultiObjectiveCore Core => _core ??= new MotpeCore
    {
        StartupTrials = StartupTrials >= 0 ? StartupTrials : throw new System.ArgumentOutOfRangeException(nameof(StartupTrials), StartupTrials, "MotpeSampler.StartupTrials must not be negative."),
        Multivariate = Multivariate,
    };
}
