using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Problems;
using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests.Engine;

// The samplers built on a Gaussian process fit one per proposal, at a cost growing with the trials, so their contract
// draws 60 proposals, not 200 (at 200 these were the suite's three slowest tests): past the startup and well into the
// model's regime, which is where the proposals come from until the end.
public sealed class GpSamplerContractTests : SamplerContractTests
{
    // The fit limit is lowered from 150 to 20 so that 60 proposals (55 from the model) cross every regime of the
    // hyperparameter fit: all observations up to 20, a seeded subset above, and refits only every n/25 trials past 50.
    protected override ISampler CreateSampler(ulong seed) =>
        new GpSampler(seed, new GpOptions { StartupTrials = 5, Candidates = 256, HyperparameterFitLimit = 20 });

    protected override int Proposals => 60;

    protected override int NumericConditionProposals => 40;
}

public sealed class CmaEsSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new CmaEsSampler(seed);
}

public sealed class SurrogateCmaEsSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new CmaEsSampler(seed, new CmaEsOptions { SurrogateCandidates = 5 });

    // The pre-screening starts at 21 complete trials (the space encodes to 19 dimensions, plus 2): 39 of the 60
    // proposals are screened, 29 of the 50 replayed.
    protected override int Proposals => 60;
}

public sealed class GeneticSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new GeneticSampler(seed, new GeneticOptions { PopulationSize = 8 });
}

public sealed class BlendGeneticSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) =>
        new GeneticSampler(seed, new GeneticOptions { PopulationSize = 8, Crossover = new BlendCrossover(), Selection = new TournamentSelection(3), Mutation = new GaussianMutation(0.2, 0.5) });
}

public sealed class BranchingTpeSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = true, Branching = true });
}

public sealed class MultivariateTpeSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new TpeSampler(seed, new TpeOptions { StartupTrials = 5, Multivariate = true });
}

public sealed class AutoSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new AutoSampler(seed);
}

/// <summary>
/// The default sampler on a conditional space of four leaves, every condition on a choice: the route where a Gaussian
/// process per leaf chooses the leaf and proposes every other trial in it.
/// </summary>
public sealed class AutoSamplerOnLeafSpaceContractTests : SamplerContractTests
{
    protected override SearchSpaceDescriptor Space => HeldOutFamilies.Descriptor;

    protected override ISampler CreateSampler(ulong seed) => new AutoSampler(seed);

    protected override int Proposals => 60;
}

public sealed class AutoSamplerOnNumericSpaceContractTests : SamplerContractTests
{
    protected override SearchSpaceDescriptor Space => Branin.Descriptor;

    protected override ISampler CreateSampler(ulong seed) => new AutoSampler(seed, new AutoSamplerOptions { SurrogateCandidates = 20 });

    // Screened once 4 trials are complete (2 dimensions, plus 2): 56 of the 60 proposals, in 10 generations of 6.
    protected override int Proposals => 60;
}

public class ModelSamplerTests
{
    // Convergence, not speed: the median regret of fixed seeds (1 to 3, or 1 to 5) below a threshold that random
    // search rarely reaches at the same budget. After each case: how often random search's median would pass
    // (binomial, from the share of 2,000 random-search runs under the threshold), then how often the sampler's does
    // (the same, from 30 to 60 runs of it). A sampler that degrades to random search fails; the real one passes
    // whatever the seeds.
    [Theory]
    [InlineData("gp", "branin", 40, 3, 0.05)]             // random search 0.4%, GP 95%
    [InlineData("auto", "branin", 50, 3, 0.05)]           // 0.8%, 100% (30 of 30 runs under)
    [InlineData("cmaes", "rosenbrock10", 300, 3, 5000)]   // under 0.01%, 100% (30 of 30)
    [InlineData("cmaes_gp", "rosenbrock10", 80, 3, 5000)] // under 0.01%, 100% (30 of 30; was 150 trials, nearly 3 times the cost)
    // The next two replace checks that a sampler no better than random search passed easily. The median of five GP
    // runs on hartmann6 had to beat the median of five random ones: half the time by chance. Mixed_ml's threshold,
    // 0.05 at 80 trials, sat inside the second basin (regret 0.050 to 0.055), so the auto sampler's median of three
    // would pass only 78% of the time; 0.06 admits both basins, and fewer trials keep it rare for random search.
    [InlineData("gp", "hartmann6", 60, 5, 0.6)]           // 0.1%, 96%
    [InlineData("auto", "mixed_ml", 50, 5, 0.06)]         // 0.2%, 100% (40 of 40)
    public void Samplers_converge_on_cheap_problems(string sampler, string problemName, int trials, int seeds, double threshold)
    {
        IProblem problem = BenchmarkProblems.All.Single(p => p.Name == problemName);
        double median = Median(Regrets(problem, seed => Create(sampler, seed), trials, seeds));
        Assert.True(median < threshold, $"{sampler} on {problemName}: median regret {median:G4} of {seeds} seeds after {trials} trials (threshold {threshold})");
    }

