using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using AttrTune.MultiObjective;
using AttrTune.Randomness;
using CsCheck;
using Xunit;

namespace AttrTune.Tests.MultiObjective;

/// <summary>
/// Hypervolume against an exact brute force (inclusion–exclusion over every subset, for up to 9 points), against
/// Optuna 3.1's WFG (Baselines/optuna_hypervolume.json, from bench/optuna/hypervolume_fixtures.py) and across our own
/// algorithms (the 3-D sweep against WFG in 4-D with a constant fourth objective).
/// </summary>
public class HypervolumeTests
{
    // Inclusion–exclusion sums up to 511 terms of size at most the reference box (here below 2^d): rounding errors of
    // about 1e-16 each stay below 1e-12, so 1e-9 leaves room without hiding a wrong region (those differ by a box).
    private const double BruteForceTolerance = 1e-9;

    public static TheoryData<int> Dimensions => new() { 1, 2, 3, 4, 5 };

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Matches_inclusion_exclusion_on_random_sets(int d)
    {
        PointSets(d).Sample(points =>
        {
            double[] reference = Enumerable.Repeat(1.0, d).ToArray();
            double expected = BruteForce(points, reference);
            double actual = Hypervolume.Compute(points, reference);
            Assert.True(Math.Abs(expected - actual) <= BruteForceTolerance, $"expected {expected:R}, got {actual:R} for {Show(points)}");
        }, iter: 200);
    }

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void Contributions_are_what_each_point_removes(int d)
    {
        PointSets(d).Sample(points =>
        {
            double[] reference = Enumerable.Repeat(1.0, d).ToArray();
            double total = BruteForce(points, reference);
            double[] contributions = Hypervolume.Contributions(points, reference);
            for (int i = 0; i < points.Length; i++)
            {
                double expected = total - BruteForce(points.Where((_, j) => j != i).ToArray(), reference);
                Assert.True(Math.Abs(expected - contributions[i]) <= BruteForceTolerance, $"point {i}: expected {expected:R}, got {contributions[i]:R} for {Show(points)}");
            }
        }, iter: 100);
    }

    [Fact]
    public void Matches_optuna_wfg_on_every_fixture()
    {
        using JsonDocument fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MultiObjective", "Baselines", "optuna_hypervolume.json")));
        int cases = 0;
        foreach (JsonElement item in fixture.RootElement.GetProperty("cases").EnumerateArray())
        {
            string name = item.GetProperty("name").GetString()!;
            double[] reference = Doubles(item.GetProperty("reference"));
            double[][] points = item.GetProperty("points").EnumerateArray().Select(Doubles).ToArray();
            double expected = item.GetProperty("hypervolume").GetDouble();
            double actual = Hypervolume.Compute(points, reference);
            // Both sides are exact algorithms; they differ only in the order of floating-point sums.
            Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{name}: Optuna {expected:R}, ours {actual:R}");

            // Optuna's contributions are differences of two totals, so they carry the totals' rounding (about 1e-16 of the total).
            double[] expectedContributions = Doubles(item.GetProperty("contributions"));
            double[] contributions = Hypervolume.Contributions(points, reference);
            for (int i = 0; i < points.Length; i++)
            {
                Assert.True(Math.Abs(expectedContributions[i] - contributions[i]) <= 1e-12 * Math.Max(1, Math.Abs(expected)),
                    $"{name}, point {i}: Optuna {expectedContributions[i]:R}, ours {contributions[i]:R}");
            }

            cases++;
        }

        Assert.Equal(68, cases);
    }

    [Fact]
    public void Three_dimensional_sweep_agrees_with_wfg_on_large_fronts()
    {
        var random = new RandomSource(7);
        foreach (int n in new[] { 50, 200 })
        {
            double[][] points = SphereFront(random, n, 3).Concat(Uniform(random, n, 3)).ToArray();
            double[] reference = [1.1, 1.2, 1.3];
            double sweep = Hypervolume.Compute(points, reference);
            // A fourth objective equal for every point multiplies the volume by its side: WFG computes the same set.
            double wfg = Hypervolume.Compute(points.Select(p => p.Append(0.0).ToArray()).ToArray(), [.. reference, 1.0]);
            Assert.Equal(wfg, sweep, 1e-12);

            double twoD = Hypervolume.Compute(points.Select(p => p[..2]).ToArray(), reference[..2]);
            double asThree = Hypervolume.Compute(points.Select(p => new[] { p[0], p[1], 0.0 }).ToArray(), [.. reference[..2], 1.0]);
            Assert.Equal(twoD, asThree, 1e-12);
        }
    }

