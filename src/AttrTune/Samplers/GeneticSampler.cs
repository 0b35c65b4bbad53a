using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

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
    private readonly EvaluatedConfigurations _evaluated = new();
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

        // Ten children in a row already tried: the population has converged on the discrete part of the space.
        if (!context.AllowRepeats && _seenPoints.Contains(child!))
        {
            _evaluated.Refresh(context);
            if (_evaluated.Contains(child!) && _evaluated.Unevaluated(space, _random) is { } fresh)
            {
                return new SampleProposal(fresh);
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