    // Better than random search where no threshold separates the two: random search's regrets spread down to the
    // samplers' (an absolute threshold these samplers meet reliably, random search meets too: tpe_mv's old "0.5 on
    // branin after 100" two times in three, ga's "0.1 on mixed_ml after 150" about as often). The sampler and random
    // search run on the same 20 seeds, and the sampler's regrets must rank below random search's by a one-sided
    // Mann-Whitney test at 1%: a sampler that degrades to random search passes at most 1% of the time (0.98%, the
    // test's exact level; ties count against the sampler). In brackets, how often the real sampler passes, estimated
    // by resampling 60 runs of it against 2,000 of random search.
    [Theory]
    [InlineData("tpe_mv", "branin", 100)]     // 98.6%
    [InlineData("ga", "mixed_ml", 150)]       // 99.9%
    [InlineData("cmaes", "hartmann6", 60)]    // 99.6% (was: the median of five below random search's)
    public void Samplers_beat_random_search_at_the_same_budget(string sampler, string problemName, int trials)
    {
        const int seeds = 20;
        IProblem problem = BenchmarkProblems.All.Single(p => p.Name == problemName);
        double[] model = Regrets(problem, seed => Create(sampler, seed), trials, seeds);
        double[] random = Regrets(problem, seed => new RandomSampler(seed), trials, seeds);
        double p = RankSumPValue(model, random);
        Assert.True(p < 0.01, $"{sampler} on {problemName} after {trials} trials: median regret {Median(model):G4} against random search's {Median(random):G4}, one-sided p = {p:G3} over {seeds} seeds");
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3 }, new[] { 4.0, 5, 6 }, 0.05)]                  // 1 / C(6, 3)
    [InlineData(new[] { 1.0, 2, 3, 4, 5 }, new[] { 6.0, 7, 8, 9, 10 }, 1 / 252.0)] // 1 / C(10, 5)
    [InlineData(new[] { 1.0, 2, 4 }, new[] { 3.0, 5, 6 }, 0.1)]                   // U = 8 of 9: 2 arrangements of 20
    [InlineData(new[] { 1.0, 1, 1 }, new[] { 1.0, 1, 1 }, 1.0)]                   // ties count against: U = 0
    public void The_rank_sum_p_value_is_exact(double[] better, double[] worse, double expected)
    {
        Assert.Equal(expected, RankSumPValue(better, worse), 12);
    }

    /// <summary>
    /// The one-sided Mann-Whitney p-value for "<paramref name="better"/> tends lower": under the null hypothesis (both
    /// samples from one distribution), the exact probability that U, the number of pairs in which
    /// <paramref name="better"/>'s value is strictly lower, is at least the observed U.
    /// </summary>
    internal static double RankSumPValue(double[] better, double[] worse)
    {
        int n = better.Length, m = worse.Length;
        int u = better.Sum(b => worse.Count(w => b < w));
        // ways[i, j][k]: orderings of i values of one sample and j of the other in which k pairs are in order.
        var ways = new double[n + 1, m + 1][];
        for (int i = 0; i <= n; i++)
        {
            for (int j = 0; j <= m; j++)
            {
                ways[i, j] = new double[i * j + 1];
                if (i == 0 || j == 0)
                {
                    ways[i, j][0] = 1;
                    continue;
                }

                for (int k = 0; k <= i * j; k++)
                {
                    // The largest value is either one of "better" (in order with none of the j) or one of "worse"
                    // (in order with all i).
                    ways[i, j][k] = (k <= (i - 1) * j ? ways[i - 1, j][k] : 0) + (k >= i ? ways[i, j - 1][k - i] : 0);
                }
            }
        }

        double[] counts = ways[n, m];
        return counts.Skip(u).Sum() / counts.Sum();
    }

    private static double[] Regrets(IProblem problem, Func<ulong, ISampler> create, int trials, int seeds) =>
        Enumerable.Range(1, seeds).AsParallel().AsOrdered()
            .Select(seed => ProblemRunner.BestAfter(problem, create((ulong)seed), trials) - problem.Optimum).ToArray();

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    [Fact]
    public void Offering_shorter_steps_to_the_pre_screening_closes_in_faster()
    {
        // The benchmark's medians at 50 trials (20 seeds): hartmann6 0.159 with every draw at sigma, 0.035 with steps
        // down to a quarter of it; here five fixed seeds, and only the direction of the difference is asserted.
        IProblem problem = BenchmarkProblems.Hartmann6;
        double Median(double shortestStep) => Enumerable.Range(1, 5).AsParallel()
            .Select(seed => ProblemRunner.BestAfter(problem, new CmaEsSampler((ulong)seed, new CmaEsOptions { SurrogateCandidates = 100, SurrogateShortestStep = shortestStep }), 50))
            .Order().ElementAt(2);
        double plain = Median(1), shortened = Median(0.25);
        Assert.True(shortened < plain, $"median best value {shortened} with shorter steps, {plain} without");
    }

    private static ISampler Create(string name, ulong seed) => name switch
    {
        "gp" => new GpSampler(seed),
        "auto" => new AutoSampler(seed),
        "cmaes" => new CmaEsSampler(seed),
        "cmaes_gp" => new CmaEsSampler(seed, new CmaEsOptions { SurrogateCandidates = 10 }),
        "tpe_mv" => new TpeSampler(seed, new TpeOptions { Multivariate = true }),
        "ga" => new GeneticSampler(seed),
        _ => throw new ArgumentException(name),
    };

    [Fact]
    public void The_auto_sampler_routes_by_the_shape_of_the_space()
    {
        AutoSamplerRoute StrategyFor(SearchSpaceDescriptor space)
        {
            var sampler = new AutoSampler(1);
            Assert.Equal(AutoSamplerRoute.NotChosen, sampler.Route);
            sampler.Sample(new SamplerContext(space, StudyDirection.Minimize, () => Array.Empty<FrozenTrial>()));
            Assert.Equal(AutoSampler.ChooseRoute(space), sampler.Route);
            return sampler.Route;
        }

        Assert.Equal(AutoSamplerRoute.SurrogateScreenedCmaEs, StrategyFor(Branin.Descriptor));
        Assert.Equal(AutoSamplerRoute.SurrogateScreenedCmaEs, StrategyFor(Box10Rosenbrock.Descriptor));
        Assert.Equal(AutoSamplerRoute.SurrogateScreenedCmaEs, StrategyFor(MixedMl.Descriptor));
        Assert.Equal(AutoSamplerRoute.BranchingTpe, StrategyFor(KitchenSink.Descriptor));
    }

    [Fact]
    public async Task Studies_use_the_auto_sampler_by_default()
    {
        // CMA-ES proposals carry no claim key; the former default (Sobol) claimed every trial.
        var study = Study<Branin>.CreateOrResume("default", new StudyOptions { Seed = 3 });
        await study.OptimizeAsync(c => Functions.Branin(c.X0, c.X1), new OptimizeOptions { MaxTrials = 40 });
        Assert.All(study.GetTrials(), t => Assert.Null(t.Frozen.ClaimKey));
        Assert.True(study.Best!.Value - 0.39788735772973816 < 0.05, $"best {study.Best.Value}");
    }

    [Fact]
    public void Cma_es_restarts_with_a_larger_population_when_it_stagnates()
    {
        var sampler = new CmaEsSampler(4);
        ProblemRunner.BestAfter(new Problem<Branin>("flat", 0, _ => 1.0), sampler, 400);
        Assert.True(sampler.Restarts > 0);
    }

    [Fact]
    public void Cma_es_keeps_integer_parameters_moving_thanks_to_the_margin()
    {
        // A quadratic over integers has its optimum inside one bin; without the margin CMA-ES's distribution collapses
        // inside the bin and every later proposal repeats the same point.
        var space = IntegerBowl.Descriptor;
        var sampler = new CmaEsSampler(2, new CmaEsOptions { RestartWithLargerPopulation = false });
        var trials = new List<FrozenTrial>();
        var proposals = new List<ParameterSet>();
        for (int i = 0; i < 400; i++)
        {
            ParameterSet p = sampler.Sample(new SamplerContext(space, StudyDirection.Minimize, () => trials.ToArray()))!.Parameters;
            proposals.Add(p);
            double value = Math.Pow(p["A"] - 3, 2) + Math.Pow(p["B"] - 7, 2);
            trials.Add(new FrozenTrial
            {
                Id = i + 1, Number = i, State = TrialState.Complete, Value = value,
                Parameters = p.ActiveValues.ToDictionary(v => v.Key, v => v.Value).ToImmutableDictionary(),
            });
        }

        Assert.Contains(proposals, p => p["A"] == 3 && p["B"] == 7);
        Assert.True(proposals.Skip(300).Distinct().Count() > 1, "the last 100 proposals are all the same point");
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_option_and_value()
    {
        var gp = Assert.Throws<ArgumentOutOfRangeException>(() => new GpSampler(1, new GpOptions { StartupTrials = 0 }));
        Assert.Contains("StartupTrials", gp.Message, StringComparison.Ordinal);
        var cma = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEsSampler(1, new CmaEsOptions { InitialSigma = 2 }));
        Assert.Contains("InitialSigma", cma.Message, StringComparison.Ordinal);
        Assert.Contains("2", cma.Message, StringComparison.Ordinal);
        var step = Assert.Throws<ArgumentOutOfRangeException>(() => new CmaEsSampler(1, new CmaEsOptions { SurrogateShortestStep = 0 }));
        Assert.Contains("SurrogateShortestStep", step.Message, StringComparison.Ordinal);
        var leaves = Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(1, new TpeOptions { Branching = true, LeafGaussianProcessTrials = -1 }));
        Assert.Contains("LeafGaussianProcessTrials", leaves.Message, StringComparison.Ordinal);
        Assert.Contains("-1", leaves.Message, StringComparison.Ordinal);
        var exploration = Assert.Throws<ArgumentOutOfRangeException>(() => new TpeSampler(1, new TpeOptions { Branching = true, BranchExploration = 1 }));
        Assert.Contains("BranchExploration", exploration.Message, StringComparison.Ordinal);
        var ga = Assert.Throws<ArgumentOutOfRangeException>(() => new GeneticSampler(1, new GeneticOptions { CrossoverProbability = 1.5 }));
        Assert.Contains("CrossoverProbability", ga.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gp_expected_improvement_that_compares_leaves_is_in_the_study_units()
    {
        // The same trials with every value times ten and shifted: the model (on standardised values) and its proposal are
        // the same, and the expected improvement below the incumbent, scaled the same way, is ten times as large. Leaves
        // whose values spread differently are compared by exactly this number.
        SearchSpaceDescriptor space = Branin.Descriptor;
        var random = new RandomSource(3);
        var original = new List<FrozenTrial>();
        var scaled = new List<FrozenTrial>();
        for (int i = 0; i < 10; i++)
        {
            var values = new double[2];
            space.SampleValues(random, values);
            double value = Functions.Branin(values[0], values[1]);
            var parameters = ImmutableDictionary<string, double>.Empty.Add("X0", values[0]).Add("X1", values[1]);
            original.Add(new FrozenTrial { Id = i + 1, Number = i, State = TrialState.Complete, Value = value, Parameters = parameters });
            scaled.Add(new FrozenTrial { Id = i + 1, Number = i, State = TrialState.Complete, Value = (10 * value) + 7, Parameters = parameters });
        }

        var options = new GpOptions { WarpOutputs = false };
        double incumbent = original.Min(t => t.Value!.Value) - 1;
        var a = new GpSampler(4, options).SampleAgainst(new SamplerContext(space, StudyDirection.Minimize, () => original.ToArray()), incumbent)!.Value;
        var b = new GpSampler(4, options).SampleAgainst(new SamplerContext(space, StudyDirection.Minimize, () => scaled.ToArray()), (10 * incumbent) + 7)!.Value;
        // Equal up to rounding: standardising 10v + 7 is not bit-exact.
        Assert.Equal(a.Proposal.Parameters[0], b.Proposal.Parameters[0], 1e-6);
        Assert.Equal(a.Proposal.Parameters[1], b.Proposal.Parameters[1], 1e-6);
        Assert.Equal(a.LogImprovement + Math.Log(10), b.LogImprovement, 6);

        // A lower incumbent (one from another leaf) leaves less to improve on.
        var c = new GpSampler(4, options).SampleAgainst(new SamplerContext(space, StudyDirection.Minimize, () => original.ToArray()), incumbent - 5)!.Value;
        Assert.True(c.LogImprovement < a.LogImprovement, $"log EI {c.LogImprovement} below a lower incumbent, {a.LogImprovement} below the higher");

        // Maximising: the same trials negated give the same improvement.
        var negated = original.Select(t => t with { Value = -t.Value }).ToArray();
        var d = new GpSampler(4, options).SampleAgainst(new SamplerContext(space, StudyDirection.Maximize, () => negated), incumbent)!.Value;
        Assert.Equal(a.LogImprovement, d.LogImprovement, 6);

        Assert.Throws<InvalidOperationException>(() => new GpSampler(4).SampleAgainst(new SamplerContext(space, StudyDirection.Minimize, () => original.ToArray()), incumbent));
    }

    [Fact]
    public void Weak_inputs_are_drawn_at_random_instead_of_held_at_a_bound()
    {
        // One strong input and two whose effects are a hundredth of it, all optima inside the ranges: the plain GP
        // fits the weak ones long lengthscales and its acquisition holds them at a bound (the variance is largest
        // there); with WeakInputLengthscale they are drawn over their ranges, and the strong input is searched as before.
        static double Objective(double[] v) => (5 * Math.Pow(v[0] - 0.37, 2)) + (0.01 * Math.Pow(v[1] - 0.45, 2)) + (0.005 * Math.Pow(v[2] - 3, 2));
        SearchSpaceDescriptor space = WeakSecondInput.Descriptor;

        (int AtBound, double Best) Run(GpOptions options, ulong seed)
        {
            var sampler = new GpSampler(seed, options);
            var trials = new List<FrozenTrial>();
            int atBound = 0;
            for (int i = 0; i < 30; i++)
            {
                double[] v = sampler.Sample(new SamplerContext(space, StudyDirection.Minimize, () => trials.ToArray()))!.Parameters.Values.ToArray();
                if (i >= 10 && (v[1] < 0.01 || v[1] > 0.99))
                {
                    atBound++;
                }

                trials.Add(new FrozenTrial
                {
                    Id = i + 1, Number = i, State = TrialState.Complete, Value = Objective(v),
                    Parameters = ImmutableDictionary<string, double>.Empty.Add("Strong", v[0]).Add("Weak", v[1]).Add("Steps", v[2]),
                });
            }

            return (atBound, trials.Min(t => t.Value!.Value));
        }

        int plainAtBound = 0, weakAtBound = 0;
        var plainBest = new List<double>();
        var weakBest = new List<double>();
        for (ulong seed = 1; seed <= 6; seed++)
        {
            (int a, double b) = Run(new GpOptions { StartupTrials = 5 }, seed);
            (int c, double d) = Run(new GpOptions { StartupTrials = 5, WeakInputLengthscale = 2 }, seed);
            (plainAtBound, weakAtBound) = (plainAtBound + a, weakAtBound + c);
            plainBest.Add(b);
            weakBest.Add(d);
        }

        // 6 seeds x 20 modelled trials. Measured: 108 of 120 at a bound without the option, 44 with it (a fit with a
        // shorter lengthscale still sends the input to a bound, which the option leaves alone).
        Assert.True(weakAtBound * 2 < plainAtBound, $"weak input at a bound in {weakAtBound} of 120 proposals with the option, {plainAtBound} without");

        // The strong input still converges: every study's best is within the weak inputs' whole range of effects.
        Assert.All(weakBest, best => Assert.True(best < 0.02, $"best values {string.Join(", ", weakBest)} (plain GP {string.Join(", ", plainBest)})"));
    }

    [Fact]
    public void Running_trials_push_the_gp_away_from_points_already_being_evaluated()
    {
        SearchSpaceDescriptor space = Branin.Descriptor;
        var trials = new List<FrozenTrial>();
        var random = new RandomSource(5);
        for (int i = 0; i < 12; i++)
        {
            var values = new double[2];
            space.SampleValues(random, values);
            trials.Add(new FrozenTrial
            {
                Id = i + 1, Number = i, State = TrialState.Complete, Value = Functions.Branin(values[0], values[1]),
                Parameters = ImmutableDictionary<string, double>.Empty.Add("X0", values[0]).Add("X1", values[1]),
            });
        }

        ParameterSet first = new GpSampler(9).Sample(new SamplerContext(space, StudyDirection.Minimize, () => trials.ToArray()))!.Parameters;
        trials.Add(new FrozenTrial
        {
            Id = 99, Number = 12, State = TrialState.Running,
            Parameters = ImmutableDictionary<string, double>.Empty.Add("X0", first[0]).Add("X1", first[1]),
        });
        ParameterSet second = new GpSampler(9).Sample(new SamplerContext(space, StudyDirection.Minimize, () => trials.ToArray()))!.Parameters;
        double distance = Math.Sqrt(Math.Pow((first[0] - second[0]) / 15, 2) + Math.Pow((first[1] - second[1]) / 15, 2));
        Assert.True(distance > 1e-3, $"the second proposal {second} repeats the running {first}");
    }
}

[SearchSpace]
public partial class WeakSecondInput
{
    [Uniform(0, 1)] public double Strong { get; set; }
    [Uniform(0, 1)] public double Weak { get; set; }
    [IntRange(1, 4)] public int Steps { get; set; } = 1;
}

[SearchSpace]
public partial class IntegerBowl
{
    [IntRange(0, 10)] public int A { get; set; }
    [IntRange(0, 10)] public int B { get; set; }
}