    [Fact]
    public void Known_volumes()
    {
        // A staircase below (3, 3): columns of heights 1, 2 and 3.
        Assert.Equal(6.0, Hypervolume.Compute([[0.0, 2.0], [1.0, 1.0], [2.0, 0.0]], [3.0, 3.0]), 12);
        // The unit cube's corner octant minus nothing: one point at the origin against (1, 1, 1).
        Assert.Equal(1.0, Hypervolume.Compute([[0.0, 0.0, 0.0]], [1.0, 1.0, 1.0]), 12);
        // Boxes of 1·2·1 and 1·1·2 overlapping in 1·1·1.
        Assert.Equal(3.0, Hypervolume.Compute([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], [1.0, 2.0, 2.0]), 12);
        Assert.Equal(2.5, Hypervolume.Compute([[1.5], [3.0]], [4.0]), 12);
    }

    [Fact]
    public void Points_that_do_not_strictly_dominate_the_reference_contribute_nothing()
    {
        double[] reference = [1.0, 1.0, 1.0];
        Assert.Equal(0.0, Hypervolume.Compute([], reference));
        Assert.Equal(0.0, Hypervolume.Compute([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]], reference));
        Assert.Equal(0.0, Hypervolume.Compute([[double.NaN, 0.0, 0.0]], reference));
        // Two coordinates beyond the reference must not make a positive box.
        Assert.Equal(0.0, Hypervolume.Compute([[2.0, 2.0, 0.0]], reference));
        Assert.Equal(0.125, Hypervolume.Compute([[0.5, 0.5, 0.5], [1.0, 0.0, 0.0], [2.0, 2.0, -1.0]], reference), 12);
        Assert.Equal(new[] { 0.125, 0, 0 }, Hypervolume.Contributions([[0.5, 0.5, 0.5], [1.0, 0.0, 0.0], [2.0, 2.0, -1.0]], reference));
    }

    [Fact]
    public void Equal_and_dominated_points_contribute_nothing()
    {
        double[][] points = [[0.2, 0.6], [0.2, 0.6], [0.5, 0.5], [0.6, 0.7], [0.7, 0.1]];
        double[] contributions = Hypervolume.Contributions(points, [1.0, 1.0]);
        Assert.Equal(0, contributions[0]);
        Assert.Equal(0, contributions[1]);
        Assert.Equal(0, contributions[3]);
        // (0.5, 0.5) alone covers [0.5, 0.7) × [0.5, 0.6); (0.7, 0.1) alone covers [0.7, 1) × [0.1, 0.5).
        Assert.Equal(0.02, contributions[2], 12);
        Assert.Equal(0.3 * 0.4, contributions[4], 12);
    }

    [Fact]
    public void Rejects_malformed_input()
    {
        Assert.Throws<ArgumentException>(() => Hypervolume.Compute([[0.0, 0.0]], [1.0, 1.0, 1.0]));
        Assert.Throws<ArgumentException>(() => Hypervolume.Compute([[0.0, 0.0]], [1.0, double.NaN]));
        Assert.Throws<ArgumentException>(() => Hypervolume.Contributions([[0.0]], [double.PositiveInfinity]));
        Assert.Throws<ArgumentNullException>(() => Hypervolume.Compute(null!, [1.0]));
    }

    [Fact]
    public void Greedy_subset_picks_what_adds_most_each_time()
    {
        PointSets(3).Sample(points =>
        {
            double[] reference = [1.0, 1.0, 1.0];
            int count = Math.Min(4, points.Length);
            int[] picked = Hypervolume.GreedySubset(points, reference, count);
            var chosen = new List<double[]>();
            var taken = new HashSet<int>();
            foreach (int index in picked)
            {
                double gain = BruteForce([.. chosen, points[index]], reference) - BruteForce(chosen.ToArray(), reference);
                for (int j = 0; j < points.Length; j++)
                {
                    if (!taken.Contains(j) && j != index)
                    {
                        double other = BruteForce([.. chosen, points[j]], reference) - BruteForce(chosen.ToArray(), reference);
                        Assert.True(other <= gain + BruteForceTolerance, $"picked {index} (gain {gain:R}) over {j} (gain {other:R})");
                    }
                }

                Assert.True(taken.Add(index));
                chosen.Add(points[index]);
            }
        }, iter: 100);
    }

    [Fact]
    public void Fast_enough_for_a_sampler_on_every_trial()
    {
        var random = new RandomSource(3);
        double[][] three = SphereFront(random, 1000, 3).Concat(Uniform(random, 1000, 3)).ToArray();
        double[][] four = SphereFront(random, 60, 4);
        Hypervolume.Compute(three, [1.1, 1.1, 1.1]);
        var clock = Stopwatch.StartNew();
        double volume = Hypervolume.Compute(three, [1.1, 1.1, 1.1]);
        double threeMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        Hypervolume.Compute(four, [1.1, 1.1, 1.1, 1.1]);
        double fourMs = clock.Elapsed.TotalMilliseconds;
        // Measured 1 ms and 30 ms here; the bounds are generous for a shared machine, and catch an accidental O(n³).
        Assert.True(threeMs < 100, $"2,000 points in 3-D took {threeMs:F1} ms");
        Assert.True(fourMs < 2000, $"60 front points in 4-D took {fourMs:F1} ms");
        Assert.True(volume > 0);

        // 1,000 points of the sphere's octant: just below the whole front's 1.1³ − π/6.
        Assert.InRange(Hypervolume.Compute(three[..1000], [1.1, 1.1, 1.1]), 1.331 - Math.PI / 6 - 0.05, 1.331 - Math.PI / 6);
    }

    private static Gen<double[][]> PointSets(int d)
    {
        // Half the sets on a coarse grid, so ties, duplicates and points on the reference's faces are common.
        Gen<double> coordinate = Gen.Bool.SelectMany(grid => grid ? Gen.Int[0, 4].Select(i => i / 4.0) : Gen.Double[0.0, 1.0]);
        return Gen.Int[1, 9].SelectMany(n => coordinate.Array[d].Array[n]);
    }

    // The union of the boxes [p, r) by inclusion–exclusion: the sum over non-empty subsets of ±(box of their coordinate-wise max).
    private static double BruteForce(double[][] points, double[] reference)
    {
        double[][] inside = points.Where(p => p.Zip(reference).All(z => z.First < z.Second)).ToArray();
        int n = inside.Length;
        double total = 0;
        for (int mask = 1; mask < 1 << n; mask++)
        {
            double volume = 1;
            for (int k = 0; k < reference.Length; k++)
            {
                double worst = double.NegativeInfinity;
                for (int i = 0; i < n; i++)
                {
                    if ((mask & (1 << i)) != 0)
                    {
                        worst = Math.Max(worst, inside[i][k]);
                    }
                }

                volume *= reference[k] - worst;
            }

            total += int.PopCount(mask) % 2 == 1 ? volume : -volume;
        }

        return total;
    }

    private static double[][] SphereFront(RandomSource random, int n, int d) => Enumerable.Range(0, n).Select(_ =>
    {
        double[] x = Enumerable.Range(0, d).Select(_ => Math.Abs(random.NextGaussian())).ToArray();
        double norm = Math.Sqrt(x.Sum(v => v * v));
        return x.Select(v => v / norm).ToArray();
    }).ToArray();

    private static double[][] Uniform(RandomSource random, int n, int d) =>
        Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => random.NextDouble()).ToArray()).ToArray();

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    private static string Show(double[][] points) => string.Join(" ", points.Select(p => "(" + string.Join(", ", p.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + ")"));
}
