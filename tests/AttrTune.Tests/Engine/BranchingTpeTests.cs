using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>
/// Branching TPE (the default route for conditional spaces): the allocation its design states, branches that do not
/// influence each other, and search quality against random search and plain multivariate TPE on the same seeds, on a
/// conditional problem none of the samplers was tuned on.
/// </summary>
public sealed class BranchingTpeTests
{
    private static readonly TpeOptions Branching = new() { Multivariate = true, ConstantLiar = true, Branching = true };

    // The default sampler's branching: a Gaussian process per leaf for the first 200 trials of a space of few leaves.
    private static readonly TpeOptions LeafModels = Branching with { LeafGaussianProcessTrials = 200 };

    [Theory]
    [InlineData(1UL, false)]
    [InlineData(2UL, false)]
    [InlineData(3UL, false)]
    [InlineData(1UL, true)]
    [InlineData(2UL, true)]
    [InlineData(3UL, true)]
    public void Every_family_gets_its_start_up_trials_and_then_at_least_its_exploration_share(ulong seed, bool leafModels)
    {
        // Family 0 is far better, so the bandit alone would give it every trial: what the others get is the floor.
        var sampler = new TpeSampler(seed, leafModels ? LeafModels : Branching);
        var trials = new List<FrozenTrial>();
        var counts = new int[4];
        for (int i = 0; i < 160; i++)
        {
            ParameterSet proposal = Propose(sampler, HeldOutFamilies.Descriptor, trials);
            var config = HeldOutFamilies.FromValues(proposal.Values);
            counts[FamilyIndex(config.Family)]++;
            Finish(trials, proposal, FamilyIndex(config.Family) == 0 ? 0.01 * i % 1 : 10 + config.Width);

            // The rule holds after every trial: start-up trials go to the least tried family first, and afterwards no
            // family falls below its share of exploration (checked before each choice, hence one trial of slack).
            int total = i + 1;
            Assert.True(counts.Min() >= Math.Min(Branching.MinTrialsPerBranch, total / 4), $"after {total} trials: {string.Join(", ", counts)}");
            Assert.True(counts.Min() >= (Branching.BranchExploration * total / 4) - 1, $"after {total} trials: {string.Join(", ", counts)}");
        }

        // Past the floor, the better family takes the rest: at least half of all trials.
        Assert.True(counts[0] >= 80, $"family counts {string.Join(", ", counts)}");
        Assert.All(counts, c => Assert.True(c >= Branching.BranchExploration * 160 / 4 - 1, $"family counts {string.Join(", ", counts)}"));
    }

