using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al., 2011), univariate, as in Optuna's TPE: trials are ranked,
/// the best <see cref="TpeOptions.Gamma"/> form l(x) and the rest g(x), and each parameter takes the candidate
/// (drawn from l) with the highest l(x) / g(x). Conditional structure comes from the generated space: parameters
/// are sampled parents first, each only where it is active, modelled on the trials where it was active.
/// Complete trials rank first by value, then pruned ones (more steps first, then by last value); running trials
/// count as the worst when <see cref="TpeOptions.ConstantLiar"/> is set. The estimators give the same densities as
/// Optuna's, checked case by case against Optuna itself; Optuna releases before 3.5 computed continuous kernels
/// without their 1/σ factor (optuna/optuna#5109), so results differ from those releases, not from current Optuna.
/// </summary>
public sealed partial class TpeSampler : ISampler
{
    private readonly TpeOptions _options;
    private readonly RandomSource _random;
    private readonly TrialValueCache _values = new();
    private readonly EvaluatedConfigurations _evaluated;
    private SearchSpaceDescriptor? _space;

    /// <summary>Creates a TPE sampler; the same seed gives the same proposals for the same trials.</summary>
    public TpeSampler(ulong? seed = null, TpeOptions? options = null)
    {
        _options = options ?? new TpeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.StartupTrials, nameof(TpeOptions.StartupTrials));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ExpectedImprovementCandidates, 1, nameof(TpeOptions.ExpectedImprovementCandidates));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MinTrialsPerBranch, nameof(TpeOptions.MinTrialsPerBranch));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.LeafGaussianProcessTrials, nameof(TpeOptions.LeafGaussianProcessTrials));
        if (!(_options.BranchExploration is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.BranchExploration, $"TpeOptions.BranchExploration is {_options.BranchExploration}; it must be in [0, 1).");
        }

        _random = seed is { } s ? new RandomSource(s) : new RandomSource();
        _evaluated = new EvaluatedConfigurations(_values);
    }

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        SampleProposal proposal = Propose(context);
        if (context.AllowRepeats)
        {
            return proposal;
        }

        // A good group concentrated on one choice or one integer proposes its configuration again and again.
        _evaluated.Refresh(context);
        return _evaluated.Distinct(context, proposal, () => Propose(context), _random);
    }

    private SampleProposal Propose(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        _space = space;

        var values = new double[space.Count];

        // Branching has its own start-up, per branch and per group: random trials before it would be spread over
        // the branches by chance, some getting none.
        if (_options.Branching && space.Parameters.Any(p => p.Condition is not null))
        {
            SampleBranches(context, space, values);
            return new SampleProposal(ParameterSet.Create(space, values));
        }

        List<FrozenTrial> ranked = Rank(context.Trials, context.Direction, out int scored);
        if (ranked.Count(t => t.State == TrialState.Complete) < Math.Max(1, _options.StartupTrials))
        {
            space.SampleValues(_random, values);
            return new SampleProposal(ParameterSet.Create(space, values));
        }

        int goodCount = Math.Clamp(_options.Gamma(scored), 1, Math.Max(1, scored));
        List<FrozenTrial> good = ranked.Take(goodCount).OrderBy(t => t.Number).ToList();
        List<FrozenTrial> bad = ranked.Skip(goodCount).OrderBy(t => t.Number).ToList();
        if (_options.Multivariate)
        {
            SampleGroups(space, good, bad, values);
        }
        else
        {
            foreach (ParameterDescriptor parameter in space.Parameters)
            {
                values[parameter.Index] = space.IsActive(parameter.Index, values) ? SampleParameter(parameter, good, bad) : double.NaN;
            }
        }

        return new SampleProposal(ParameterSet.Create(space, values));
    }

    // Complete trials by value, then pruned ones (more steps first, then by last value), then, as constant
    // liars, running ones. `scored` counts the ranked trials that have a score (complete and pruned).
    private List<FrozenTrial> Rank(IReadOnlyList<FrozenTrial> trials, StudyDirection direction, out int scored)
    {
        double Sign(double value) => direction == StudyDirection.Minimize ? value : -value;
        var complete = trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).OrderBy(t => Sign(t.Value!.Value)).ThenBy(t => t.Number);
        var pruned = trials.Where(t => t.State == TrialState.Pruned && t.LastIntermediate is not null)
            .OrderByDescending(t => t.LastIntermediate!.Value.Key).ThenBy(t => Sign(t.LastIntermediate!.Value.Value)).ThenBy(t => t.Number);
        var ranked = complete.Concat(pruned).ToList();
        scored = ranked.Count;
        if (_options.ConstantLiar)
        {
            ranked.AddRange(trials.Where(t => t.State == TrialState.Running).OrderBy(t => t.Number));
        }

        return ranked;
    }

    private double SampleParameter(ParameterDescriptor parameter, List<FrozenTrial> good, List<FrozenTrial> bad)
    {
        List<double> goodValues = Observed(parameter, good);
        List<double> badValues = Observed(parameter, bad);
        if (parameter.Distribution is CategoricalDistribution categorical)
        {
            var l = new CategoricalParzenEstimator(categorical.Count, goodValues, DefaultWeights(goodValues.Count), _options.PriorWeight);
            var g = new CategoricalParzenEstimator(categorical.Count, badValues, DefaultWeights(badValues.Count), _options.PriorWeight);
            int best = -1;
            double bestScore = double.NegativeInfinity;
            for (int i = 0; i < _options.ExpectedImprovementCandidates; i++)
            {
                int candidate = l.Sample(_random);
                double score = l.LogLikelihood(candidate) - g.LogLikelihood(candidate);
                if (score > bestScore)
                {
                    (best, bestScore) = (candidate, score);
                }
            }

            return best;
        }

        Scale scale = Scale.Of(parameter.Distribution);
        ParzenEstimator lower = NumericEstimator(scale, goodValues, _options.PriorWeight, _options.MagicClip);
        ParzenEstimator upper = NumericEstimator(scale, badValues, _options.PriorWeight, _options.MagicClip);
        double chosen = double.NaN;
        double chosenScore = double.NegativeInfinity;
        for (int i = 0; i < _options.ExpectedImprovementCandidates; i++)
        {
            double candidate = scale.Snap(lower.Sample(_random));
            double score = lower.LogLikelihood(candidate) - upper.LogLikelihood(candidate);
            if (score > chosenScore || double.IsNaN(chosen))
            {
                (chosen, chosenScore) = (candidate, score);
            }
        }

        return parameter.Distribution.Project(scale.FromModel(chosen));
    }

    /// <summary>A numeric parameter's estimator on observed internal values, in the parameter's model scale (<see cref="Scale.ToModel"/>).</summary>
    internal static ParzenEstimator NumericEstimator(Scale scale, List<double> observed, double priorWeight, bool magicClip) =>
        new(scale.Low, scale.High, scale.Bin, observed.ConvertAll(scale.ToModel), DefaultWeights(observed.Count), priorWeight, magicClip);

    private List<double> Observed(ParameterDescriptor parameter, List<FrozenTrial> trials)
    {
        var values = new List<double>(trials.Count);
        foreach (FrozenTrial trial in trials)
        {
            double value = _values.Of(_space!, trial)[parameter.Index];
            if (!double.IsNaN(value))
            {
                values.Add(value);
            }
        }

        return values;
    }

    // Optuna's default: equal weights for up to 25 observations; beyond, older ones fade linearly.
    internal static double[] DefaultWeights(int count)
    {
        var weights = new double[count];
        int ramp = Math.Max(0, count - 25);
        for (int i = 0; i < count; i++)
        {
            weights[i] = i >= ramp ? 1.0 : ramp == 1 ? 1.0 / count : 1.0 / count + (1.0 - 1.0 / count) * i / (ramp - 1);
        }

        return weights;
    }

    /// <summary>Where a parameter is modelled: log scale for log ranges; discrete ones widened by half a bin each side.</summary>
    internal readonly record struct Scale(double Low, double High, double Bin, bool Log, double Origin, double Step)
    {
        public static Scale Of(Distribution distribution) => distribution switch
        {
            FloatDistribution { IsLog: true } f => new Scale(Math.Log(f.Low), Math.Log(f.High), 0, true, 0, 0),
            FloatDistribution { Step: > 0 } f => new Scale(f.Low - 0.5 * f.Step, f.High + 0.5 * f.Step, f.Step, false, f.Low, f.Step),
            FloatDistribution f => new Scale(f.Low, f.High, 0, false, 0, 0),
            IntDistribution { IsLog: true } i => new Scale(Math.Log(i.Low - 0.5), Math.Log(i.High + 0.5), 0, true, 0, 1),
            IntDistribution i => new Scale(i.Low - 0.5 * i.Step, i.High + 0.5 * i.Step, i.Step, false, i.Low, i.Step),
            _ => throw new ArgumentException($"No numeric scale for {distribution}.", nameof(distribution)),
        };

        public double ToModel(double value) => Log ? Math.Log(value) : value;

        public double FromModel(double value) => Log ? Math.Exp(value) : value;

        // Candidates are scored where they will be proposed: linear discrete parameters on their grid, log integers
        // at the log of the rounded integer (as Optuna scores them).
        public double Snap(double value) => Bin > 0 ? Origin + Step * Math.Round((value - Origin) / Step)
            : Log && Step > 0 ? Math.Log(Math.Clamp(Math.Round(Math.Exp(value)), Math.Round(Math.Exp(Low) + 0.5), Math.Round(Math.Exp(High) - 0.5)))
            : value;
    }
}
