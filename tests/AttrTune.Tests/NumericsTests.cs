using System;
using System.Linq;
using AttrTune.Numerics;
using AttrTune.Randomness;
using Xunit;
using MathNetNormal = MathNet.Numerics.Distributions.Normal;

namespace AttrTune.Tests;

/// <summary>
/// The shared normal and truncated-normal functions. Reference values were computed with mpmath at 80 digits; the
/// tolerances are a few units in the last place, so an approximation of the old kind (1e-7 relative) fails them.
/// </summary>
public class NumericsTests
{
    private const double Ulp = 2.220446049250313e-16;

    private static void AssertRelative(double expected, double actual, double relative, double absolute = 0, string? context = null)
    {
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + absolute,
            $"{context}expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3})");
    }

    [Theory]
    [InlineData(-38.0, 2.8854283600687843e-316)]
    [InlineData(-37.5, 4.6053530095819548e-308)]
    [InlineData(-30.0, 4.9067139271481871e-198)]
    [InlineData(-20.0, 2.7536241186062337e-89)]
    [InlineData(-10.0, 7.6198530241605261e-24)]
    [InlineData(-8.3, 5.205569744890254e-17)]
    [InlineData(-5.7, 5.9903714010635282e-9)]
    [InlineData(-5.0, 2.8665157187919391e-7)]
    [InlineData(-3.0, 0.0013498980316300945)]
    [InlineData(-1.0, 0.15865525393145705)]
    [InlineData(-0.5, 0.3085375387259869)]
    [InlineData(-0.1, 0.46017216272297102)]
    [InlineData(0.0, 0.5)]
    [InlineData(0.3, 0.61791142218895263)]
    [InlineData(1.0, 0.84134474606854295)]
    [InlineData(2.5, 0.99379033467422386)]
    [InlineData(5.0, 0.99999971334842812)]
    [InlineData(8.3, 0.99999999999999995)]
    public void The_normal_cdf_matches_high_precision_values_into_the_subnormal_tail(double z, double expected)
    {
        // Φ(−38) is subnormal, where a double holds only about eight digits: the absolute term is its spacing.
        AssertRelative(expected, StandardNormal.Cdf(z), 4 * Ulp, 1e-323);
    }

    [Fact]
    public void The_normal_cdf_and_pdf_agree_with_mathnet_across_the_range()
    {
        // MathNet rounds z² before exponentiating, which costs it a relative error of about ε·z²/2 in the tails.
        for (double z = -37; z <= 9; z += 0.0137)
        {
            double tolerance = 4 * Ulp * (1 + z * z);
            AssertRelative(MathNetNormal.CDF(0, 1, z), StandardNormal.Cdf(z), tolerance, 0, $"Φ({z}): ");
            AssertRelative(MathNetNormal.PDF(0, 1, z), StandardNormal.Pdf(z), tolerance, 0, $"φ({z}): ");
        }
    }

    [Theory]
    [InlineData(-1e5, -5000000012.431864)]
    [InlineData(-1e3, -500007.82669481218)]
    [InlineData(-100.0, -5005.5242086942051)]
    [InlineData(-38.0, -726.55721601882013)]
    [InlineData(-20.0, -203.91715537109726)]
    [InlineData(-5.0, -15.064998393988726)]
    [InlineData(-1.0, -1.8410216450092635)]
    [InlineData(0.0, -0.69314718055994531)]
    [InlineData(1.0, -0.17275377902344989)]
    [InlineData(5.0, -2.8665161296376359e-7)]
    [InlineData(8.3, -5.2055697448902542e-17)]
    [InlineData(10.0, -7.6198530241605261e-24)]
    [InlineData(20.0, -2.7536241186062337e-89)]
    public void The_log_cdf_is_accurate_where_the_cdf_underflows_or_rounds_to_one(double z, double expected)
    {
        AssertRelative(expected, StandardNormal.LogCdf(z), 4 * Ulp);
    }

    [Fact]
    public void The_log_cdf_is_continuous_where_it_changes_formula()
    {
        // The branches meet at z = 0 and at z = −0.46875·√2.
        foreach (double boundary in new[] { 0.0, -0.46875 * Math.Sqrt(2) })
        {
            double below = StandardNormal.LogCdf(Math.BitDecrement(boundary));
            double above = StandardNormal.LogCdf(Math.BitIncrement(boundary));
            AssertRelative(below, above, 8 * Ulp, 0, $"at {boundary}: ");
        }

        Assert.Equal(double.NegativeInfinity, StandardNormal.LogCdf(double.NegativeInfinity));
        Assert.Equal(0, StandardNormal.LogCdf(double.PositiveInfinity));
        Assert.True(double.IsNaN(StandardNormal.LogCdf(double.NaN)));
    }

    [Theory]
    [InlineData(1e-300, -37.047096299361199)]
    [InlineData(1e-100, -21.273453560965324)]
    [InlineData(1e-20, -9.2623400897984076)]
    [InlineData(1e-10, -6.3613409024040562)]
    [InlineData(0.001, -3.0902323061678135)]
    [InlineData(0.02425, -1.9729610513118848)]
    [InlineData(0.1, -1.2815515655446004)]
    [InlineData(0.3, -0.52440051270804082)]
    [InlineData(0.7, 0.52440051270804066)]
    [InlineData(0.99, 2.3263478740408408)]
    public void The_quantile_matches_high_precision_values(double p, double expected)
    {
        // Acklam's approximation alone is 1.2e-9 off; the Newton refinement must bring it to the last bits.
        AssertRelative(expected, StandardNormal.Quantile(p), 4 * Ulp);
    }

    [Fact]
    public void The_quantile_inverts_the_cdf_from_the_smallest_subnormal_to_one_half()
    {
        Assert.Equal(0, StandardNormal.Quantile(0.5));
        Assert.Equal(double.NegativeInfinity, StandardNormal.Quantile(0));
        Assert.Equal(double.PositiveInfinity, StandardNormal.Quantile(1));
        Assert.True(double.IsNaN(StandardNormal.Quantile(1.5)));
        for (double log10 = -300; log10 < -0.302; log10 += 0.37)
        {
            double p = Math.Pow(10, log10);
            double x = StandardNormal.Quantile(p);

            // Φ's relative condition number at x is about x², so that is what an exact quantile can promise.
            AssertRelative(p, StandardNormal.Cdf(x), 4 * Ulp * (1 + x * x), 0, $"p = {p}: ");

            // The upper half mirrors the lower one exactly (1 − q is exact for q ≥ 1/2).
            double q = 1 - p;
            Assert.Equal(-StandardNormal.Quantile(1 - q), StandardNormal.Quantile(q));
        }

        Assert.InRange(StandardNormal.Quantile(double.Epsilon), -38.5, -38.4);
    }

    [Theory]
    [InlineData(-1e5, -447.19789367852505)]
    [InlineData(-1e3, -44.615747731969403)]
    [InlineData(-800.0, -39.884694838256678)]
    [InlineData(-50.0, -9.6748252836123565)]
    [InlineData(-1.0, -0.33747496376420246)]
    [InlineData(-1e-10, 6.3613409024117348)]
    [InlineData(-1e-20, 9.2623400897984076)]
    [InlineData(-1e-300, 37.047096299361199)]
    public void The_inverse_log_cdf_reaches_probabilities_no_double_can_hold(double logP, double expected)
    {
        AssertRelative(expected, StandardNormal.InverseLogCdf(logP), 8 * Ulp);
    }

    [Fact]
    public void The_vectorised_cdf_agrees_with_the_scalar_one_to_the_last_bits()
    {
        // Every branch: erf's central range, both rationals, the subnormal lanes the batch hands to the scalar code,
        // saturation, and the non-finite values; 7919 is prime, so the vector remainder is exercised too.
        double[] z = Enumerable.Range(0, 7919).Select(i => -45 + i * 90.0 / 7918).Concat(
            new[] { 0.0, -0.0, 0.66, -0.663, 5.65, -5.66, 37.6, -37.62, -37.63, -38.4, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300 }).ToArray();
        var batch = new double[z.Length];
        StandardNormal.Cdfs(z, batch);
        for (int i = 0; i < z.Length; i++)
        {
            double scalar = StandardNormal.Cdf(z[i]);
            if (double.IsNaN(scalar))
            {
                Assert.True(double.IsNaN(batch[i]), $"Φ({z[i]}) = {batch[i]}");
                continue;
            }

            // The two differ only through the exponential (the runtime's against TensorPrimitives'), by an ulp or two.
            AssertRelative(scalar, batch[i], 4 * Ulp, 1e-323, $"z = {z[i]:R}: ");
        }

        double[] inPlace = (double[])z.Clone();
        StandardNormal.Cdfs(inPlace, inPlace);
        Assert.Equal(batch, inPlace);
    }

    [Theory]
    [InlineData(40.0, 41.0, -804.60844201375379)]
    [InlineData(-41.0, -40.0, -804.60844201375379)]
    [InlineData(9.0, 10.0, -43.628216632280822)]
    [InlineData(38.0, 38.5, -726.55721602370045)]
    [InlineData(-1000.0, -999.0, -499008.32569431385)]
    [InlineData(30.0, 31.0, -454.32124395634325)]
    [InlineData(8.3, 8.4, -38.054315654992336)]
    [InlineData(-0.5, 0.5, -0.95991633369562232)]
    [InlineData(-3.0, 20.0, -0.0013508099647481938)]
    public void The_truncated_log_mass_stays_exact_where_the_naive_difference_is_zero(double a, double b, double expected)
    {
        AssertRelative(expected, TruncatedNormal.LogMass(a, b), 16 * Ulp);
        if (Math.Abs(expected) > 40)
        {
            // The case the log space exists for: Φ(b) − Φ(a) has nothing left.
            Assert.Equal(0, StandardNormal.Cdf(b) - StandardNormal.Cdf(a));
        }
    }

    [Fact]
    public void Batched_masses_and_log_masses_agree_with_the_scalar_ones()
    {
        var random = new RandomSource(5);
        int n = 1031;
        var a = new double[n];
        var b = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Left, right and central intervals; every seventh so far out that the linear mass underflows.
            double centre = i % 7 == 0 ? (i % 2 == 0 ? 1 : -1) * (40 + 20 * random.NextDouble()) : (random.NextDouble() - 0.5) * 12;
            double width = Math.Exp(random.NextDouble() * 6 - 6);
            (a[i], b[i]) = (centre - width, centre + width);
        }

        var masses = new double[n];
        var logMasses = new double[n];
        TruncatedNormal.Masses(a, b, masses, new double[n]);
        TruncatedNormal.LogMasses(a, b, logMasses, new double[n]);
        Assert.Contains(masses, m => m == 0);
        for (int i = 0; i < n; i++)
        {
            double mass = TruncatedNormal.Mass(a[i], b[i]);
            double logMass = TruncatedNormal.LogMass(a[i], b[i]);

            // A mass is a difference of two tail probabilities, each within an ulp or two of the scalar one: the
            // larger of them sets the error.
            double larger = b[i] <= 0 ? StandardNormal.Cdf(b[i]) : a[i] >= 0 ? StandardNormal.Cdf(-a[i]) : 1;
            AssertRelative(mass, masses[i], 0, 8 * Ulp * larger + 1e-323, $"[{a[i]}, {b[i]}]: ");
            AssertRelative(logMass, logMasses[i], 8 * Ulp, mass > 0 ? 8 * Ulp * larger / mass : 0, $"log [{a[i]}, {b[i]}]: ");
            if (mass > 1e-300)
            {
                AssertRelative(Math.Log(mass), logMass, 1e-13, 1e-13, $"log vs linear [{a[i]}, {b[i]}]: ");
            }
        }
    }

    [Theory]
    [InlineData(30.0, 31.0, 0.25, 30.009577257491085)]
    [InlineData(30.0, 31.0, 0.5, 30.023070467827309)]
    [InlineData(30.0, 31.0, 0.9, 30.076570337034928)]
    [InlineData(-1000.0, -999.0, 0.25, -999.00138767968892)]
    [InlineData(-1000.0, -999.0, 0.5, -999.00069384008541)]
    [InlineData(-1000.0, -999.0, 0.9, -999.0001054658704)]
    public void The_truncated_quantile_is_exact_far_in_both_tails(double a, double b, double q, double expected)
    {
        // Through Φ alone every q maps to an end of the interval (Φ(30) = Φ(31) = 1 in double precision).
        AssertRelative(expected, TruncatedNormal.Ppf(q, a, b), 4 * Ulp);
    }

    [Fact]
    public void The_truncated_quantile_inverts_the_truncated_cdf_and_keeps_its_ends()
    {
        foreach ((double a, double b) in new[] { (-1.0, 2.0), (-3.0, -2.5), (2.0, 5.0), (-0.1, 0.1), (-40.0, 40.0) })
        {
            Assert.Equal(a, TruncatedNormal.Ppf(0, a, b));
            Assert.Equal(b, TruncatedNormal.Ppf(1, a, b));
            double previous = a;
            for (double q = 0.01; q < 1; q += 0.01)
            {
                double x = TruncatedNormal.Ppf(q, a, b);
                Assert.InRange(x, previous, b);
                previous = x;
                double cdf = Math.Exp(TruncatedNormal.LogMass(a, x) - TruncatedNormal.LogMass(a, b));
                AssertRelative(q, cdf, 1e-12, 0, $"[{a}, {b}] at q = {q}: ");
            }
        }
    }

    [Theory]
    [InlineData(-1.0, 2.0)]
    [InlineData(2.0, 6.0)]
    [InlineData(-0.05, 0.05)]
    [InlineData(30.0, 31.0)]
    [InlineData(-1000.0, -990.0)]
    public void Truncated_draws_pass_a_kolmogorov_smirnov_test_against_the_truncated_cdf(double a, double b)
    {
        var random = new RandomSource(11);
        double[] draws = Enumerable.Range(0, 20000).Select(_ => TruncatedNormal.Sample(random, a, b)).ToArray();
        Assert.All(draws, x => Assert.InRange(x, a, b));
        double logMass = TruncatedNormal.LogMass(a, b);
        double d = Statistics.KolmogorovSmirnov(draws, x => x <= a ? 0 : Math.Exp(TruncatedNormal.LogMass(a, Math.Min(x, b)) - logMass));
        Assert.True(d < Statistics.KolmogorovSmirnovCritical(draws.Length), $"KS statistic {d}");
    }

    [Fact]
    public void The_truncated_log_pdf_integrates_to_one_far_in_the_tail()
    {
        foreach ((double a, double b) in new[] { (30.0, 31.0), (-1.0, 2.0), (-1000.0, -999.0) })
        {
            // Simpson's rule: near −999 the density falls by e every 0.001, too steep for the trapezoid rule.
            const int steps = 100000;
            double h = (b - a) / steps;
            double integral = 0;
            for (int i = 0; i <= steps; i++)
            {
                double weight = i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2;
                double x = i == steps ? b : a + i * h;
                integral += weight * h / 3 * Math.Exp(TruncatedNormal.LogPdf(x, a, b));
            }

            Assert.True(Math.Abs(integral - 1) < 1e-6, $"[{a}, {b}]: {integral:R}");
            Assert.Equal(double.NegativeInfinity, TruncatedNormal.LogPdf(Math.BitDecrement(a), a, b));
        }
    }

    [Theory]
    [InlineData(1e-20, 1e-20, 1e-20)]
    [InlineData(-1e-20, -1e-20, -1e-20)]
    [InlineData(1e-10, 9.9999999995000000e-11, 1.00000000005e-10)]
    [InlineData(0.5, 0.40546510810816438, 0.64872127070012815)]
    [InlineData(-0.75, -1.3862943611198906, -0.52763344725898529)]
    public void Log1p_and_expm1_keep_tiny_arguments(double x, double log1p, double expm1)
    {
        AssertRelative(log1p, LogSpace.Log1p(x), 2 * Ulp);
        AssertRelative(expm1, LogSpace.Expm1(x), 2 * Ulp);
    }

    [Fact]
    public void Log_sums_and_differences_of_exponentials_neither_overflow_nor_underflow()
    {
        Assert.Equal(-1000 + Math.Log(2), LogSpace.AddExp(-1000, -1000), 12);
        Assert.Equal(800, LogSpace.AddExp(800, -800), 12);
        Assert.Equal(-1000 + Math.Log(1 - Math.Exp(-1)), LogSpace.SubtractExp(-1000, -1001), 12);
        Assert.Equal(double.NegativeInfinity, LogSpace.SubtractExp(-3, -3));
        AssertRelative(-1e-20, LogSpace.Log1mExp(Math.Log(1e-20)), 4 * Ulp);
        AssertRelative(Math.Log(1e-20), LogSpace.Log1mExp(-1e-20), 2 * Ulp);

        double[] values = { -1e4, -1e4 + Math.Log(3), -2e4, double.NegativeInfinity };
        Assert.Equal(-1e4 + Math.Log(4), LogSpace.SumExp(values, new double[values.Length]), 9);
        double[] ordinary = Enumerable.Range(0, 300).Select(i => Math.Sin(i) * 5).ToArray();
        Assert.Equal(Math.Log(ordinary.Sum(Math.Exp)), LogSpace.SumExp(ordinary, new double[ordinary.Length]), 12);
    }
}
