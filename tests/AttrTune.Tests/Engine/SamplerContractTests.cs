using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>The sampler contract; every sampler runs it by inheriting this class.</summary>
/// <remarks>
/// The checks that only read proposals share one sequence, drawn once per sampler class (seed 1): for the model
/// samplers the drawing is the cost (a Gaussian-process fit per proposal), so each class pays for one sequence of
/// <see cref="Proposals"/> and one replay of <see cref="ReplayedProposals"/> to check determinism.
/// </remarks>
public abstract class SamplerContractTests
{
    private static readonly ConcurrentDictionary<Type, Lazy<List<ParameterSet>>> Sequences = new();

    protected abstract ISampler CreateSampler(ulong seed);

    /// <summary>The space the contract is checked on: every kind, nesting and conditions.</summary>
    protected virtual SearchSpaceDescriptor Space => KitchenSink.Descriptor;

    /// <summary>How many proposals are drawn (fewer if the sampler runs out) and checked.</summary>
    protected virtual int Proposals => 200;

    /// <summary>How many of them a second sampler with the same seed must repeat exactly.</summary>
    protected virtual int ReplayedProposals => 50;

    /// <summary>This sampler's shared sequence: proposals from seed 1, each told as complete before the next.</summary>
    private List<ParameterSet> Sequence =>
        Sequences.GetOrAdd(GetType(), _ => new Lazy<List<ParameterSet>>(() => Draw(CreateSampler(1), Proposals))).Value;

    private static SamplerContext Context(SearchSpaceDescriptor space, List<FrozenTrial> trials) =>
        new(space, StudyDirection.Minimize, () => trials.ToArray());

    private List<ParameterSet> Draw(ISampler sampler, int count) => Draw(sampler, count, Space, null);

    private static List<ParameterSet> Draw(ISampler sampler, int count, SearchSpaceDescriptor space, Func<ParameterSet, double>? objective)
    {
        var trials = new List<FrozenTrial>();
        var proposals = new List<ParameterSet>();
        for (int i = 0; i < count; i++)
        {
            SampleProposal? proposal = sampler.Sample(Context(space, trials));
            if (proposal is null)
            {
                break;
            }

            proposals.Add(proposal.Parameters);
            var trial = new FrozenTrial
            {
                Id = i + 1,
                Number = i,
                State = TrialState.Complete,
                Value = objective?.Invoke(proposal.Parameters) ?? i,
                ClaimKey = proposal.ClaimKey,
                Parameters = proposal.Parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value).ToImmutableDictionary(),
            };
            trials.Add(trial);
            sampler.OnTrialFinished(Context(space, trials), trial);
        }

