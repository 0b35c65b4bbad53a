namespace AttrTune.MultiObjective;

/// <summary>
/// The default sampler of a study whose objective returns a metrics type, chosen by measurement (docs/benchmarks.md,
/// "Several objectives and constraints"): with several objectives, multivariate MOTPE for the first
/// <see cref="SwitchAfter"/> trials and NSGA-II after, seeded by the whole history; with one constrained objective,
/// constrained TPE.
/// </summary>
public sealed class AutoMultiObjectiveSampler : MultiObjectiveSamplerBase
{
    private AutoMultiObjectiveCore? _core;

    /// <summary>Creates the sampler; without a seed, each run differs.</summary>
    public AutoMultiObjectiveSampler(ulong? seed = null)
        : base(seed)
    {
    }

    /// <summary>Trials after which a study with several objectives moves from MOTPE to NSGA-II (null: never).</summary>
    public int? SwitchAfter { get; init; } = 300;

    private protected override IMultiObjectiveCore Core => _core ??= new AutoMultiObjectiveCore { SwitchAfter = SwitchAfter };
}
