using System;
using System.Collections.Generic;
using System.Linq;

namespace AttrTune;

/// <summary>The shape of a genome: which genes are choices (and how many), the rest being unit-cube coordinates.</summary>
public sealed class GeneLayout
{
    internal GeneLayout(bool[] isChoice, int[] choiceCounts)
    {
        IsChoice = isChoice;
        ChoiceCounts = choiceCounts;
    }

    /// <summary>Whether gene k is a choice index (otherwise a coordinate in [0, 1]).</summary>
    public IReadOnlyList<bool> IsChoice { get; }

    /// <summary>The number of choices of gene k (0 for coordinates).</summary>
    public IReadOnlyList<int> ChoiceCounts { get; }

    /// <summary>The number of genes.</summary>
    public int Count => IsChoice.Count;
}

/// <summary>One member of a genetic population: its genes and its value (smaller is better, whatever the direction).</summary>
/// <param name="Genes">Choice indices and unit-cube coordinates.</param>
/// <param name="Score">The objective value, negated for maximisation.</param>
public sealed record Individual(double[] Genes, double Score);

/// <summary>Chooses a parent from the population.</summary>
public interface ISelection
{
    /// <summary>One parent.</summary>
    Individual Select(IReadOnlyList<Individual> population, RandomSource random);
}

/// <summary>Combines two parents into a child.</summary>
public interface ICrossover
{
    /// <summary>A child of <paramref name="first"/> and <paramref name="second"/> (a new array).</summary>
    double[] Cross(double[] first, double[] second, GeneLayout layout, RandomSource random);
}

/// <summary>Changes a child in place.</summary>
public interface IMutation
{
    /// <summary>Mutates <paramref name="genes"/> in place.</summary>
    void Mutate(double[] genes, GeneLayout layout, RandomSource random);
}

/// <summary>Tournament selection: the best of <see cref="Size"/> members drawn at random.</summary>
/// <param name="Size">The tournament size; larger means more selection pressure.</param>
public sealed record TournamentSelection(int Size = 2) : ISelection
{
    /// <inheritdoc />
    public Individual Select(IReadOnlyList<Individual> population, RandomSource random)
    {
        Individual best = population[random.NextInt32(population.Count)];
        for (int i = 1; i < Size; i++)
        {
            Individual other = population[random.NextInt32(population.Count)];
            if (other.Score < best.Score)
            {
                best = other;
            }
        }

        return best;
    }
}

/// <summary>Crossovers that treat each coordinate gene by a rule of their own and take choices from either parent.</summary>
public abstract record CoordinateCrossover : ICrossover
{
    /// <inheritdoc />
    public double[] Cross(double[] first, double[] second, GeneLayout layout, RandomSource random)
    {
        var child = new double[first.Length];
        for (int k = 0; k < child.Length; k++)
        {
            child[k] = layout.IsChoice[k]
                ? (random.NextDouble() < 0.5 ? first[k] : second[k])
                : Math.Clamp(CrossCoordinate(first[k], second[k], random), 0, 1);
        }

        return child;
    }

    /// <summary>A child coordinate from the parents' coordinates (clamped to [0, 1] by the caller).</summary>
    protected abstract double CrossCoordinate(double first, double second, RandomSource random);
}

/// <summary>Uniform crossover: each gene from either parent with equal probability.</summary>
public sealed record UniformCrossover : ICrossover
{
    /// <inheritdoc />
    public double[] Cross(double[] first, double[] second, GeneLayout layout, RandomSource random)
    {
        var child = new double[first.Length];
        for (int k = 0; k < child.Length; k++)
        {
            child[k] = random.NextDouble() < 0.5 ? first[k] : second[k];
        }

        return child;
    }
}

/// <summary>
/// Blend crossover (BLX-α, Eshelman and Schaffer 1993) on coordinates: each gene uniform on the parents' interval
/// widened by α on both sides; choices are taken from either parent.
/// </summary>
/// <param name="Alpha">How far beyond the parents' interval children may land, as a fraction of its width.</param>
public sealed record BlendCrossover(double Alpha = 0.5) : CoordinateCrossover
{
    /// <inheritdoc />
    protected override double CrossCoordinate(double first, double second, RandomSource random)
    {
        double low = Math.Min(first, second);
        double width = Math.Max(first, second) - low;
        return low - Alpha * width + random.NextDouble() * (1 + 2 * Alpha) * width;
    }
}

/// <summary>
/// Simulated binary crossover (SBX, Deb and Agrawal 1995) on coordinates: children spread around the parents with a
/// polynomial distribution whose concentration is <see cref="Eta"/>; choices come from either parent.
/// </summary>
/// <param name="Eta">Larger values keep children closer to their parents.</param>
public sealed record SimulatedBinaryCrossover(double Eta = 15) : CoordinateCrossover
{
    /// <inheritdoc />
    protected override double CrossCoordinate(double first, double second, RandomSource random)
    {
        double u = random.NextDouble();
        double beta = u <= 0.5 ? Math.Pow(2 * u, 1 / (Eta + 1)) : Math.Pow(1 / (2 * (1 - u)), 1 / (Eta + 1));
        double sign = random.NextDouble() < 0.5 ? 1 : -1;
        return 0.5 * (first + second) + sign * 0.5 * beta * Math.Abs(first - second);
    }
}

