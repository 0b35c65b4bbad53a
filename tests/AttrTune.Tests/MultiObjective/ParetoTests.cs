using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.MultiObjective;
using CsCheck;
using Xunit;

namespace AttrTune.Tests.MultiObjective;

/// <summary>Dominance, non-dominated sorting and crowding distance on cases worked out by hand.</summary>
public class ParetoTests
{
    [Fact]
    public void Dominance_needs_no_worse_everywhere_and_better_somewhere()
    {
        Assert.True(Pareto.Dominates([1.0, 2.0], [1.0, 3.0]));
        Assert.True(Pareto.Dominates([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]));
        Assert.False(Pareto.Dominates([1.0, 2.0], [1.0, 2.0]));
        Assert.False(Pareto.Dominates([1.0, 3.0], [2.0, 2.0]));
        Assert.False(Pareto.Dominates([2.0, 2.0], [1.0, 3.0]));
        Assert.Throws<ArgumentException>(() => Pareto.Dominates([1.0], [1.0, 2.0]));
    }

    [Fact]
    public void Total_violation_sums_the_positive_constraints()
    {
        Assert.Equal(0, Pareto.TotalViolation([-1.0, 0.0, -3.0]));
        Assert.Equal(2.5, Pareto.TotalViolation([-1.0, 2.0, 0.5]));
        Assert.Equal(0, Pareto.TotalViolation([]));
        Assert.Equal(double.PositiveInfinity, Pareto.TotalViolation([-1.0, double.NaN]));
    }

    [Fact]
    public void Constrained_dominance_follows_debs_three_rules()
    {
        // Feasible beats infeasible, whatever the objectives.
        Assert.True(Pareto.ConstrainedDominates([9.0, 9.0], 0, [0.0, 0.0], 0.1));
        Assert.False(Pareto.ConstrainedDominates([0.0, 0.0], 0.1, [9.0, 9.0], 0));
        // Of two infeasible, the smaller violation wins, whatever the objectives; equal violations: neither.
        Assert.True(Pareto.ConstrainedDominates([9.0, 9.0], 0.5, [0.0, 0.0], 2));
        Assert.False(Pareto.ConstrainedDominates([0.0, 0.0], 2, [9.0, 9.0], 0.5));
        Assert.False(Pareto.ConstrainedDominates([0.0, 0.0], 1, [9.0, 9.0], 1));
        // Of two feasible, plain dominance.
        Assert.True(Pareto.ConstrainedDominates([1.0, 1.0], 0, [1.0, 2.0], 0));
        Assert.False(Pareto.ConstrainedDominates([1.0, 2.0], 0, [2.0, 1.0], 0));
    }

    [Fact]
    public void Non_dominated_sort_by_hand()
    {
        // Minimising both: A(1,5) B(2,3) C(4,1) form the first front; D(3,4) is dominated by B only; E(5,5) by all of
        // A..D (B dominates it, and D does, so it is behind D); F(2,3) equals B and shares its front.
        double[][] points = [[1, 5], [2, 3], [4, 1], [3, 4], [5, 5], [2, 3]];
        int[][] fronts = Pareto.NonDominatedSort(points);
        Assert.Equal(3, fronts.Length);
        Assert.Equal(new[] { 0, 1, 2, 5 }, fronts[0]);
        Assert.Equal(new[] { 3 }, fronts[1]);
        Assert.Equal(new[] { 4 }, fronts[2]);
        Assert.Equal(new[] { 0, 0, 0, 1, 2, 0 }, Pareto.Ranks(points));
        Assert.Equal(new[] { 0, 1, 2, 5 }, Pareto.Front(points));
    }

