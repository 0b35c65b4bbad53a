using System;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using Xunit;

namespace AttrTune.Tests;

/// <summary>
/// The samplers' priors match their distributions. Fixed seeds make the tests deterministic; the thresholds are
/// the 0.1% critical values, so a correct sampler fails with probability 0.001 per new seed and a biased one
/// (a bound left out, a decade over-weighted) fails at these sample sizes.
/// </summary>
public class StatisticalTests
{
    private const int N = 20_000;

    [Fact]
    public void Uniform_floats_pass_Kolmogorov_Smirnov()
    {
        var distribution = new FloatDistribution(-5, 10);
        double[] draws = Draw(distribution, 11);
        Assert.True(draws.All(x => x >= -5 && x <= 10));
        double d = Statistics.KolmogorovSmirnov(draws, x => (x + 5) / 15);
        Assert.True(d < Statistics.KolmogorovSmirnovCritical(N), $"KS statistic {d}");
    }

    [Fact]
    public void Log_uniform_floats_are_uniform_in_log_space()
    {
        var distribution = new FloatDistribution(1e-5, 1e-1, log: true);
        double[] draws = Draw(distribution, 12);
        double d = Statistics.KolmogorovSmirnov(draws, x => (Math.Log(x) - Math.Log(1e-5)) / (Math.Log(1e-1) - Math.Log(1e-5)));
        Assert.True(d < Statistics.KolmogorovSmirnovCritical(N), $"KS statistic {d}");

        // The same draws are far from uniform in linear space: the test has power.
        double linear = Statistics.KolmogorovSmirnov(draws, x => (x - 1e-5) / (1e-1 - 1e-5));
        Assert.True(linear > 10 * Statistics.KolmogorovSmirnovCritical(N));
    }

    [Fact]
    public void Choices_are_equally_likely()
    {
        var distribution = new CategoricalDistribution<string>("a", "b", "c", "d", "e");
        double[] counts = new double[5];
        var random = new RandomSource(13);
        for (int i = 0; i < N; i++)
        {
            counts[distribution.SampleIndex(random)]++;
        }

        double chi = Statistics.ChiSquare(counts, Enumerable.Repeat(0.2, 5).ToArray());
        Assert.True(chi < Statistics.ChiSquareCritical(4), $"chi-square {chi}");
    }

    [Fact]
    public void Stepped_values_are_equally_likely()
    {
        var floats = new FloatDistribution(0, 1, step: 0.25);
        var ints = new IntDistribution(0, 100, step: 20);
        Assert.True(Statistics.ChiSquare(CountPoints(floats, 14), Uniform(5)) < Statistics.ChiSquareCritical(4));
        Assert.True(Statistics.ChiSquare(CountPoints(ints, 15), Uniform(6)) < Statistics.ChiSquareCritical(5));
    }

    [Fact]
    public void Log_integers_follow_the_rounded_log_uniform_law()
    {
        // P(k) = [ln(k + 0.5) - ln(k - 0.5)] / [ln(high + 0.5) - ln(low - 0.5)]
        var distribution = new IntDistribution(1, 20, log: true);
        double span = Math.Log(20.5) - Math.Log(0.5);
        double[] expected = Enumerable.Range(1, 20).Select(k => (Math.Log(k + 0.5) - Math.Log(k - 0.5)) / span).ToArray();
        double chi = Statistics.ChiSquare(CountPoints(distribution, 16), expected);
        Assert.True(chi < Statistics.ChiSquareCritical(19), $"chi-square {chi}");
    }

    [Fact]
    public void Generated_sampling_of_a_whole_config_has_the_same_marginals()
    {
        var random = new RandomSource(17);
        double[] activations = new double[3];
        var learningRates = new double[N];
        for (int i = 0; i < N; i++)
        {
            TenParameters config = TenParameters.Sample(random);
            activations[config.Activation switch { Activation.Relu => 0, Activation.Tanh => 1, _ => 2 }]++;
            learningRates[i] = config.LearningRate;
        }

        Assert.True(Statistics.ChiSquare(activations, Uniform(3)) < Statistics.ChiSquareCritical(2));
        double d = Statistics.KolmogorovSmirnov(learningRates, x => (Math.Log(x) - Math.Log(1e-5)) / (Math.Log(1e-1) - Math.Log(1e-5)));
        Assert.True(d < Statistics.KolmogorovSmirnovCritical(N), $"KS statistic {d}");
    }

    private static double[] Uniform(int k) => Enumerable.Repeat(1.0 / k, k).ToArray();

    private static double[] Draw(Distribution distribution, ulong seed)
    {
        var random = new RandomSource(seed);
        return Enumerable.Range(0, N).Select(_ => distribution.Sample(random)).ToArray();
    }

    private static double[] CountPoints(Distribution distribution, ulong seed)
    {
        double[] grid = distribution.GetGridValues(0);
        double[] counts = new double[grid.Length];
        foreach (double draw in Draw(distribution, seed))
        {
            int index = Array.IndexOf(grid, draw);
            Assert.True(index >= 0, $"{draw} is not a grid value");
            counts[index]++;
        }

        return counts;
    }
}

internal static class Statistics
{
    public static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf)
    {
        double[] sorted = sample.OrderBy(x => x).ToArray();
        double d = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max(f - (double)i / sorted.Length, (double)(i + 1) / sorted.Length - f));
        }

        return d;
    }

    /// <summary>The asymptotic 0.1% critical value of the one-sample KS statistic.</summary>
    public static double KolmogorovSmirnovCritical(int n) => 1.9495 / Math.Sqrt(n);

    public static double ChiSquare(double[] counts, double[] probabilities)
    {
        double total = counts.Sum();
        return counts.Select((c, i) => Math.Pow(c - total * probabilities[i], 2) / (total * probabilities[i])).Sum();
    }

    /// <summary>The 0.1% critical value of chi-square with <paramref name="df"/> degrees of freedom (Wilson–Hilferty).</summary>
    public static double ChiSquareCritical(int df)
    {
        const double z = 3.0902; // standard normal 99.9% quantile
        double a = 2.0 / (9 * df);
        return df * Math.Pow(1 - a + z * Math.Sqrt(a), 3);
    }
}
