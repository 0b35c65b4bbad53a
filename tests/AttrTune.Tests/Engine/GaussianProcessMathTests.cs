using System;
using System.Linq;
using AttrTune.Randomness;
using AttrTune.Samplers;
using Xunit;

namespace AttrTune.Tests.Engine;

public class GaussianProcessMathTests
{
    private static readonly bool[] Layout = { false, false, true };

    private static (double[] Inputs, double[] Outputs) Data(int n, int seed)
    {
        var random = new RandomSource((ulong)seed);
        var inputs = new double[n * 3];
        var outputs = new double[n];
        for (int i = 0; i < n; i++)
        {
            inputs[i * 3] = random.NextDouble();
            inputs[i * 3 + 1] = random.NextDouble();
            inputs[i * 3 + 2] = random.NextInt32(3);
            outputs[i] = Math.Sin(6 * inputs[i * 3]) + inputs[i * 3 + 1] * inputs[i * 3 + 1] + 0.3 * inputs[i * 3 + 2] - 0.5;
        }

        return (inputs, outputs);
    }

    private static readonly double[] Theta = { 1.2, -0.4, 0.3, 0.2, -6.0 };

    [Fact]
    public void Posterior_mean_and_variance_gradients_match_finite_differences()
    {
        (double[] inputs, double[] outputs) = Data(25, 1);
        var model = GaussianProcess.Create(Layout, GpHyperparameters.FromArray(Theta), inputs, outputs);
        double[] x = { 0.37, 0.61, 1 };
        var meanGradient = new double[3];
        var varianceGradient = new double[3];
        model.PredictWithGradient(x, out _, meanGradient, varianceGradient);
        for (int d = 0; d < 2; d++)
        {
            const double h = 1e-6;
            double[] plus = (double[])x.Clone();
            double[] minus = (double[])x.Clone();
            plus[d] += h;
            minus[d] -= h;
            double meanPlus = model.Predict(plus, out double varPlus);
            double meanMinus = model.Predict(minus, out double varMinus);
            Assert.Equal((meanPlus - meanMinus) / (2 * h), meanGradient[d], 5);
            Assert.Equal((varPlus - varMinus) / (2 * h), varianceGradient[d], 5);
        }

        Assert.Equal(0, meanGradient[2]);
    }

