using System;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Distributions;
using AttrTune.Problems;
using AttrTune.Randomness;
using AttrTune.Samplers;
using Xunit;

namespace AttrTune.Tests.Engine;

public sealed class TpeSamplerContractTests : SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new TpeSampler(seed, new TpeOptions { StartupTrials = 5 });
}

public class TpeTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-2.0, 0.022750131948179195)]
    [InlineData(-6.0, 9.865876450376946e-10)]
    [InlineData(3.0, 0.9986501019683699)]
    public void The_normal_cdf_is_accurate_in_the_tails(double z, double expected)
    {
        Assert.True(Math.Abs(ParzenEstimator.NormalCdf(z) - expected) <= 2e-7 * Math.Max(expected, 1e-300) + 1e-15, $"{ParzenEstimator.NormalCdf(z):R}");
    }

    [Fact]
    public void The_vectorised_normal_cdf_agrees_with_the_scalar_one()
    {
        double[] z = Enumerable.Range(-400, 801).Select(i => i / 40.0).ToArray();
        double[] batch = (double[])z.Clone();
        ParzenEstimator.NormalCdfs(batch);
        for (int i = 0; i < z.Length; i++)
        {
            Assert.True(Math.Abs(batch[i] - ParzenEstimator.NormalCdf(z[i])) <= 1e-14 + 1e-13 * ParzenEstimator.NormalCdf(z[i]), $"z={z[i]}: {batch[i]:R} vs {ParzenEstimator.NormalCdf(z[i]):R}");
        }
    }

    [Theory]
    [InlineData(1e-10)]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.97)]
    public void The_normal_quantile_inverts_the_cdf(double p)
    {
        Assert.Equal(p, ParzenEstimator.NormalCdf(ParzenEstimator.NormalQuantile(p)), 6);
    }

    [Fact]
    public void Draws_follow_the_estimators_own_density()
    {
        // Sampling and scoring must describe the same mixture: the draws' KS distance to the CDF obtained by
        // integrating exp(LogLikelihood) stays below the 0.1% critical value.
        var estimator = new ParzenEstimator(-5, 10, 0, new[] { -4.9, 0.3, 0.5, 7.0, 9.95 }, new[] { 1.0, 1.0, 1.0, 1.0, 1.0 }, priorWeight: 1, magicClip: true);
        const int grid = 30000;
        double step = 15.0 / grid;
        var cumulative = new double[grid + 1];
        for (int i = 1; i <= grid; i++)
        {
            double a = -5 + (i - 1) * step, b = -5 + i * step;
            cumulative[i] = cumulative[i - 1] + 0.5 * step * (Math.Exp(estimator.LogLikelihood(a)) + Math.Exp(estimator.LogLikelihood(b)));
        }

        Assert.Equal(1.0, cumulative[grid], 4);
        double Cdf(double x) => cumulative[Math.Clamp((int)Math.Round((x + 5) / step), 0, grid)] / cumulative[grid];
        var random = new RandomSource(17);
        double[] draws = Enumerable.Range(0, 20000).Select(_ => estimator.Sample(random)).ToArray();
        double d = Statistics.KolmogorovSmirnov(draws, Cdf);
        Assert.True(d < Statistics.KolmogorovSmirnovCritical(draws.Length), $"KS statistic {d}");
    }

    [Fact]
    public void Log_integer_candidates_are_scored_at_the_integer_they_will_become()
    {
        var scale = TpeSampler.Scale.Of(new IntDistribution(16, 1024, log: true));
        Assert.Equal(Math.Log(100), scale.Snap(Math.Log(100.4)), 12);
        Assert.Equal(Math.Log(16), scale.Snap(scale.Low), 12);
        Assert.Equal(Math.Log(1024), scale.Snap(scale.High), 12);
        var linear = TpeSampler.Scale.Of(new IntDistribution(0, 100, step: 5));
        Assert.Equal(35, linear.Snap(36.4));
    }

    [Fact]
    public void Choice_draws_follow_the_choice_estimators_probabilities()
    {
        var estimator = new CategoricalParzenEstimator(4, new[] { 2.0, 2.0, 0.0, 2.0, 3.0 }, TpeSampler.DefaultWeights(5), priorWeight: 1);
        double[] probabilities = Enumerable.Range(0, 4).Select(c => Math.Exp(estimator.LogLikelihood(c))).ToArray();
        Assert.Equal(1.0, probabilities.Sum(), 12);
        Assert.True(probabilities[1] > 0, "a choice never observed keeps the prior's share");
        var random = new RandomSource(23);
        var counts = new double[4];
        for (int i = 0; i < 20000; i++)
        {
            counts[estimator.Sample(random)]++;
        }

        Assert.True(Statistics.ChiSquare(counts, probabilities) < Statistics.ChiSquareCritical(3), string.Join(", ", counts));
    }

    [Fact]
    public void Kernels_stay_in_range_and_the_density_peaks_at_the_observations()
    {
        var estimator = new ParzenEstimator(0, 10, 0, new[] { 2.0, 2.5, 8.0 }, new[] { 1.0, 1.0, 1.0 }, priorWeight: 1, magicClip: true);
        var random = new RandomSource(3);
        Assert.All(Enumerable.Range(0, 2000).Select(_ => estimator.Sample(random)), x => Assert.InRange(x, 0, 10));
        Assert.True(estimator.LogLikelihood(2.2) > estimator.LogLikelihood(5.0));
        Assert.True(estimator.LogLikelihood(8.0) > estimator.LogLikelihood(9.9));
    }

    [Theory]
    [InlineData("branin")]
    [InlineData("mixed_ml")]
    public async Task Tpe_beats_random_search_at_the_same_budget(string problemName)
    {
        // Convergence, not speed: the median over 7 fixed seeds of the best value after 60 trials.
        IProblem problem = BenchmarkProblems.All.Single(p => p.Name == problemName);
        double tpe = await MedianRegret(problem, seed => new TpeSampler(seed));
        double random = await MedianRegret(problem, seed => new RandomSampler(seed));
        Assert.True(tpe < random, $"{problemName}: TPE median regret {tpe:G4} vs random {random:G4}");
    }

    private static async Task<double> MedianRegret(IProblem problem, Func<ulong, ISampler> sampler)
    {
        double[] regrets = await Task.WhenAll(Enumerable.Range(1, 7).Select(seed => Task.Run(() => ProblemRunner.BestAfter(problem, sampler((ulong)seed), 60) - problem.Optimum)));
        Array.Sort(regrets);
        return regrets[regrets.Length / 2];
    }
}