/// <summary>
/// Per-gene mutation with probability <see cref="Probability"/> (by default 1 / genes): coordinates move by a normal
/// step of <see cref="Scale"/> (reflected into the cube), choices are redrawn uniformly.
/// </summary>
/// <param name="Scale">The standard deviation of a coordinate's step on the unit cube.</param>
/// <param name="Probability">The per-gene mutation probability; null for 1 / genes.</param>
public sealed record GaussianMutation(double Scale = 0.1, double? Probability = null) : IMutation
{
    /// <inheritdoc />
    public void Mutate(double[] genes, GeneLayout layout, RandomSource random)
    {
        double probability = Probability ?? 1.0 / Math.Max(1, genes.Length);
        for (int k = 0; k < genes.Length; k++)
        {
            if (random.NextDouble() >= probability)
            {
                continue;
            }

            if (layout.IsChoice[k])
            {
                genes[k] = random.NextInt32(layout.ChoiceCounts[k]);
                continue;
            }

            double moved = genes[k] + Scale * random.NextGaussian();
            moved = moved < 0 ? -moved : moved > 1 ? 2 - moved : moved;
            genes[k] = Math.Clamp(moved, 0, 1);
        }
    }
}

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

/// <summary>
/// A steady-state genetic algorithm for mixed and categorical spaces: the population is the best trials so far,
/// parents are selected, crossed and mutated by the strategies of <see cref="GeneticOptions"/>, and the child is
/// snapped to the space (integers and steps to their bins, conditional parameters to their branch). A child equal to a
/// trial already run is mutated again (a few times) so the budget is not spent twice on one point.
/// </summary>
public sealed class GeneticSampler : ISampler
{
    private readonly GeneticOptions _options;
    private readonly RandomSource _random;
    private readonly SobolSampler _startup;
    private readonly TrialValueCache _values = new();
    private readonly HashSet<long> _seenTrials = new();
    private readonly HashSet<ParameterSet> _seenPoints = new();

    /// <summary>Creates a genetic sampler; the same seed gives the same proposals for the same trials.</summary>
    public GeneticSampler(ulong? seed = null, GeneticOptions? options = null)
    {
        _options = options ?? new GeneticOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PopulationSize, 2, nameof(GeneticOptions.PopulationSize));
        ArgumentNullException.ThrowIfNull(_options.Selection, nameof(GeneticOptions.Selection));
        ArgumentNullException.ThrowIfNull(_options.Crossover, nameof(GeneticOptions.Crossover));
        ArgumentNullException.ThrowIfNull(_options.Mutation, nameof(GeneticOptions.Mutation));
        if (!(_options.CrossoverProbability >= 0 && _options.CrossoverProbability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(GeneticOptions.CrossoverProbability), _options.CrossoverProbability, "GeneticOptions.CrossoverProbability must be in [0, 1].");
        }

        _random = seed is { } s ? new RandomSource(s) : new RandomSource();
        _startup = new SobolSampler(_random.NextUInt64());
    }

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        var encoding = UnitEncoding.Of(space);
        var layout = new GeneLayout(encoding.Categorical, encoding.ChoiceCounts);
        var complete = context.Trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();
        if (complete.Count < _options.PopulationSize || space.Count == 0)
        {
            return _startup.Sample(context);
        }

        double sign = context.Direction == StudyDirection.Minimize ? 1 : -1;
        List<Individual> population = complete.OrderBy(t => sign * t.Value!.Value).ThenBy(t => t.Number).Take(_options.PopulationSize)
            .Select(t => new Individual(GenesOf(encoding, t), sign * t.Value!.Value)).ToList();
        foreach (FrozenTrial trial in context.Trials)
        {
            if (_seenTrials.Add(trial.Id))
            {
                _seenPoints.Add(ParameterSet.Create(space, _values.Of(space, trial)));
            }
        }

        ParameterSet? child = null;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double[] first = _options.Selection.Select(population, _random).Genes;
            double[] second = _options.Selection.Select(population, _random).Genes;
            double[] genes = _random.NextDouble() < _options.CrossoverProbability
                ? _options.Crossover.Cross(first, second, layout, _random)
                : (double[])first.Clone();
            _options.Mutation.Mutate(genes, layout, _random);
            child = ParameterSet.Create(space, encoding.Decode(genes));
            if (!_seenPoints.Contains(child))
            {
                break;
            }
        }

        return new SampleProposal(child!);
    }

    // Inactive choices are given a random choice so crossover can move them into an active branch meaningfully.
    private double[] GenesOf(UnitEncoding encoding, FrozenTrial trial)
    {
        double[] genes = encoding.EncodeValues(_values.Of(encoding.Space, trial));
        for (int k = 0; k < genes.Length; k++)
        {
            if (encoding.Categorical[k] && genes[k] < 0)
            {
                genes[k] = _random.NextInt32(encoding.ChoiceCounts[k]);
            }
        }

        return genes;
    }
}
