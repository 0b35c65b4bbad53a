using System;
using System.Linq;
using AttrTune.MultiObjective;
using AttrTune.Problems;
using Xunit;

namespace AttrTune.Tests.MultiObjective;

/// <summary>
/// The benchmark problems of bench/AttrTune.Problems against values known from their definitions' analysis (the
/// Pareto fronts in closed form, published optima) rather than against the formulas again.
/// </summary>
public class MultiObjectiveProblemTests
{
    private static readonly double[] Fractions = [0, 0.04, 0.25, 0.5, 0.81, 1];

    [Fact]
    public void Zdt_fronts_where_g_is_one()
    {
        foreach (double f1 in Fractions)
        {
            double[] x = new double[10];
            x[0] = f1;
            Assert.Equal(new[] { f1, 1 - Math.Sqrt(f1) }, MultiObjectiveFunctions.Zdt1(x), Tolerance);
            Assert.Equal(new[] { f1, 1 - f1 * f1 }, MultiObjectiveFunctions.Zdt2(x), Tolerance);
            Assert.Equal(new[] { f1, 1 - Math.Sqrt(f1) - f1 * Math.Sin(10 * Math.PI * f1) }, MultiObjectiveFunctions.Zdt3(x), Tolerance);
        }

        // Every variable at 0.5: g = 1 + 9 · 0.5 = 5.5, and f2 = 5.5 (1 − √(0.5 / 5.5)) = 5.5 − √(5.5 · 0.5).
        double[] centre = Enumerable.Repeat(0.5, 10).ToArray();
        Assert.Equal(5.5 - Math.Sqrt(2.75), MultiObjectiveFunctions.Zdt1(centre)[1], 12);
        Assert.Equal(5.5 - 0.25 / 5.5, MultiObjectiveFunctions.Zdt2(centre)[1], 12);
    }

    [Fact]
    public void Dtlz2_front_is_the_unit_sphere()
    {
        foreach (double a in Fractions)
        {
            foreach (double b in Fractions)
            {
                double[] f = MultiObjectiveFunctions.Dtlz2([a, b, 0.5, 0.5, 0.5, 0.5, 0.5], 3);
                Assert.Equal(1.0, f.Sum(v => v * v), 12);
                Assert.All(f, v => Assert.True(v >= -1e-15));
            }
        }

        // x1 = 0, x2 = 1: the second axis; the distance variables at 0 and 1 give g = 5 · 0.25, so the point is 2.25 out.
        Assert.Equal(new[] { 0, 1, 0.0 }, MultiObjectiveFunctions.Dtlz2([0, 1, 0.5, 0.5, 0.5, 0.5, 0.5], 3), Tolerance);
        Assert.Equal(new[] { 0, 2.25, 0 }, MultiObjectiveFunctions.Dtlz2([0, 1, 0, 1, 0, 1, 0], 3), Tolerance);
        Assert.Equal(new[] { 0, 0, 1.0 }, MultiObjectiveFunctions.Dtlz2([1, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5], 3), Tolerance);
    }

    [Fact]
    public void Dtlz7_front_where_g_is_one()
    {
        // The distance variables at 0: g = 1, so f3 = 2 (3 − Σ f_i / 2 (1 + sin 3π f_i)); at f1 = f2 = 0 that is 6.
        Assert.Equal(new[] { 0, 0, 6.0 }, MultiObjectiveFunctions.Dtlz7([0, 0, 0, 0, 0, 0, 0], 3), Tolerance);
        double[] f = MultiObjectiveFunctions.Dtlz7([0.5, 1, 0, 0, 0, 0, 0], 3);
        Assert.Equal(2 * (3 - 0.25 * (1 + Math.Sin(1.5 * Math.PI)) - 0.5 * (1 + Math.Sin(3 * Math.PI))), f[2], 12);
    }

