using System;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// The default sampler of a study: it picks a strategy from the shape of the space, so users get a good search
/// without knowing the algorithms. The rules, and the benchmark behind them (docs/benchmarks.md, "Search quality"):
/// <list type="bullet">
/// <item>Conditional spaces: TPE that decides the branch-switching choices first, giving every branch trials before it
/// exploits one, and searches each branch with a model of its own trials; while the study has fewer than 200 complete
/// trials and the space at most six leaves, a Gaussian process per leaf chooses the leaf by expected improvement and
/// proposes every other trial inside it (<see cref="AutoSamplerRoute.BranchingTpe"/>,
/// <see cref="TpeOptions.LeafGaussianProcessTrials"/>).</item>
/// <item>Spaces where most parameters are choices: multivariate TPE.</item>
/// <item>Every other space (numeric, or mixed with a few choices): CMA-ES whose every proposal is the best of
/// <see cref="AutoSamplerOptions.SurrogateCandidates"/> draws by a Gaussian process of the recent trials, the draws'
/// steps shortened by random factors down to a quarter (<see cref="CmaEsOptions.SurrogateShortestStep"/>) so the model
/// picks the step length too. Of the routes measured (GP alone, GP then CMA-ES, plain and screened CMA-ES, TPE), it is
/// the only one below Optuna's best sampler in every problem-and-budget cell, and it never left a seed in a
/// second-best basin the way the GP did on hartmann6; a few milliseconds per trial.</item>
/// <item>Spaces of more than <see cref="AutoSamplerOptions.MaxSurrogateParameters"/> (64) parameters: plain CMA-ES,
/// because the Gaussian process's screening costs too much there (1.4 s per trial at 300 parameters).</item>
/// </list>
/// The budget does not change the route: the same one measured best at 50 and at 200 trials, so there is no trial
/// count to switch at. What does change with the number of trials happens inside the route: the surrogate is refitted
/// less often and sees only the 300 most recent trials, CMA-ES restarts with a larger population when it stagnates,
/// and a conditional space's leaf models give way to the switch bandit after 200 trials.
/// </summary>
public sealed class AutoSampler : ISampler
{
    private readonly AutoSamplerOptions _options;
    private readonly RandomSource _random;
    private ISampler? _sampler;

    /// <summary>The sampler the route chose, once the first proposal was asked for (the study logs its restarts).</summary>
    internal ISampler? Inner => _sampler;
    private string? _fingerprint;

    /// <summary>Creates the default sampler; the same seed gives the same proposals for the same trials.</summary>
    public AutoSampler(ulong? seed = null, AutoSamplerOptions? options = null)
    {
        _options = options ?? new AutoSamplerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.SurrogateCandidates, 1, nameof(AutoSamplerOptions.SurrogateCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxSurrogateParameters, 1, nameof(AutoSamplerOptions.MaxSurrogateParameters));
        _random = seed is { } s ? new RandomSource(s) : new RandomSource();
    }

    /// <summary>The route taken for the study's space, or <see cref="AutoSamplerRoute.NotChosen"/> before the first proposal.</summary>
    public AutoSamplerRoute Route { get; private set; }

    /// <summary>The route the auto sampler takes for <paramref name="space"/>, known before any trial runs.</summary>
    public static AutoSamplerRoute ChooseRoute(SearchSpaceDescriptor space, AutoSamplerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        options ??= new AutoSamplerOptions();
        int choices = space.Parameters.Count(p => p.Distribution is CategoricalDistribution);
        bool conditional = space.Parameters.Any(p => p.Condition is not null);
        if (conditional)
        {
            return AutoSamplerRoute.BranchingTpe;
        }

        if (choices * 2 > space.Count)
        {
            return AutoSamplerRoute.MultivariateTpe;
        }

        return space.Count > options.MaxSurrogateParameters ? AutoSamplerRoute.CmaEs : AutoSamplerRoute.SurrogateScreenedCmaEs;
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
        if (_sampler is null || _fingerprint != space.Fingerprint)
        {
            _fingerprint = space.Fingerprint;
            ulong seed = _random.NextUInt64();
            Route = ChooseRoute(space, _options);
            _sampler = Route switch
            {
                AutoSamplerRoute.BranchingTpe => new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = true, Branching = true, LeafGaussianProcessTrials = 200 }),
                AutoSamplerRoute.MultivariateTpe => new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = true }),
                AutoSamplerRoute.CmaEs => new CmaEsSampler(seed),
                _ => new CmaEsSampler(seed, new CmaEsOptions { SurrogateCandidates = _options.SurrogateCandidates }),
            };
        }

        return _sampler;
    }
}
