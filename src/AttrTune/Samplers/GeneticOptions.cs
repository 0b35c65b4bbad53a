namespace AttrTune.Samplers;

/// <summary>Settings of <see cref="GeneticSampler"/>.</summary>
public sealed record GeneticOptions
{
    /// <summary>
    /// The population: the best this many complete trials of the study (an elitist, steady-state population, so it
    /// survives restarts and is shared by parallel workers through storage). The first this many trials are Sobol points.
    /// </summary>
    public int PopulationSize { get; init; } = 20;

    /// <summary>How parents are chosen.</summary>
    public ISelection Selection { get; init; } = new TournamentSelection(2);

    /// <summary>How two parents combine.</summary>
    public ICrossover Crossover { get; init; } = new SimulatedBinaryCrossover();

    /// <summary>How a child is perturbed.</summary>
    public IMutation Mutation { get; init; } = new GaussianMutation();

    /// <summary>The probability that a child is produced by crossover (otherwise it is a copy of one parent, then mutated).</summary>
    public double CrossoverProbability { get; init; } = 0.9;
}
