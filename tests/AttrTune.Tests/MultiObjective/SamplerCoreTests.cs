using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.MultiObjective;
using AttrTune.Problems;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests.MultiObjective;

/// <summary>The NSGA-II, MOTPE and default cores: against random search, determinism, valid points, and their rules on hand-made histories.</summary>
public class SamplerCoreTests
{
    public static TheoryData<string> Cores => new() { "nsga2", "motpe", "motpe_mv", "default" };

    // The default is multivariate MOTPE for this many trials.
    public static TheoryData<string> Models => new() { "nsga2", "motpe", "motpe_mv" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Beats_random_search_on_zdt1_seed_by_seed(string name)
    {
        // The same seeds for both; 150 trials is seven NSGA-II generations.
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            double random = Run(MultiObjectiveProblems.Zdt1, null, seed, 150).Hypervolume;
            double core = Run(MultiObjectiveProblems.Zdt1, Create(name), seed, 150).Hypervolume;
            Assert.True(core > random, $"{name}, seed {seed}: {core:F3} against random search's {random:F3}");
        }
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void The_same_seed_gives_the_same_proposals(string name)
    {
        List<ParameterSet> first = Run(MultiObjectiveProblems.BinhKorn, Create(name), 5, 45).Proposals;
        List<ParameterSet> second = Run(MultiObjectiveProblems.BinhKorn, Create(name), 5, 45).Proposals;
        List<ParameterSet> other = Run(MultiObjectiveProblems.BinhKorn, Create(name), 6, 45).Proposals;
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Theory]
    [MemberData(nameof(Cores))]
    public void Proposals_are_valid_points_of_a_conditional_mixed_space(string name)
    {
        // Two objectives pulling the always-active numbers in opposite directions, and a constraint on one branch, so
        // the models see both branches, every kind of parameter, and infeasible points.
        SearchSpaceDescriptor space = KitchenSink.Descriptor;
        IMultiObjectiveCore core = Create(name);
        var random = new RandomSource(11);
        var observations = new List<MultiObjectiveObservation>();
        var adam = space.IndexOf("Adam.LearningRate");
        var momentum = space.IndexOf("Sgd.Momentum");
        int adamSeen = 0, momentumSeen = 0;
        for (int t = 0; t < 40; t++)
        {
            ParameterSet proposal = core.Propose(space, observations, random);
            Assert.Null(space.Validate(proposal.Values));
            var unit = new double[space.Count];
            space.ToUnitVector(proposal.Values, unit);
            double mean = unit.Average();
            adamSeen += proposal.IsActive(adam) ? 1 : 0;
            momentumSeen += proposal.IsActive(momentum) ? 1 : 0;
            double[] constraint = [proposal.IsActive(adam) ? unit[adam] - 0.5 : -1];
            observations.Add(new MultiObjectiveObservation(proposal.ActiveValues.ToDictionary(p => p.Key, p => p.Value), [mean, 1 - mean + unit[0]], constraint));
        }

        Assert.True(adamSeen > 0 && momentumSeen > 0, $"adam {adamSeen}, sgd with momentum {momentumSeen}");
    }

    [Fact]
    public void Motpe_split_puts_feasible_points_first_and_fills_with_the_least_violating()
    {
        var core = new MotpeCore { Gamma = _ => 3 };
        SearchSpaceDescriptor space = BinhKornSpace.Descriptor;
        // Infeasible points with the best objectives (violations 5, 1, 2) and two feasible ones.
        ObservationSet set = Set(space, ([0, 0], 5), ([0.1, 0.1], 1), ([5, 5], 0), ([0.2, 0.2], 2), ([6, 4], 0));
        (List<int> good, List<int> bad) = core.Split(set);
        Assert.Equal(new[] { 1, 2, 4 }, good);
        Assert.Equal(new[] { 0, 3 }, bad);

        // Enough feasible points: the infeasible ones are all bad, whatever their objectives.
        set = Set(space, ([0, 0], 5), ([3, 3], 0), ([1, 5], 0), ([5, 1], 0), ([4, 4], 0), ([9, 9], 0));
        (good, bad) = core.Split(set);
        Assert.Equal(new[] { 1, 2, 3 }, good);
        Assert.Equal(new[] { 0, 4, 5 }, bad);
    }

    [Fact]
    public void Motpe_split_takes_whole_fronts_then_the_hypervolume_subset_of_the_next()
    {
        var core = new MotpeCore { Gamma = _ => 3 };
        // Front 0: (0, 0). Front 1: (1, 4), (2, 2), (4, 1) and (2.1, 2.1)... no: (2.1, 2.1) is dominated by (2, 2), front 2.
        // Two of front 1 are taken: against its reference (4.3, 4.3), (2, 2) adds 2.3² = 5.29 first; then (1, 4) adds
        // 1·0.3 = 0.3 and (4, 1) adds 0.3·1 = 0.3: a tie, which the lower index wins.
        ObservationSet set = Set(BinhKornSpace.Descriptor, ([4, 1], 0), ([0, 0], 0), ([2.1, 2.1], 0), ([2, 2], 0), ([1, 4], 0));
        (List<int> good, _) = core.Split(set);
        Assert.Equal(new[] { 0, 1, 3 }, good);
    }

    [Fact]
    public void Motpe_weights_the_good_points_by_hypervolume_contribution()
    {
        var core = new MotpeCore();
        // Reference (1.1, 1.1): contributions 0.05, 0.09 (the quarter [0.5, 1)² less what the dominated (0.6, 0.6) still
        // covers), 0.05; the dominated point none; the infeasible one the floor.
        ObservationSet set = Set(BinhKornSpace.Descriptor, ([0, 1], 0), ([0.5, 0.5], 0), ([1, 0], 0), ([0.6, 0.6], 0), ([0.2, 0.2], 3));
        double[] weights = core.GoodWeights(set, [0, 1, 2, 3, 4]);
        Assert.Equal(0.05 / 0.09, weights[0], 9);
        Assert.Equal(1.0, weights[1], 9);
        Assert.Equal(0.05 / 0.09, weights[2], 9);
        Assert.Equal(1e-12, weights[3], 15);
        Assert.Equal(1e-12, weights[4], 15);

        // No feasible good point: equal weights, so the model follows the least violating points towards feasibility.
        set = Set(BinhKornSpace.Descriptor, ([0, 1], 2), ([1, 0], 3));
        Assert.Equal(new[] { 1.0, 1.0 }, core.GoodWeights(set, [0, 1]));
    }

    [Fact]
    public void Nsga2_population_is_the_best_of_the_previous_population_and_its_children()
    {
        var core = new NsgaIICore { PopulationSize = 4 };
        // Generation 0: (0, 4), (4, 0), (2, 2), (5, 5). Generation 1: (1, 1), (3, 3), (1, 3.5), (6, 6).
        // Fronts of the eight: {(0,4), (4,0), (1,1)}, {(2,2), (1,3.5)} (both dominated by (1,1) only), ...: the first
        // front and one of the second; both of its points are extremes (+∞), so the earlier one, (2, 2), wins the tie.
        ObservationSet set = Set(BinhKornSpace.Descriptor,
            ([0, 4], 0), ([4, 0], 0), ([2, 2], 0), ([5, 5], 0), ([1, 1], 0), ([3, 3], 0), ([1, 3.5], 0), ([6, 6], 0));
        List<NsgaIICore.Member> population = core.Population(set);
        Assert.Equal(new[] { 0, 1, 2, 4 }, population.Select(m => m.Index).Order());
        Assert.Equal(1, population.Single(m => m.Index == 2).Rank);
        Assert.Equal(new[] { 0, 0, 0, 1 }, population.Select(m => m.Rank).Order());

        // Only the first generation: it is the population as it stands.
        Assert.Equal(new[] { 0, 1, 2, 3 }, core.Population(Set(BinhKornSpace.Descriptor, ([0, 4], 0), ([4, 0], 0), ([2, 2], 0), ([5, 5], 0))).Select(m => m.Index).Order());
    }

    [Fact]
    public void Nsga2_population_prefers_feasible_points()
    {
        var core = new NsgaIICore { PopulationSize = 2 };
        ObservationSet set = Set(BinhKornSpace.Descriptor, ([0, 0], 1), ([9, 9], 0), ([1, 1], 0.5), ([8, 8], 0));
        Assert.Equal(new[] { 1, 3 }, core.Population(set).Select(m => m.Index).Order());
    }

    [Fact]
    public void Default_moves_from_motpe_to_nsga2_and_uses_constrained_tpe_for_one_objective()
    {
        var core = new AutoMultiObjectiveCore();
        var two = Enumerable.Range(0, 300).Select(i => Observation([i, -i], 0)).ToList();
        Assert.IsType<MotpeCore>(core.Choose(two.Take(299).ToList()));
        Assert.True(((MotpeCore)core.Choose(two.Take(299).ToList())).Multivariate);
        Assert.IsType<NsgaIICore>(core.Choose(two));
        var one = Enumerable.Range(0, 400).Select(i => Observation([i], 1)).ToList();
        Assert.False(Assert.IsType<MotpeCore>(core.Choose(one)).Multivariate);
    }

    [Fact]
    public void Observations_with_non_finite_objectives_are_left_out_and_counts_must_agree()
    {
        SearchSpaceDescriptor space = BinhKornSpace.Descriptor;
        var set = new ObservationSet(space, [Observation([1, 2], 0), Observation([double.NaN, 1], 0), Observation([0, double.PositiveInfinity], 0)]);
        Assert.Single(set.Valid);
        Assert.Throws<ArgumentException>(() => new ObservationSet(space, [Observation([1, 2], 0), Observation([1, 2, 3], 0)]));
        Assert.Throws<ArgumentException>(() => new MultiObjectiveObservation(new Dictionary<string, double>(), []));
    }

    private static IMultiObjectiveCore Create(string name) => name switch
    {
        "nsga2" => new NsgaIICore(),
        "motpe" => new MotpeCore(),
        "motpe_mv" => new MotpeCore { Multivariate = true },
        "default" => new AutoMultiObjectiveCore(),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    // An ask/tell loop (random search when core is null): the hypervolume of the feasible points and every proposal.
    private static (double Hypervolume, List<ParameterSet> Proposals) Run(IMultiObjectiveProblem problem, IMultiObjectiveCore? core, ulong seed, int trials)
    {
        var random = new RandomSource(seed);
        var observations = new List<MultiObjectiveObservation>();
        var proposals = new List<ParameterSet>();
        var feasible = new List<double[]>();
        var values = new double[problem.Space.Count];
        for (int t = 0; t < trials; t++)
        {
            ParameterSet proposal;
            if (core is null)
            {
                problem.Space.SampleValues(random, values);
                proposal = ParameterSet.Create(problem.Space, values);
            }
            else
            {
                proposal = core.Propose(problem.Space, observations, random);
            }

            (double[] objectives, double[] constraints) = problem.Evaluate(proposal.Values);
            var observation = new MultiObjectiveObservation(proposal.ActiveValues.ToDictionary(p => p.Key, p => p.Value), objectives, constraints);
            observations.Add(observation);
            proposals.Add(proposal);
            if (observation.IsFeasible)
            {
                feasible.Add(objectives);
            }
        }

        return (Hypervolume.Compute(feasible, problem.Reference), proposals);
    }

    private static MultiObjectiveObservation Observation(double[] objectives, double violation) =>
        new(new Dictionary<string, double> { ["X"] = 1, ["Y"] = 1 }, objectives, [violation]);

    private static ObservationSet Set(SearchSpaceDescriptor space, params (double[] Objectives, double Violation)[] points) =>
        new(space, points.Select(p => Observation(p.Objectives, p.Violation)).ToList());
}