    [Fact]
    public void Constrained_sort_puts_feasible_first_then_by_violation()
    {
        // The infeasible points have the best objectives, yet come after every feasible one, in order of violation;
        // the two feasible points trade off and share the first front.
        double[][] points = [[0, 0], [5, 1], [1, 5], [0, 1], [9, 9]];
        double[] violations = [3, 0, 0, 1, 0];
        int[][] fronts = Pareto.NonDominatedSort(points, violations);
        Assert.Equal(new[] { 1, 2 }, fronts[0]);
        Assert.Equal(new[] { 4 }, fronts[1]);
        Assert.Equal(new[] { 3 }, fronts[2]);
        Assert.Equal(new[] { 0 }, fronts[3]);
        Assert.Equal(new[] { 1, 2 }, Pareto.Front(points, violations));
        // None feasible: the least violating point is the front.
        Assert.Equal(new[] { 1 }, Pareto.Front([[0.0, 0.0], [5.0, 5.0]], [2.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Pareto.NonDominatedSort(points, [0.0]));
    }

    [Fact]
    public void Empty_and_single_sets()
    {
        Assert.Empty(Pareto.NonDominatedSort([]));
        Assert.Empty(Pareto.Front([]));
        Assert.Equal(new[] { new[] { 0 } }, Pareto.NonDominatedSort([[1.0, 1.0]]));
        Assert.Empty(Pareto.CrowdingDistance([]));
        Assert.Equal(new[] { double.PositiveInfinity, double.PositiveInfinity }, Pareto.CrowdingDistance([[0.0, 1.0], [1.0, 0.0]]));
    }

    [Fact]
    public void Crowding_distance_by_hand()
    {
        // Front (0,4) (1,2) (3,1) (4,0): ranges 4 and 4. (1,2): (3−0)/4 + (4−1)/4 = 1.5; (3,1): (4−1)/4 + (2−0)/4 = 1.25.
        double[] distance = Pareto.CrowdingDistance([[1.0, 2.0], [0.0, 4.0], [4.0, 0.0], [3.0, 1.0]]);
        Assert.Equal(1.5, distance[0], 12);
        Assert.Equal(double.PositiveInfinity, distance[1]);
        Assert.Equal(double.PositiveInfinity, distance[2]);
        Assert.Equal(1.25, distance[3], 12);
    }

    [Fact]
    public void Crowding_distance_ignores_an_objective_that_does_not_vary()
    {
        // The second objective is constant: it adds nothing (no division by a zero range), and its tie-broken extremes
        // are the first and last index. Along the first: (2−0)/3 for index 1, (3−1)/3 for index 2.
        double[] distance = Pareto.CrowdingDistance([[0.0, 7.0], [1.0, 7.0], [2.0, 7.0], [3.0, 7.0]]);
        Assert.Equal(double.PositiveInfinity, distance[0]);
        Assert.Equal(2.0 / 3, distance[1], 12);
        Assert.Equal(2.0 / 3, distance[2], 12);
        Assert.Equal(double.PositiveInfinity, distance[3]);
    }

    [Fact]
    public void Leading_fronts_are_the_sorts_first_fronts()
    {
        // Coarse grids make ties and equal points common; 1 to 4 objectives.
        Gen<double[][]> sets = Gen.Int[1, 4].SelectMany(m => Gen.Int[0, 40].SelectMany(n => Gen.Int[0, 5].Select(i => i / 5.0).Array[m].Array[n]));
        Gen.Select(sets, Gen.Int[0, 45]).Sample((points, count) =>
        {
            int[][] all = Pareto.NonDominatedSort(points);
            List<int[]> leading = Pareto.LeadingFronts(points, count);
            int expectedFronts = 0;
            for (int ranked = 0; ranked < count && expectedFronts < all.Length; expectedFronts++)
            {
                ranked += all[expectedFronts].Length;
            }

            Assert.Equal(expectedFronts, leading.Count);
            for (int f = 0; f < leading.Count; f++)
            {
                Assert.Equal(all[f], leading[f]);
            }
        }, iter: 300);
    }

    [Fact]
    public void Sort_is_consistent_with_dominance_on_random_sets()
    {
        Gen<double[][]> sets = Gen.Int[1, 4].SelectMany(m => Gen.Int[1, 30].SelectMany(n => Gen.Int[0, 5].Select(i => i / 5.0).Array[m].Array[n]));
        sets.Sample(points =>
        {
            int[] ranks = Pareto.Ranks(points);
            for (int i = 0; i < points.Length; i++)
            {
                // Rank r > 0 means some point of rank r - 1 dominates it, and nothing of its own rank or worse does.
                Assert.True(ranks[i] == 0 || Enumerable.Range(0, points.Length).Any(j => ranks[j] == ranks[i] - 1 && Pareto.Dominates(points[j], points[i])));
                Assert.DoesNotContain(Enumerable.Range(0, points.Length), j => ranks[j] >= ranks[i] && Pareto.Dominates(points[j], points[i]));
            }
        }, iter: 300);
    }
}
