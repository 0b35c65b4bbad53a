namespace AttrTune.MultiObjective;

/// <summary>
/// NSGA-II (Deb et al., 2002): generations of <see cref="PopulationSize"/> trials; parents chosen by non-dominated rank
/// and crowding distance, with Deb's constrained domination when the study has constraints; simulated binary crossover
/// on numeric parameters, uniform crossover on choices, polynomial mutation. Strong once a study has a few hundred
/// trials; the default (<see cref="AutoMultiObjectiveSampler"/>) moves to it after 300.
/// </summary>
public sealed class NsgaIISampler : MultiObjectiveSamplerBase
{
    private NsgaIICore? _core;

    /// <summary>Creates the sampler; without a seed, each run differs.</summary>
    public NsgaIISampler(ulong? seed = null)
        : base(seed)
    {
    }

    /// <summary>Trials per generation (Optuna's default is 50; 20 measured better at a few hundred trials).</summary>
    public int PopulationSize { get; init; } = 20;

    /// <summary>The probability that a child is a crossover of two parents rather than a copy of one.</summary>
    public double CrossoverProbability { get; init; } = 0.9;

    private protected override IMultiObjectiveCore Core => _core ??= new NsgaIICore
    {
        PopulationSize = PopulationSize >= 2 ? PopulationSize : throw new System.ArgumentOutOfRangeException(nameof(PopulationSize), PopulationSize, "NsgaIISampler.PopulationSize must be at least 2."),
        CrossoverProbability = CrossoverProbability is >= 0 and <= 1 ? CrossoverProbability : throw new System.ArgumentOutOfRangeException(nameof(CrossoverProbability), CrossoverProbability, "NsgaIISampler.CrossoverProbability must be in [0, 1]."),
    };
}