    [Fact]
    public void A_study_whose_every_trial_failed_still_spreads_over_the_branches()
    {
        // No complete trial: no value to compare branches by, so the bandit keeps to the least tried family.
        var sampler = new TpeSampler(4, Branching);
        var trials = new List<FrozenTrial>();
        var counts = new int[4];
        for (int i = 0; i < 40; i++)
        {
            ParameterSet proposal = Propose(sampler, HeldOutFamilies.Descriptor, trials);
            counts[FamilyIndex(HeldOutFamilies.FromValues(proposal.Values).Family)]++;
            trials.Add(new FrozenTrial
            {
                Id = i + 1,
                Number = i,
                State = TrialState.Failed,
                FailReason = "out of memory",
                Parameters = proposal.ActiveValues.ToDictionary(p => p.Key, p => p.Value).ToImmutableDictionary(),
            });
        }

        Assert.All(counts, c => Assert.Equal(10, c));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Parameters_of_another_branch_never_change_a_proposal_in_this_branch(bool leafModels)
    {
        // Two studies with the same trials and values; only the parameters of the "wide" family's trials differ.
        // Every proposal outside the wide family must be the same in both. The switch bandit chooses the family by
        // outcomes alone, so every such pair is compared; leaf models may choose another leaf when the wide family's
        // parameters move (its model, and so its promise, moves with them), so their pairs are compared when both
        // studies chose the same other leaf.
        List<FrozenTrial> first = History(wideShift: 0);
        List<FrozenTrial> second = History(wideShift: 0.37);
        int compared = 0;
        for (ulong seed = 1; seed <= 20; seed++)
        {
            ParameterSet a = Propose(new TpeSampler(seed, leafModels ? LeafModels : Branching), HeldOutFamilies.Descriptor, first);
            ParameterSet b = Propose(new TpeSampler(seed, leafModels ? LeafModels : Branching), HeldOutFamilies.Descriptor, second);
            string family = HeldOutFamilies.FromValues(a.Values).Family;
            if (family != "wide" && (!leafModels || family == HeldOutFamilies.FromValues(b.Values).Family))
            {
                Assert.Equal(a, b);
                compared++;
            }
        }

        Assert.True(compared >= 5, $"only {compared} of 20 proposal pairs were compared");
    }

    [Fact]
    public void Leaf_models_find_the_narrow_family_more_often_than_the_switch_bandit_on_the_same_seeds()
    {
        // The previous default (the switch bandit alone) is the baseline: the leaf models must reach the best family in
        // more seeds and end lower (one-sided rank-sum), on a problem neither was tuned on.
        const int seeds = 20;
        const int trials = 50;
        double[] leaf = Regrets(seed => new TpeSampler(seed, LeafModels), seeds, trials);
        double[] bandit = Regrets(seed => new TpeSampler(seed, Branching), seeds, trials);
        int Reached(double[] regrets) => regrets.Count(r => r < 0.05);
        Assert.True(Reached(leaf) > Reached(bandit), $"best family reached: leaf models {Reached(leaf)}, switch bandit {Reached(bandit)} of {seeds}");
        double p = ModelSamplerTests.RankSumPValue(leaf, bandit);
        Assert.True(p < 0.05, $"leaf models against the switch bandit: one-sided p = {p:G3}");
    }

    [Fact]
    public void Leaf_models_do_not_hold_a_weak_parameter_at_its_bound()
    {
        // A plateau family and a family with a strong input and one a hundred times weaker, both optima inside their
        // ranges. The leaf GP alone held the weak input at a bound in about 90% of its proposals (measured on the plain
        // GP in ModelSamplerTests); with weak inputs drawn at random, and every other in-leaf proposal left to TPE,
        // far fewer of the leaf's modelled trials sit there. Measured on these seeds: 41 of 104 without the draw, 4 with it.
        var builder = new SearchSpaceDescriptorBuilder("WeakLeaf").Add("family", new AttrTune.Distributions.CategoricalDistribution<string>("plateau", "model"));
        builder.Add("level", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 0));
        builder.Add("strong", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 1));
        builder.Add("weak", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 1));
        SearchSpaceDescriptor space = builder.Build();
        int modelled = 0, atBound = 0;
        for (ulong seed = 1; seed <= 4; seed++)
        {
            var sampler = new TpeSampler(seed, LeafModels);
            var trials = new List<FrozenTrial>();
            int inLeaf = 0;
            for (int i = 0; i < 40; i++)
            {
                ParameterSet p = Propose(sampler, space, trials);
                double value;
                if (p["family"] == 0)
                {
                    value = 0.5 + (0.01 * p["level"]);
                }
                else
                {
                    value = (5 * Math.Pow(p["strong"] - 0.37, 2)) + (0.01 * Math.Pow(p["weak"] - 0.45, 2));
                    if (++inLeaf > 6)
                    {
                        modelled++;
                        atBound += p["weak"] is < 0.01 or > 0.99 ? 1 : 0;
                    }
                }

                Finish(trials, p, value);
            }
        }

        Assert.True(modelled >= 60, $"only {modelled} modelled trials in the model family");
        Assert.True(atBound < 0.2 * modelled, $"the weak parameter at a bound in {atBound} of {modelled} modelled trials");
    }

    [Fact]
    public void Leaf_models_give_way_to_the_switch_bandit_on_a_space_of_many_leaves()
    {
        // Three families, each with a sub-choice of three that switches a parameter on: nine leaves, more than the leaf
        // models take.
        var builder = new SearchSpaceDescriptorBuilder("NineLeaves").Add("family", new AttrTune.Distributions.CategoricalDistribution<string>("a", "b", "c"));
        for (int f = 0; f < 3; f++)
        {
            builder.Add($"kind{f}", new AttrTune.Distributions.CategoricalDistribution<string>("x", "y", "z"), condition: builder.When("family", f));
        }

        for (int f = 0; f < 3; f++)
        {
            // A parameter under each sub-choice makes it a switch: each family splits into three leaves.
            builder.Add($"rate{f}", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When($"kind{f}", 0));
        }

        SearchSpaceDescriptor nine = builder.Build();
        Assert.Null(TpeSampler.Leaves(nine, TpeSampler.Switches(nine)));
        List<double[]> four = TpeSampler.Leaves(HeldOutFamilies.Descriptor, TpeSampler.Switches(HeldOutFamilies.Descriptor))!;
        Assert.Equal(4, four.Count);

        // With leaf models asked for, a nine-leaf study proposes exactly what the switch bandit does.
        var trials = new List<FrozenTrial>();
        var withLeaves = new TpeSampler(9, LeafModels);
        var bandit = new TpeSampler(9, Branching);
        for (int i = 0; i < 40; i++)
        {
            ParameterSet a = Propose(withLeaves, nine, trials);
            Assert.Equal(a, Propose(bandit, nine, trials));
            Finish(trials, a, a["family"] + (a.TryGetValue("rate1", out double r) ? r : 0.5));
        }
    }

    [Fact]
    public void With_leaf_models_maximising_the_negated_objective_proposes_exactly_what_minimising_does()
    {
        // Leaf scores, leaf GPs and the branch TPE all work on minimised values: the direction must not change a thing.
        var down = new TpeSampler(6, LeafModels);
        var up = new TpeSampler(6, LeafModels);
        var downTrials = new List<FrozenTrial>();
        var upTrials = new List<FrozenTrial>();
        for (int i = 0; i < 40; i++)
        {
            ParameterSet a = down.Sample(new SamplerContext(HeldOutFamilies.Descriptor, StudyDirection.Minimize, () => downTrials.ToArray()))!.Parameters;
            ParameterSet b = up.Sample(new SamplerContext(HeldOutFamilies.Descriptor, StudyDirection.Maximize, () => upTrials.ToArray()))!.Parameters;
            Assert.Equal(a, b);
            double value = HeldOutFamilies.Objective(HeldOutFamilies.FromValues(a.Values));
            Finish(downTrials, a, value);
            Finish(upTrials, b, -value);
        }
    }

    [Fact]
    public void Past_its_trial_count_the_leaf_models_give_way_to_the_switch_bandit()
    {
        // A study with 40 complete trials and leaf models for the first 30: the proposals are the switch bandit's.
        List<FrozenTrial> history = History(wideShift: 0);
        for (ulong seed = 1; seed <= 5; seed++)
        {
            ParameterSet withLeaves = Propose(new TpeSampler(seed, Branching with { LeafGaussianProcessTrials = 30 }), HeldOutFamilies.Descriptor, history);
            Assert.Equal(Propose(new TpeSampler(seed, Branching), HeldOutFamilies.Descriptor, history), withLeaves);
        }
    }

    [Fact]
    public void A_sampler_given_a_new_version_of_the_space_starts_its_leaf_models_again()
    {
        // The same sampler on a space, then on a version with a parameter added to one family and another family
        // added: the old leaf models hold the old indices, and trials without the new switch value are in no leaf.
        SearchSpaceDescriptor before = Families(withExtra: false);
        SearchSpaceDescriptor after = Families(withExtra: true);
        var sampler = new TpeSampler(8, LeafModels);
        var trials = new List<FrozenTrial>();
        for (int i = 0; i < 45; i++)
        {
            SearchSpaceDescriptor space = i < 25 ? before : after;
            ParameterSet proposal = Propose(sampler, space, trials);
            Assert.Null(space.Validate(proposal.Values));
            Finish(trials, proposal, proposal["family"] + (proposal.TryGetValue("x", out double x) ? x : 0.5));
        }

        static SearchSpaceDescriptor Families(bool withExtra)
        {
            var builder = new SearchSpaceDescriptorBuilder("Families").Add("family", withExtra
                ? new AttrTune.Distributions.CategoricalDistribution<string>("a", "b", "c", "d")
                : new AttrTune.Distributions.CategoricalDistribution<string>("a", "b", "c"));
            builder.Add("x", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 0));
            if (withExtra)
            {
                builder.Add("w", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 0));
            }

            builder.Add("y", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 1));
            builder.Add("z", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 2));
            if (withExtra)
            {
                builder.Add("v", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 3));
            }

            return builder.Build();
        }
    }

    [Fact]
    public void A_leaf_whose_every_configuration_is_held_stops_drawing_trials()
    {
        // "none" has no parameters (one configuration), "flag" one bool: once tried, the leaf models must send the
        // trials to the family with a continuous parameter instead of repeating them (which would fall back to
        // untried configurations drawn at random from the whole space).
        var builder = new SearchSpaceDescriptorBuilder("Finite").Add("family", new AttrTune.Distributions.CategoricalDistribution<string>("none", "flag", "rate"));
        SearchSpaceDescriptor space = builder
            .Add("flag", new AttrTune.Distributions.CategoricalDistribution<bool>(false, true), condition: builder.When("family", 1))
            .Add("rate", new AttrTune.Distributions.FloatDistribution(0, 1), condition: builder.When("family", 2))
            .Build();
        for (ulong seed = 1; seed <= 5; seed++)
        {
            (int[] counts, double best) = Run(new TpeSampler(seed, LeafModels));
            Assert.Equal(new[] { 1, 2, 27 }, counts);

            // The rate family's trials come from its model, not from the repeat fallback's random draws: random search
            // given the same 27 trials there ends far from the optimum.
            var random = new AttrTune.Randomness.RandomSource(seed);
            double randomBest = Enumerable.Range(0, 27).Min(_ => Math.Abs(random.NextDouble() - 0.3));
            Assert.True(best < randomBest / 10, $"seed {seed}: best distance {best:G3} with leaf models, {randomBest:G3} at random");
        }

        (int[] Counts, double Best) Run(ISampler sampler)
        {
            var trials = new List<FrozenTrial>();
            var counts = new int[3];
            double best = double.PositiveInfinity;
            for (int i = 0; i < 30; i++)
            {
                ParameterSet proposal = Propose(sampler, space, trials);
                counts[(int)proposal["family"]]++;
                double value = proposal.TryGetValue("rate", out double rate) ? Math.Abs(rate - 0.3) : 1 + proposal["family"];
                best = Math.Min(best, value);
                Finish(trials, proposal, value);
            }

            return (counts, best);
        }
    }

    [Fact]
    public void On_a_conditional_problem_it_was_not_tuned_on_it_beats_random_search_and_plain_multivariate_tpe()
    {
        const int seeds = 20;
        const int trials = 60;
        double[] branching = Regrets(seed => new TpeSampler(seed, Branching), seeds, trials);
        double[] random = Regrets(seed => new RandomSampler(seed), seeds, trials);
        double[] plain = Regrets(seed => new TpeSampler(seed, new TpeOptions { Multivariate = true, ConstantLiar = true }), seeds, trials);

        // The best family ("narrow") is the only one below 0.05.
        int Reached(double[] regrets) => regrets.Count(r => r < 0.05);
        Assert.True(Reached(branching) > Reached(random), $"best family reached: branching {Reached(branching)}, random {Reached(random)} of {seeds}");
        Assert.True(Reached(branching) > Reached(plain), $"best family reached: branching {Reached(branching)}, multivariate {Reached(plain)} of {seeds}");
        double p = ModelSamplerTests.RankSumPValue(branching, random);
        Assert.True(p < 0.01, $"branching against random: one-sided p = {p:G3}");
    }

    // Before a branch has enough trials for a model, its numeric parameters are spread over their ranges: the first
    // four trials of the narrow family (a group of three parameters, so four start-up trials) hold one Rate in each
    // quarter of its log range and one Depth in each quarter of 1..8. Independent draws would manage that for one
    // parameter in 9% of seeds (4! / 4^4).
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void A_branch_start_up_trials_spread_over_each_numeric_range(ulong seed)
    {
        var sampler = new TpeSampler(seed, Branching);
        var trials = new List<FrozenTrial>();
        var narrow = new List<HeldOutFamilies>();
        while (narrow.Count < 4)
        {
            ParameterSet proposal = Propose(sampler, HeldOutFamilies.Descriptor, trials);
            var config = HeldOutFamilies.FromValues(proposal.Values);
            if (config.Family == "narrow")
            {
                narrow.Add(config);
            }

            Finish(trials, proposal, HeldOutFamilies.Objective(config));
        }

        ParameterDescriptor rate = HeldOutFamilies.Descriptor["Rate"];
        int[] rateQuarters = narrow.Select(c => (int)(4 * rate.Distribution.ToUnit(c.Rate))).Order().ToArray();
        Assert.Equal(new[] { 0, 1, 2, 3 }, rateQuarters);
        Assert.Equal(new[] { 0, 1, 2, 3 }, narrow.Select(c => (c.Depth - 1) / 2).Order().ToArray());
    }

    [Fact]
    public void The_auto_sampler_routes_conditional_spaces_to_branching_and_flat_choice_spaces_to_multivariate_tpe()
    {
        Assert.Equal(AutoSamplerRoute.BranchingTpe, AutoSampler.ChooseRoute(HeldOutFamilies.Descriptor));
        SearchSpaceDescriptor choices = new SearchSpaceDescriptorBuilder("Choices")
            .Add("a", new AttrTune.Distributions.CategoricalDistribution<string>("x", "y"))
            .Add("b", new AttrTune.Distributions.CategoricalDistribution<string>("x", "y", "z"))
            .Add("c", new AttrTune.Distributions.FloatDistribution(0, 1))
            .Build();
        Assert.Equal(AutoSamplerRoute.MultivariateTpe, AutoSampler.ChooseRoute(choices));
    }

    private static double[] Regrets(Func<ulong, ISampler> create, int seeds, int trials) =>
        Enumerable.Range(1, seeds).Select(seed =>
        {
            ISampler sampler = create((ulong)seed);
            var history = new List<FrozenTrial>();
            double best = double.PositiveInfinity;
            for (int i = 0; i < trials; i++)
            {
                ParameterSet proposal = Propose(sampler, HeldOutFamilies.Descriptor, history);
                double value = HeldOutFamilies.Objective(HeldOutFamilies.FromValues(proposal.Values));
                Finish(history, proposal, value);
                best = Math.Min(best, value);
            }

            return best - HeldOutFamilies.Optimum;
        }).ToArray();

    private static List<FrozenTrial> History(double wideShift)
    {
        var trials = new List<FrozenTrial>();
        var random = new AttrTune.Randomness.RandomSource(5);
        var values = new double[HeldOutFamilies.Descriptor.Count];
        for (int i = 0; i < 40; i++)
        {
            HeldOutFamilies.Descriptor.SampleValues(random, values);
            var config = HeldOutFamilies.FromValues(values);
            double value = HeldOutFamilies.Objective(config);
            if (config.Family == "wide")
            {
                // Same value, other parameters: the wide family's own parameters are moved, not its outcome.
                int width = HeldOutFamilies.Descriptor.IndexOf("Width");
                values[width] = (values[width] + wideShift) % 1.0;
            }

            Finish(trials, ParameterSet.Create(HeldOutFamilies.Descriptor, values), value);
        }

        return trials;
    }

    private static ParameterSet Propose(ISampler sampler, SearchSpaceDescriptor space, List<FrozenTrial> trials) =>
        sampler.Sample(new SamplerContext(space, StudyDirection.Minimize, () => trials.ToArray()))!.Parameters;

    private static void Finish(List<FrozenTrial> trials, ParameterSet parameters, double value) =>
        trials.Add(new FrozenTrial
        {
            Id = trials.Count + 1,
            Number = trials.Count,
            State = TrialState.Complete,
            Value = value,
            Parameters = parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value).ToImmutableDictionary(),
        });

    private static int FamilyIndex(string family) => Array.IndexOf(HeldOutFamilies.Families, family);
}