    [Fact]
    public void Binh_korn_known_points()
    {
        // The ideal corner of the first objective, on the first constraint's boundary; the end of the front at (5, 3).
        (double[] objectives, double[] constraints) = MultiObjectiveFunctions.BinhKorn(0, 0);
        Assert.Equal(new[] { 0, 50.0 }, objectives);
        Assert.Equal(new[] { 0, 7.7 - 73 }, constraints, Tolerance);
        (objectives, constraints) = MultiObjectiveFunctions.BinhKorn(5, 3);
        Assert.Equal(new[] { 136, 4.0 }, objectives);
        Assert.True(constraints.All(c => c <= 0));
        // (0, 3) lies outside the disc of radius 5 around (5, 0): 25 + 9 − 25 = 9 > 0.
        Assert.Equal(9, MultiObjectiveFunctions.BinhKorn(0, 3).Constraints[0], 12);
        // Through the typed space, as the benchmark runs it.
        Assert.Equal(new[] { 136, 4.0 }, MultiObjectiveProblems.BinhKorn.Evaluate([5.0, 3.0]).Objectives);
    }

    [Fact]
    public void Constrained_single_objective_problems_reach_their_published_optima()
    {
        (double[] spring, double[] springConstraints) = MultiObjectiveFunctions.Spring(0.051690, 0.356750, 11.287126);
        Assert.Equal(0.0126652, spring[0], 6);
        Assert.All(springConstraints, c => Assert.True(c <= 1e-4, $"spring constraint {c}"));
        (double[] vessel, double[] vesselConstraints) = MultiObjectiveFunctions.PressureVessel(0.8125, 0.4375, 42.098446, 176.636596);
        Assert.Equal(6059.714, vessel[0], 2);
        Assert.All(vesselConstraints, c => Assert.True(c <= 1e-6, $"vessel constraint {c}"));
        (double[] g06, double[] g06Constraints) = MultiObjectiveFunctions.G06(14.095, 0.84296);
        Assert.Equal(-6961.81, g06[0], 1);
        Assert.All(g06Constraints, c => Assert.True(Math.Abs(c) <= 1e-4, $"g06 constraint {c}"));
        (double[] constr, double[] constrConstraints) = MultiObjectiveFunctions.Constr(0.5, 1.5);
        Assert.Equal(new[] { 0.5, 5.0 }, constr);
        Assert.Equal(new[] { 0.0, -2.0 }, constrConstraints, Tolerance);
    }

    [Fact]
    public void Reference_points_leave_room_for_the_whole_front()
    {
        // Fine samples of the fronts approach their hypervolumes in closed form: ZDT1 at (1.1, 11) is
        // ∫₀¹ (11 − 1 + √x) dx + 0.1 · 11 = 10 + 2/3 + 1.1; ZDT2 10 + 1/3 + 1.1; DTLZ2 at 1.1³ the cube less the octant.
        double[][] zdt1 = Enumerable.Range(0, 2001).Select(i => new[] { i / 2000.0, 1 - Math.Sqrt(i / 2000.0) }).ToArray();
        double[][] zdt2 = Enumerable.Range(0, 2001).Select(i => new[] { i / 2000.0, 1 - (i / 2000.0) * (i / 2000.0) }).ToArray();
        Assert.InRange(Hypervolume.Compute(zdt1, MultiObjectiveProblems.Zdt1.Reference), 11.7667 - 1e-3, 11.7667);
        Assert.InRange(Hypervolume.Compute(zdt2, MultiObjectiveProblems.Zdt2.Reference), 11.4333 - 1e-3, 11.4334);
        double[][] sphere = (from a in Enumerable.Range(0, 121) from b in Enumerable.Range(0, 121)
                             select MultiObjectiveFunctions.Dtlz2([a / 120.0, b / 120.0, 0.5, 0.5, 0.5, 0.5, 0.5], 3)).ToArray();
        Assert.InRange(Hypervolume.Compute(sphere, MultiObjectiveProblems.Dtlz2.Reference), 1.331 - Math.PI / 6 - 0.01, 1.331 - Math.PI / 6);
    }

    private static readonly EqualityComparer Tolerance = new();

    private sealed class EqualityComparer : System.Collections.Generic.IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