        return proposals;
    }

    /// <summary>Three choices by four integers: twelve configurations.</summary>
    private static readonly SearchSpaceDescriptor TwelvePoints = new SearchSpaceDescriptorBuilder("TwelvePoints")
        .Add("optimizer", new AttrTune.Distributions.CategoricalDistribution<string>("adam", "sgd", "rmsprop"))
        .Add("depth", new AttrTune.Distributions.IntDistribution(1, 4))
        .Build();

    /// <summary>
    /// Two families, each with its own parameters: 4 depths x 3 kinds under "tree", 6 widths under "net", eighteen
    /// configurations in all. The branching samplers choose a family first and model each one apart; the default
    /// sampler, past each family's five start-up trials, by a Gaussian process per family.
    /// </summary>
    private static readonly SearchSpaceDescriptor EighteenConditionalPoints = BuildEighteenConditionalPoints();

    private static SearchSpaceDescriptor BuildEighteenConditionalPoints()
    {
        var builder = new SearchSpaceDescriptorBuilder("EighteenConditionalPoints")
            .Add("family", new AttrTune.Distributions.CategoricalDistribution<string>("tree", "net"));
        return builder
            .Add("depth", new AttrTune.Distributions.IntDistribution(1, 4), condition: builder.When("family", 0))
            .Add("kind", new AttrTune.Distributions.CategoricalDistribution<string>("x", "y", "z"), condition: builder.When("family", 0))
            .Add("width", new AttrTune.Distributions.IntDistribution(1, 6), condition: builder.When("family", 1))
            .Build();
    }

    [Fact]
    public void On_a_finite_conditional_space_no_configuration_is_proposed_twice_until_every_one_is_tried()
    {
        // The best configuration is in the smaller family; a sampler that picks the family by its promise keeps
        // returning there, and must still never repeat a configuration while others are left.
        ISampler sampler = CreateSampler(11);
        List<ParameterSet> proposed = ProposeDistinct(sampler, EighteenConditionalPoints, 16, new List<FrozenTrial>(), _ => false,
            p => p["family"] == 1 ? Math.Abs(p["width"] - 2) : 3 + p["depth"] + p["kind"]);
        Assert.Equal(16, proposed.Distinct().Count());
    }

    [Fact]
    public void On_a_finite_space_no_configuration_is_proposed_twice_until_every_one_is_tried()
    {
        // A deterministic objective with one clear optimum: a model sampler that follows its model proposes the best
        // configuration again and again unless it checks what the study holds. Every third trial is left running (a
        // parallel worker's), which counts as held too.
        ISampler sampler = CreateSampler(7);
        var trials = new List<FrozenTrial>();
        List<ParameterSet> proposed = ProposeDistinct(sampler, TwelvePoints, 12, trials, i => i % 3 == 2,
            p => Math.Pow(p["depth"] - 3, 2) + p["optimizer"]);
        Assert.Equal(12, proposed.Distinct().Count());

        // Every configuration is held now: a sampler may repeat one (or end, as grid search does), never fail.
        SampleProposal? thirteenth = sampler.Sample(Context(TwelvePoints, trials));
        Assert.True(thirteenth is null || proposed.Contains(thirteenth.Parameters));
    }

    // Proposes count configurations, asserting each is new, and records each as complete with the objective's value or,
    // where leftRunning says so, as running.
    private static List<ParameterSet> ProposeDistinct(ISampler sampler, SearchSpaceDescriptor space, int count, List<FrozenTrial> trials, Func<int, bool> leftRunning, Func<ParameterSet, double> objective)
    {
        var proposed = new List<ParameterSet>();
        for (int i = 0; i < count; i++)
        {
            SampleProposal? proposal = sampler.Sample(Context(space, trials));
            Assert.NotNull(proposal);
            Assert.DoesNotContain(proposal.Parameters, proposed);
            proposed.Add(proposal.Parameters);
            bool running = leftRunning(i);
            var trial = new FrozenTrial
            {
                Id = i + 1,
                Number = i,
                State = running ? TrialState.Running : TrialState.Complete,
                Value = running ? null : objective(proposal.Parameters),
                ClaimKey = proposal.ClaimKey,
                Parameters = proposal.Parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value).ToImmutableDictionary(),
            };
            trials.Add(trial);
            if (!running)
            {
                sampler.OnTrialFinished(Context(space, trials), trial);
            }
        }

        return proposed;
    }

    [Fact]
    public void Every_proposal_is_in_bounds_on_its_step_in_its_choices_with_inactive_parameters_absent()
    {
        List<ParameterSet> proposals = Sequence;
        Assert.NotEmpty(proposals);
        foreach (ParameterSet proposal in proposals)
        {
            Assert.Same(Space, proposal.Descriptor);
            Assert.Null(Space.Validate(proposal.Values));
        }
    }

    /// <summary>How many proposals the check on <see cref="NumericConditions"/> draws.</summary>
    protected virtual int NumericConditionProposals => 80;

    [Fact]
    public void On_conditions_on_integers_every_proposal_is_valid_and_active_exactly_when_its_parent_satisfies_the_condition()
    {
        // A deterministic objective that prefers Layers near 3 (the edge of Momentum's range) and a mid-range budget, so
        // model samplers keep proposing on both sides of the conditions rather than collapsing onto one branch.
        SearchSpaceDescriptor space = NumericConditions.Descriptor;
        List<ParameterSet> proposals = Draw(CreateSampler(3), NumericConditionProposals, space, p =>
            Math.Abs(p["Layers"] - 3) + (Math.Abs(p["Budget"] - 40) / 20) + (p.TryGetValue("Momentum", out double m) ? m : 0.5));
        Assert.True(proposals.Count >= Math.Min(NumericConditionProposals, 20), $"only {proposals.Count} proposals");
        var seen = new HashSet<(string, bool)>();
        foreach (ParameterSet proposal in proposals)
        {
            Assert.Null(space.Validate(proposal.Values));
            NumericConditionTests.AssertActiveExactlyAsConditionsSay(proposal);
            NumericConditions config = NumericConditions.FromParameters(proposal);
            foreach (ParameterDescriptor parameter in space.Parameters)
            {
                bool active = proposal.TryGetValue(parameter.Name, out _);
                Assert.Equal(active, config.IsActive(parameter.Name));
                seen.Add((parameter.Name, active));
            }
        }

        // Each numerically conditioned parameter was proposed both active and inactive: the check above saw both sides.
        foreach (string name in new[] { "Momentum", "Activation", "WarmupRate", "Adam.Beta1", "Heads" })
        {
            Assert.Contains((name, true), seen);
            Assert.Contains((name, false), seen);
        }
    }

    [Fact]
    public void On_a_repeated_space_every_proposal_is_valid_and_as_many_instances_are_active_as_the_count_says()
    {
        // An objective that prefers two layers of about 64 units, so model samplers keep proposing around the middle
        // of the count's range (both more and fewer instances) rather than at one end.
        SearchSpaceDescriptor space = RepeatedMlp.Descriptor;
        List<ParameterSet> proposals = Draw(CreateSampler(4), NumericConditionProposals, space, p =>
            Math.Abs(p["Layers"] - 2) + (p.TryGetValue("Layer[0].Units", out double units) ? Math.Abs(Math.Log(units / 64)) : 1));
        Assert.True(proposals.Count >= Math.Min(NumericConditionProposals, 20), $"only {proposals.Count} proposals");
        var counts = new HashSet<int>();
        foreach (ParameterSet proposal in proposals)
        {
            Assert.Null(space.Validate(proposal.Values));
            RepeatedSpaceTests.AssertInstancesFollowTheCounts(proposal);
            RepeatedMlp config = RepeatedMlp.FromParameters(proposal);
            (int layers, int blocks, int heads) = RepeatedSpaceTests.ActiveCounts(proposal);
            Assert.Equal(layers, config.Layer.Count);
            Assert.Equal(blocks, config.Block.Length);
            Assert.Equal(heads, config.Head.Count);
            Assert.Equal(proposal.Values.ToArray(), config.ToParameters().Values.ToArray());
            counts.Add(layers);
        }

        // More than one layer count was proposed: instances were seen both active and inactive.
        Assert.True(counts.Count > 1, $"every proposal has {string.Join(", ", counts)} layers");
    }

    [Fact]
    public void The_same_seed_gives_the_same_proposals()
    {
        int count = Math.Min(ReplayedProposals, Sequence.Count);
        Assert.Equal(Sequence.Take(count), Draw(CreateSampler(1), count));
    }

    [Fact]
    public void Proposals_are_not_all_the_same()
    {
        // Neither while the sampler explores (the first 20) nor at the end, when its model has seen most of the
        // sequence (the last 20): a model that collapses onto one point fails the second.
        Assert.True(Sequence.Take(20).Distinct().Count() > 1, "the first 20 proposals are all the same point");
        Assert.True(Sequence.TakeLast(20).Distinct().Count() > 1, "the last 20 proposals are all the same point");
    }

    [Fact]
    public async Task Parallel_trials_in_a_study_are_all_valid_and_recorded()
    {
        var study = Study<TenParameters>.CreateOrResume("contract", new StudyOptions { Sampler = CreateSampler(5) });
        await study.OptimizeAsync(c => c.LearningRate * c.Layers, new OptimizeOptions { MaxTrials = 60, Parallelism = 4 });
        IReadOnlyList<TrialResult<TenParameters>> trials = study.GetTrials();
        Assert.Equal(60, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials, t => Assert.Equal(t.Config.LearningRate * t.Config.Layers, t.Value!.Value, 12));
    }
}