/// <summary>
/// A conditional problem written for these tests, unlike the benchmark's: four families of different shapes. "flat"
/// is a plateau at 0.3; "wide" a broad bowl down to 0.2; "grid" an integer lattice down to 0.15; "narrow" a narrow
/// basin (log scale, an integer and a choice) down to 0.0, whose random configurations mostly score above 0.5.
/// </summary>
[SearchSpace]
public partial class HeldOutFamilies
{
    public static readonly string[] Families = ["narrow", "flat", "wide", "grid"];

    public const double Optimum = 0.0;

    [Choice("narrow", "flat", "wide", "grid")]
    public string Family { get; set; } = "flat";

    [LogUniform(1e-4, 1)]
    [ActiveWhen(nameof(Family), "narrow")]
    public double Rate { get; set; } = 1e-2;

    [IntRange(1, 8)]
    [ActiveWhen(nameof(Family), "narrow")]
    public int Depth { get; set; } = 1;

    [Choice("a", "b", "c")]
    [ActiveWhen(nameof(Family), "narrow")]
    public string Kind { get; set; } = "a";

    [Uniform(0, 1)]
    [ActiveWhen(nameof(Family), "flat")]
    public double Level { get; set; }

    [Uniform(0, 1)]
    [ActiveWhen(nameof(Family), "wide")]
    public double Width { get; set; }

    [IntRange(0, 20)]
    [ActiveWhen(nameof(Family), "grid")]
    public int Cells { get; set; }

    [IntRange(0, 20)]
    [ActiveWhen(nameof(Family), "grid")]
    public int Rows { get; set; }

    public static double Objective(HeldOutFamilies c) => c.Family switch
    {
        "narrow" => 0.8 * Math.Pow(Math.Log10(c.Rate) + 2.5, 2) + 0.05 * Math.Pow(c.Depth - 5, 2) + (c.Kind == "b" ? 0 : 0.2),
        "flat" => 0.3 + 0.01 * c.Level,
        "wide" => 0.2 + 0.5 * Math.Pow(c.Width - 0.6, 2),
        _ => 0.15 + 0.002 * (Math.Pow(c.Cells - 13, 2) + Math.Pow(c.Rows - 4, 2)),
    };
}
