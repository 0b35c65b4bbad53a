using System;
using System.Linq;

namespace AttrTune;

/// <summary>
/// The default sampler of a study: it picks a strategy from the shape of the space and switches as the study grows,
/// so users get a good search without knowing the algorithms. The rules, and the benchmark behind them
/// (docs/benchmarks.md, "Search quality"):
/// <list type="bullet">
/// <item>Conditional spaces, or spaces where most parameters are choices: multivariate TPE, which models the
/// conditional structure directly.</item>
/// <item>Up to <see cref="AutoSamplerOptions.GaussianProcessDimensions"/> numeric parameters and no choices: a Sobol
/// start, then GP Bayesian optimisation, which is the most sample-efficient on small smooth spaces; after
/// <see cref="AutoSamplerOptions.GaussianProcessTrials"/> complete trials, CMA-ES (with GP pre-screening) started at
/// the best trial with a small step refines it at a fraction of the GP's cost per trial.</item>
/// <item>Otherwise (larger or mixed spaces): CMA-ES with GP pre-screening from the first trial, restarting with a
/// larger population when it stagnates.</item>
/// </list>
/// </summary>
public sealed class AutoSampler : ISampler
{
    private readonly AutoSamplerOptions _options;
    private readonly RandomSource _random;
    private ISampler? _early;
    private ISampler? _late;
    private string? _fingerprint;
    private Strategy _strategy;

    /// <summary>Creates the default sampler; the same seed gives the same proposals for the same trials.</summary>
    public AutoSampler(ulong? seed = null, AutoSamplerOptions? options = null)
    {
        _options = options ?? new AutoSamplerOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.GaussianProcessDimensions, nameof(AutoSamplerOptions.GaussianProcessDimensions));
        ArgumentOutOfRangeException.ThrowIfNegative(_options.GaussianProcessTrials, nameof(AutoSamplerOptions.GaussianProcessTrials));
        _random = seed is { } s ? new RandomSource(s) : new RandomSource();
    }

    /// <summary>The strategy chosen for the space (after the first proposal).</summary>
    public string StrategyName => _strategy.ToString();

    private enum Strategy
    {
        None,
        Tpe,
        GaussianProcessThenCmaEs,
        CmaEs,
    }

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context) => Current(context).Sample(context);

    /// <inheritdoc />
    public void OnTrialStarted(SamplerContext context, FrozenTrial trial) => Current(context).OnTrialStarted(context, trial);

    /// <inheritdoc />
    public void OnTrialFinished(SamplerContext context, FrozenTrial trial) => Current(context).OnTrialFinished(context, trial);

    private ISampler Current(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        if (_fingerprint != space.Fingerprint)
        {
            _fingerprint = space.Fingerprint;
            _strategy = Choose(space);
            ulong seed = _random.NextUInt64();
            (_early, _late) = _strategy switch
            {
                Strategy.Tpe => ((ISampler)new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = true }), (ISampler?)null),
                Strategy.GaussianProcessThenCmaEs => (new GpSampler(seed), new CmaEsSampler(seed + 1, new CmaEsOptions { InitialSigma = _options.RefinementSigma, SurrogateCandidates = _options.SurrogateCandidates })),
                _ => (new CmaEsSampler(seed, new CmaEsOptions { SurrogateCandidates = _options.SurrogateCandidates }), null),
            };
        }

        if (_late is not null && context.Trials.Count(t => t.State == TrialState.Complete) >= _options.GaussianProcessTrials)
        {
            return _late;
        }

        return _early!;
    }

    private Strategy Choose(SearchSpaceDescriptor space)
    {
        int choices = space.Parameters.Count(p => p.Distribution is CategoricalDistribution);
        bool conditional = space.Parameters.Any(p => p.Condition is not null);
        if (conditional || choices * 2 > space.Count)
        {
            return Strategy.Tpe;
        }

        if (choices == 0 && space.Count <= _options.GaussianProcessDimensions)
        {
            return Strategy.GaussianProcessThenCmaEs;
        }

        return Strategy.CmaEs;
    }
}

/// <summary>Settings of <see cref="AutoSampler"/>; the defaults are the ones measured in docs/benchmarks.md.</summary>
public sealed record AutoSamplerOptions
{
    /// <summary>Spaces of at most this many numeric parameters (and no choices) start with GP Bayesian optimisation.</summary>
    public int GaussianProcessDimensions { get; init; } = 6;

    /// <summary>Complete trials after which a GP-driven study switches to CMA-ES refinement.</summary>
    public int GaussianProcessTrials { get; init; } = 100;

    /// <summary>The CMA-ES step size (on the unit cube) when it takes over from the GP at the best trial.</summary>
    public double RefinementSigma { get; init; } = 0.05;

    /// <summary>Candidates the GP pre-screens per CMA-ES proposal (see <see cref="CmaEsOptions.SurrogateCandidates"/>).</summary>
    public int SurrogateCandidates { get; init; } = 10;
}