public sealed class RandomSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new RandomSampler(seed);
}

public sealed class SobolSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new SobolSampler(seed);

    [Fact]
    public void The_first_points_stratify_every_pair_of_leading_dimensions()
    {
        // A scrambled Sobol sequence is a (0, m, 2)-net in its first two dimensions: of the first 2^m points, exactly
        // one falls in each of 2^m elementary boxes of any shape (here 4 x 4 and 2 x 8 and 16 x 1).
        var sequence = new SobolSequence(5, seed: 11);
        var points = new double[16][];
        for (int i = 0; i < 16; i++)
        {
            points[i] = new double[5];
            sequence.Next(points[i]);
        }

        foreach ((int rows, int columns) in new[] { (4, 4), (2, 8), (8, 2), (16, 1), (1, 16) })
        {
            var cells = points.Select(p => ((int)(p[0] * rows), (int)(p[1] * columns))).ToList();
            Assert.Equal(16, cells.Distinct().Count());
        }

        // Every dimension alone is stratified: one point in each sixteenth.
        for (int d = 0; d < 5; d++)
        {
            Assert.Equal(16, points.Select(p => (int)(p[d] * 16)).Distinct().Count());
        }
    }

    [Fact]
    public void Different_seeds_scramble_differently()
    {
        var a = new double[3];
        var b = new double[3];
        new SobolSequence(3, 1).Next(a);
        new SobolSequence(3, 2).Next(b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Too_many_dimensions_are_refused_with_the_limit()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SobolSequence(1001, 1));
        Assert.Contains("1 to 1000 dimensions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resumed_study_continues_the_sequence()
    {
        var storage = new InMemoryStorage();
        var first = Study<TenParameters>.CreateOrResume("sobol", new StudyOptions { Storage = storage, Sampler = new SobolSampler(9) });
        await first.OptimizeAsync(_ => 1.0, new OptimizeOptions { MaxTrials = 8 });
        var resumed = Study<TenParameters>.CreateOrResume("sobol", new StudyOptions { Storage = storage, Sampler = new SobolSampler(9) });
        await resumed.OptimizeAsync(_ => 1.0, new OptimizeOptions { MaxTrials = 8 });
        Assert.Equal(Enumerable.Range(0, 16).Select(i => "sobol:" + i), resumed.GetTrials().Select(t => t.Frozen.ClaimKey));
    }
}

public sealed class GridSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new GridSampler(new GridOptions { ContinuousPoints = 2 }, shuffleSeed: seed);

    [Fact]
    public async Task A_parallel_grid_search_visits_every_point_once_then_stops()
    {
        var study = Study<ConditionalGrid>.CreateOrResume("grid", new StudyOptions { Sampler = new GridSampler(new GridOptions { ContinuousPoints = 2 }) });
        await study.OptimizeAsync(_ => 0.0, new OptimizeOptions { Parallelism = 4 });
        IReadOnlyList<TrialResult<ConditionalGrid>> trials = study.GetTrials();
        Assert.Equal(207, trials.Count);
        Assert.Equal(207, trials.Select(t => t.Frozen.ToParameterSet(ConditionalGrid.Descriptor)).Distinct().Count());
        Assert.Throws<SamplerExhaustedException>(() => study.Ask());
    }

    [Fact]
    public async Task A_resumed_grid_search_continues_where_it_stopped()
    {
        var storage = new InMemoryStorage();
        var options = new StudyOptions { Storage = storage, Sampler = new GridSampler(new GridOptions { ContinuousPoints = 2 }) };
        await Study<ConditionalGrid>.CreateOrResume("grid", options).OptimizeAsync(_ => 0.0, new OptimizeOptions { MaxTrials = 100 });
        var resumed = Study<ConditionalGrid>.CreateOrResume("grid", options with { Sampler = new GridSampler(new GridOptions { ContinuousPoints = 2 }) });
        await resumed.OptimizeAsync(_ => 0.0, new OptimizeOptions());
        Assert.Equal(207, resumed.GetTrials().Select(t => t.Frozen.ClaimKey).Distinct().Count());
        Assert.Equal(207, resumed.GetTrials().Count);
    }

    [Fact]
    public void A_point_claimed_by_another_worker_after_the_snapshot_is_skipped()
    {
        // Another process takes the proposed grid point between our snapshot and our insert.
        var storage = new RacingStorage(new InMemoryStorage());
        var study = Study<ConditionalGrid>.CreateOrResume("race", new StudyOptions { Storage = storage, Sampler = new GridSampler(new GridOptions { ContinuousPoints = 2 }) });
        TrialHandle<ConditionalGrid> handle = study.Ask();
        Assert.Equal("grid:1", handle.Trial.Snapshot().ClaimKey);
        Assert.Equal(new[] { "grid:0", "grid:1" }, study.GetTrials().Select(t => t.Frozen.ClaimKey));
    }

    /// <summary>Lets "another worker" win the first claim, as a process sharing the file would.</summary>
    private sealed class RacingStorage(IStudyStorage inner) : DelegatingStorage(inner)
    {
        private bool _raced;

        public override FrozenTrial? TryCreateTrial(long studyId, NewTrial trial)
        {
            if (!_raced && trial.ClaimKey is not null)
            {
                _raced = true;
                base.TryCreateTrial(studyId, trial with { Worker = "another-host:1:1" });
            }

            return base.TryCreateTrial(studyId, trial);
        }
    }

    [Fact]
    public void A_continuous_range_without_grid_points_is_a_clear_error()
    {
        var study = Study<ConditionalGrid>.CreateOrResume("grid", new StudyOptions { Sampler = new GridSampler() });
        var error = Assert.Throws<InvalidOperationException>(() => study.Ask());
        Assert.Contains("Adam.LearningRate: the continuous range LogUniform[1E-05, 0.1] has no grid points", error.Message, StringComparison.Ordinal);
    }
}