    [Fact]
    public void The_marginal_likelihood_gradient_matches_finite_differences()
    {
        (double[] inputs, double[] outputs) = Data(30, 2);
        var gradient = new double[Theta.Length];
        GaussianProcess.LogPosterior(Layout, inputs, outputs, Theta, gradient);
        for (int k = 0; k < Theta.Length; k++)
        {
            const double h = 1e-5;
            double[] plus = (double[])Theta.Clone();
            double[] minus = (double[])Theta.Clone();
            plus[k] += h;
            minus[k] -= h;
            var scratch = new double[Theta.Length];
            double numeric = (GaussianProcess.LogPosterior(Layout, inputs, outputs, plus, scratch) - GaussianProcess.LogPosterior(Layout, inputs, outputs, minus, scratch)) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient[k]) <= 1e-4 * Math.Max(1, Math.Abs(numeric)), $"theta[{k}]: analytic {gradient[k]:R}, numeric {numeric:R}");
        }
    }

    [Fact]
    public void Fitting_raises_the_marginal_likelihood_above_the_starting_point()
    {
        (double[] inputs, double[] outputs) = Data(30, 3);
        var scratch = new double[Theta.Length];
        double before = GaussianProcess.LogPosterior(Layout, inputs, outputs, Theta, scratch);
        GpHyperparameters fitted = GaussianProcess.FitHyperparameters(Layout, inputs, outputs, new[] { Theta }, 50);
        double after = GaussianProcess.LogPosterior(Layout, inputs, outputs, fitted.ToArray(), scratch);
        Assert.True(after > before, $"{after} <= {before}");
    }

    [Fact]
    public void Dot_and_subtract_scaled_read_only_the_leading_part_of_the_longer_operand()
    {
        // The solves pass a row prefix against a whole vector; every length up to a few vectors, remainders included.
        var random = new RandomSource(8);
        double[] x = Enumerable.Range(0, 40).Select(_ => random.NextDouble() - 0.5).ToArray();
        double[] y = Enumerable.Range(0, 40).Select(_ => random.NextDouble() - 0.5).ToArray();
        for (int length = 0; length <= 33; length++)
        {
            double expected = Enumerable.Range(0, length).Sum(i => x[i] * y[i]);
            Assert.Equal(expected, DenseMath.Dot(x.AsSpan(0, length), y), 14);

            double[] target = (double[])y.Clone();
            DenseMath.SubtractScaled(target.AsSpan(0, length), x, 0.75);
            for (int i = 0; i < target.Length; i++)
            {
                Assert.Equal(i < length ? y[i] - 0.75 * x[i] : y[i], target[i], 15);
            }
        }
    }

    [Fact]
    public void Cholesky_adds_the_smallest_jitter_that_factors_a_near_singular_kernel()
    {
        // Two identical points give a singular kernel; the jitter makes it factor, and L Lᵀ reproduces K + jitter·I.
        int n = 4;
        double[] points = { 0.1, 0.1, 0.5, 0.9 };
        var kernel = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                kernel[i * n + j] = Math.Exp(-Math.Pow(points[i] - points[j], 2) / 0.02);
            }
        }

        Assert.False(DenseMath.TryCholesky((double[])kernel.Clone(), n));
        var factor = new double[n * n];
        double jitter = DenseMath.CholeskyWithJitter(kernel, n, factor);
        Assert.InRange(jitter, 1e-12, 1e-4);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double product = Enumerable.Range(0, n).Sum(k => factor[i * n + k] * factor[j * n + k]);
                Assert.Equal(kernel[i * n + j] + (i == j ? jitter : 0), product, 10);
            }
        }

        Assert.Throws<InvalidOperationException>(() => DenseMath.CholeskyWithJitter(new[] { double.NaN }, 1, new double[1]));
    }

    [Fact]
    public void The_inverse_from_the_cholesky_factor_inverts()
    {
        (double[] inputs, double[] outputs) = Data(12, 4);
        var model = GaussianProcess.Create(Layout, GpHyperparameters.FromArray(Theta), inputs, outputs);
        int n = 12;
        var kernel = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                kernel[i * n + j] = model.Kernel(inputs.AsSpan(i * 3, 3), inputs.AsSpan(j * 3, 3)) + (i == j ? 0.01 : 0);
            }
        }

        var factor = new double[n * n];
        DenseMath.CholeskyWithJitter(kernel, n, factor);
        var inverse = new double[n * n];
        DenseMath.InverseFromCholesky(factor, n, inverse);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double product = Enumerable.Range(0, n).Sum(k => kernel[i * n + k] * inverse[k * n + j]);
                Assert.Equal(i == j ? 1 : 0, product, 8);
            }
        }
    }

    [Fact]
    public void Extending_a_factor_row_by_row_gives_the_same_model_as_refactoring()
    {
        (double[] inputs, double[] outputs) = Data(20, 5);
        var hyperparameters = GpHyperparameters.FromArray(Theta);
        var small = GaussianProcess.Create(Layout, hyperparameters, inputs[..(15 * 3)], outputs[..15]);
        var extended = GaussianProcess.Create(Layout, hyperparameters, inputs, outputs, small);
        var fresh = GaussianProcess.Create(Layout, hyperparameters, inputs, outputs);
        double[] x = { 0.2, 0.8, 0 };
        Assert.Equal(fresh.Predict(x, out double v1), extended.Predict(x, out double v2), 9);
        Assert.Equal(v1, v2, 9);
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(-40)]
    [InlineData(-1e3)]
    [InlineData(-1e6)]
    [InlineData(-1e150)]
    public void Log_ei_is_finite_and_matches_its_asymptote_far_in_the_tail(double z)
    {
        // h(z) ~ φ(z) / z² · (1 − 3/z² + …) as z → −∞.
        double value = LogExpectedImprovement.LogH(z);
        Assert.True(double.IsFinite(value), $"log h({z}) = {value}");
        double asymptote = -0.5 * z * z - 0.5 * Math.Log(2 * Math.PI) - 2 * Math.Log(-z) + Math.Log(1 - 3 / (z * z) + 15 / (z * z * z * z));
        Assert.True(Math.Abs(value - asymptote) <= 1e-3 * Math.Max(1, Math.Abs(asymptote)) + (z > -10 ? 5e-3 : 0), $"{value:R} vs {asymptote:R}");
        Assert.True(LogExpectedImprovement.LogHDerivative(z) > 0);
    }

    [Fact]
    public void Log_ei_is_continuous_and_its_derivative_matches_finite_differences_across_the_branches()
    {
        foreach (double z in new[] { -30.0, -8.0, -3.0000001, -2.9999999, -1.0, 0.0, 2.5 })
        {
            const double h = 1e-6;
            double numeric = (LogExpectedImprovement.LogH(z + h) - LogExpectedImprovement.LogH(z - h)) / (2 * h);
            Assert.True(Math.Abs(numeric - LogExpectedImprovement.LogHDerivative(z)) <= 1e-5 * Math.Max(1, Math.Abs(numeric)), $"z={z}: {numeric} vs {LogExpectedImprovement.LogHDerivative(z)}");
        }

        Assert.Equal(LogExpectedImprovement.LogH(-3.0000000001), LogExpectedImprovement.LogH(-2.9999999999), 8);

        // At z = 0, h = φ(0).
        Assert.Equal(Math.Log(1 / Math.Sqrt(2 * Math.PI)), LogExpectedImprovement.LogH(0), 12);
    }

    [Fact]
    public void Heavy_tailed_outputs_are_log_warped_and_all_outputs_standardised()
    {
        double[] y = GpSurrogate.Standardise(new() { 1, 2, 3, 4, 1e6 }, warp: true, out _, out _);
        Assert.Equal(0, y.Average(), 12);
        Assert.Equal(1, Math.Sqrt(y.Sum(v => v * v) / y.Length), 12);
        Assert.True(y[4] - y[3] < 3, "the outlier still dominates after warping");
        double[] plain = GpSurrogate.Standardise(new() { 1, 2, 3 }, warp: true, out _, out _);
        Assert.Equal(plain[1] - plain[0], plain[2] - plain[1], 12);
    }
}
