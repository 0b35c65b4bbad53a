using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AttrTune.Samplers;

/// <summary>
/// A Gaussian process with a Matérn-5/2 ARD kernel over the unit-cube encoding of a space. Numeric inputs use
/// squared distances scaled per input; categorical inputs (stored as choice indices, −1 when inactive) add their
/// inverse squared lengthscale when two points differ, a Hamming distance as in Optuna's GP sampler.
/// </summary>
internal sealed class GaussianProcess
{
    private const double Sqrt5 = 2.23606797749978969641;

    // Noise never goes below this (on standardised outputs): it keeps noise-free objectives well conditioned.
    public const double MinimumNoiseVariance = 1e-8;

    private readonly bool[] _categorical;
    private readonly int _dimensions;
    private readonly double[] _inverseSquaredLengthscales;
    private readonly double _signalVariance;
    private readonly int _count;
    private readonly double[] _inputs;
    private double[] _factor;
    private double[] _alpha;
    private double[] _outputs;

    private GaussianProcess(bool[] categorical, GpHyperparameters hyperparameters, double[] inputs, int count, double[] factor, double[] alpha)
    {
        _outputs = Array.Empty<double>();
        _categorical = categorical;
        _dimensions = categorical.Length;
        _inverseSquaredLengthscales = Array.ConvertAll(hyperparameters.LogInverseSquaredLengthscales, Math.Exp);
        _signalVariance = Math.Exp(hyperparameters.LogSignalVariance);
        NoiseVariance = Math.Max(Math.Exp(hyperparameters.LogNoiseVariance), MinimumNoiseVariance);
        Hyperparameters = hyperparameters;
        _inputs = inputs;
        _count = count;
        _factor = factor;
        _alpha = alpha;
    }

    public GpHyperparameters Hyperparameters { get; }

    public double NoiseVariance { get; }

    public int Count => _count;

    /// <summary>
    /// Conditions the process on <paramref name="inputs"/> (n×d, row-major) and standardised <paramref name="outputs"/>.
    /// When <paramref name="previous"/> has the same hyperparameters and its inputs are a prefix of these, its
    /// Cholesky factor is extended by the new rows in O(n²) each instead of refactored in O(n³): between refits of the
    /// hyperparameters a study adds one trial at a time.
    /// </summary>
    public static GaussianProcess Create(bool[] categorical, GpHyperparameters hyperparameters, double[] inputs, double[] outputs, GaussianProcess? previous = null)
    {
        int n = outputs.Length;
        int d = categorical.Length;
        var model = new GaussianProcess(categorical, hyperparameters, inputs, n, Array.Empty<double>(), Array.Empty<double>());
        var factor = new double[n * n];
        int reused = 0;
        if (previous is not null && ReferenceEquals(previous.Hyperparameters, hyperparameters) && previous._count <= n
            && previous._inputs.AsSpan(0, previous._count * d).SequenceEqual(inputs.AsSpan(0, previous._count * d)))
        {
            reused = previous._count;
            for (int i = 0; i < reused; i++)
            {
                previous._factor.AsSpan(i * reused, i + 1).CopyTo(factor.AsSpan(i * n));
            }

            for (int row = reused; row < n; row++)
            {
                model.AppendFactorRow(factor, n, row, inputs.AsSpan(row * d, d), inputs);
            }
        }
        else
        {
            double[] kernel = model.KernelMatrix(inputs, n, includeNoise: true);
            DenseMath.CholeskyWithJitter(kernel, n, factor);
        }

        double[] alpha = (double[])outputs.Clone();
        DenseMath.SolveLower(factor, n, alpha);
        DenseMath.SolveLowerTransposed(factor, n, alpha);
        model._factor = factor;
        model._alpha = alpha;
        model._outputs = outputs;
        return model;
    }

    // Row `row` of the Cholesky factor (stride `stride`) for a new point, given the rows above it.
    private void AppendFactorRow(double[] factor, int stride, int row, ReadOnlySpan<double> point, double[] inputs)
    {
        Span<double> newRow = factor.AsSpan(row * stride, row + 1);
        for (int j = 0; j < row; j++)
        {
            newRow[j] = Kernel(point, inputs.AsSpan(j * _dimensions, _dimensions));
        }

        for (int j = 0; j < row; j++)
        {
            newRow[j] = (newRow[j] - DenseMath.Dot(factor.AsSpan(j * stride, j), newRow[..j])) / factor[j * stride + j];
        }

        double pivot = _signalVariance + NoiseVariance - DenseMath.Dot(newRow[..row], newRow[..row]);
        newRow[row] = Math.Sqrt(Math.Max(pivot, 1e-10 * (_signalVariance + NoiseVariance)));
    }

    /// <summary>
    /// The same process with extra observations appended (fantasies for running trials, at their predicted mean: the
    /// "kriging believer"). The Cholesky factor is extended row by row in O(n²) per point instead of refactored, and
    /// the mean is unchanged by construction, so only the variance near the running points collapses.
    /// </summary>
    public GaussianProcess WithFantasies(IReadOnlyList<double[]> points)
    {
        if (points.Count == 0)
        {
            return this;
        }

        int n = _count;
        int m = n + points.Count;
        var inputs = new double[m * _dimensions];
        _inputs.AsSpan(0, n * _dimensions).CopyTo(inputs);
        var outputs = new double[m];
        var factor = new double[m * m];
        for (int i = 0; i < n; i++)
        {
            _factor.AsSpan(i * n, i + 1).CopyTo(factor.AsSpan(i * m));
        }

        _outputs.AsSpan(0, n).CopyTo(outputs);

        for (int p = 0; p < points.Count; p++)
        {
            int row = n + p;
            points[p].CopyTo(inputs, row * _dimensions);
            outputs[row] = Predict(points[p], out _);
            AppendFactorRow(factor, m, row, points[p], inputs);
        }

        var alpha = (double[])outputs.Clone();
        DenseMath.SolveLower(factor, m, alpha);
        DenseMath.SolveLowerTransposed(factor, m, alpha);
        return new GaussianProcess(_categorical, Hyperparameters, inputs, m, factor, alpha) { _outputs = outputs };
    }

    /// <summary>The kernel between two encoded points.</summary>
    public double Kernel(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double r2 = ScaledSquaredDistance(a, b);
        double r = Math.Sqrt(r2);
        return _signalVariance * (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * Math.Exp(-Sqrt5 * r);
    }

    private double ScaledSquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double r2 = 0;
        for (int k = 0; k < _dimensions; k++)
        {
            if (_categorical[k])
            {
                if (a[k] != b[k])
                {
                    r2 += _inverseSquaredLengthscales[k];
                }
            }
            else
            {
                double delta = a[k] - b[k];
                r2 += delta * delta * _inverseSquaredLengthscales[k];
            }
        }

        return r2;
    }

    private double[] KernelMatrix(double[] inputs, int n, bool includeNoise)
    {
        var kernel = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> a = inputs.AsSpan(i * _dimensions, _dimensions);
            kernel[i * n + i] = _signalVariance + (includeNoise ? NoiseVariance : 0);
            for (int j = 0; j < i; j++)
            {
                double value = Kernel(a, inputs.AsSpan(j * _dimensions, _dimensions));
                kernel[i * n + j] = value;
                kernel[j * n + i] = value;
            }
        }

        return kernel;
    }

    /// <summary>Posterior mean and variance (of the latent function, without noise) at an encoded point.</summary>
    public double Predict(ReadOnlySpan<double> x, out double variance)
    {
        int n = _count;
        Span<double> k = n <= 512 ? stackalloc double[n] : new double[n];
        for (int i = 0; i < n; i++)
        {
            k[i] = Kernel(x, _inputs.AsSpan(i * _dimensions, _dimensions));
        }

        double mean = DenseMath.Dot(k, _alpha);
        DenseMath.SolveLower(_factor, n, k);
        variance = Math.Max(_signalVariance - DenseMath.Dot(k, k), 1e-12 * _signalVariance);
        return mean;
    }

    /// <summary>
    /// Posterior mean and variance with their gradients with respect to the numeric inputs (categorical entries of the
    /// gradients are zero: those inputs are searched by enumeration, not by gradient).
    /// </summary>
    public double PredictWithGradient(ReadOnlySpan<double> x, out double variance, Span<double> meanGradient, Span<double> varianceGradient)
    {
        int n = _count;
        var k = new double[n];
        var dkdr2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> xi = _inputs.AsSpan(i * _dimensions, _dimensions);
            double r2 = ScaledSquaredDistance(x, xi);
            double r = Math.Sqrt(r2);
            double e = Math.Exp(-Sqrt5 * r);
            k[i] = _signalVariance * (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * e;

            // dk/d(r²) = −(5/6)·s²·(1 + √5 r)·e^{−√5 r}, finite at r = 0.
            dkdr2[i] = -5.0 / 6.0 * _signalVariance * (1 + Sqrt5 * r) * e;
        }

        double mean = DenseMath.Dot(k, _alpha);
        var v = (double[])k.Clone();
        DenseMath.SolveLower(_factor, n, v);
        variance = _signalVariance - DenseMath.Dot(v, v);
        bool floored = variance < 1e-12 * _signalVariance;
        variance = Math.Max(variance, 1e-12 * _signalVariance);
        DenseMath.SolveLowerTransposed(_factor, n, v); // v = K⁻¹ k

        meanGradient.Clear();
        varianceGradient.Clear();
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> xi = _inputs.AsSpan(i * _dimensions, _dimensions);
            double meanWeight = _alpha[i] * dkdr2[i];
            double varianceWeight = floored ? 0 : -2 * v[i] * dkdr2[i];
            for (int d = 0; d < _dimensions; d++)
            {
                if (!_categorical[d])
                {
                    // d(r²)/dx_d = 2·(x_d − xi_d)·λ_d
                    double dr2 = 2 * (x[d] - xi[d]) * _inverseSquaredLengthscales[d];
                    meanGradient[d] += meanWeight * dr2;
                    varianceGradient[d] += varianceWeight * dr2;
                }
            }
        }

        return mean;
    }

    /// <summary>
    /// The log marginal likelihood of standardised <paramref name="outputs"/> plus the log prior of the
    /// hyperparameters, and its gradient with respect to <paramref name="theta"/> (the log-scale hyperparameters).
    /// </summary>
    public static double LogPosterior(bool[] categorical, double[] inputs, double[] outputs, ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int n = outputs.Length;
        int d = categorical.Length;
        var model = new GaussianProcess(categorical, GpHyperparameters.FromArray(theta), inputs, n, Array.Empty<double>(), Array.Empty<double>());
        double[] kernel = model.KernelMatrix(inputs, n, includeNoise: true);
        var factor = new double[n * n];
        DenseMath.CholeskyWithJitter(kernel, n, factor);
        double[] alpha = (double[])outputs.Clone();
        DenseMath.SolveLower(factor, n, alpha);
        DenseMath.SolveLowerTransposed(factor, n, alpha);

        double logDeterminant = 0;
        for (int i = 0; i < n; i++)
        {
            logDeterminant += 2 * Math.Log(factor[i * n + i]);
        }

        double logLikelihood = -0.5 * DenseMath.Dot(outputs, alpha) - 0.5 * logDeterminant - 0.5 * n * Math.Log(2 * Math.PI);

        // ∂/∂θ = ½ tr(W ∂K/∂θ) with W = ααᵀ − K⁻¹.
        var weights = new double[n * n];
        DenseMath.InverseFromCholesky(factor, n, weights);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                weights[i * n + j] = alpha[i] * alpha[j] - weights[i * n + j];
            }
        }

        gradient.Clear();
        double signal = model._signalVariance;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> a = inputs.AsSpan(i * d, d);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> b = inputs.AsSpan(j * d, d);
                double r2 = model.ScaledSquaredDistance(a, b);
                double r = Math.Sqrt(r2);
                double e = Math.Exp(-Sqrt5 * r);
                double k = signal * (1 + Sqrt5 * r + 5.0 / 3.0 * r2) * e;
                double dkdr2 = -5.0 / 6.0 * signal * (1 + Sqrt5 * r) * e;

                // Off-diagonal pairs count twice (W and ∂K are symmetric).
                double w = weights[i * n + j];
                for (int c = 0; c < d; c++)
                {
                    double contribution = categorical[c] ? (a[c] != b[c] ? 1.0 : 0.0) : (a[c] - b[c]) * (a[c] - b[c]);

                    // ∂r²/∂log λ_c = λ_c·contribution.
                    gradient[c] += w * dkdr2 * model._inverseSquaredLengthscales[c] * contribution;
                }

                gradient[d] += w * k;
            }
        }

        double diagonalTrace = 0;
        for (int i = 0; i < n; i++)
        {
            diagonalTrace += weights[i * n + i];
        }

        // The diagonal: ∂K_ii/∂log s² = s², ∂K_ii/∂log σ²_noise = σ²_noise (zero when the floor holds it).
        gradient[d] += 0.5 * diagonalTrace * signal;
        double rawNoise = Math.Exp(theta[^1]);
        gradient[d + 1] = rawNoise > MinimumNoiseVariance ? 0.5 * diagonalTrace * rawNoise : 0;

        return logLikelihood + LogPrior(theta, d, gradient);
    }

    // Priors keep the fit sane on a few points. Lengthscales: log-normal, with a median growing with √d as proposed
    // by Hvarfner et al. (2024) for high-dimensional BO, so that in 10 dimensions the model starts smooth instead of
    // treating every point as isolated. Signal variance (on standardised outputs): log-normal around 1. Noise:
    // log-normal centred on 1e-4, wide, so noise-free objectives interpolate and noisy ones can explain their noise.
    /// <summary>The prior's centre for the log noise variance (1e-4 on standardised outputs).</summary>
    internal const double NoisePriorMean = -9.210340371976184;
    private const double NoisePriorSd = 2.0;

    private static double LogPrior(ReadOnlySpan<double> theta, int d, Span<double> gradient)
    {
        // λ = 1/ℓ², log λ = −2 log ℓ; log ℓ ~ N(√2 + ½ log d, √3²) ⇒ log λ ~ N(−2(√2 + ½ log d), (2√3)²).
        double lengthMean = -2 * (Math.Sqrt(2) + 0.5 * Math.Log(Math.Max(d, 1)));
        const double lengthSd = 2 * 1.7320508075688772;
        double logPrior = 0;
        for (int c = 0; c < d; c++)
        {
            double z = (theta[c] - lengthMean) / lengthSd;
            logPrior -= 0.5 * z * z;
            gradient[c] -= z / lengthSd;
        }

        const double signalSd = 1.0;
        double signalZ = theta[d] / signalSd;
        logPrior -= 0.5 * signalZ * signalZ;
        gradient[d] -= signalZ / signalSd;

        const double noiseMean = NoisePriorMean;
        const double noiseSd = NoisePriorSd;
        double noiseZ = (theta[d + 1] - noiseMean) / noiseSd;
        logPrior -= 0.5 * noiseZ * noiseZ;
        gradient[d + 1] -= noiseZ / noiseSd;
        return logPrior;
    }

    /// <summary>
    /// Maximises <see cref="LogPosterior"/> with MathNet's L-BFGS from each start, keeping the best; starts that fail
    /// (line search or iteration limits) still contribute the best point they reached.
    /// </summary>
    public static GpHyperparameters FitHyperparameters(bool[] categorical, double[] inputs, double[] outputs, IReadOnlyList<double[]> starts, int maximumIterations)
    {
        double[]? best = null;
        double bestValue = double.NegativeInfinity;
        int count = starts[0].Length;
        foreach (double[] start in starts)
        {
            double[]? localBest = null;
            double localValue = double.NegativeInfinity;
            var objective = ObjectiveFunction.Gradient(theta =>
            {
                var clamped = new double[count];
                for (int i = 0; i < count; i++)
                {
                    clamped[i] = Math.Clamp(theta[i], -25, 25);
                }

                var gradient = new double[count];
                double value;
                try
                {
                    value = LogPosterior(categorical, inputs, outputs, clamped, gradient);
                }
                catch (InvalidOperationException)
                {
                    value = double.NegativeInfinity;
                }

                if (!double.IsFinite(value))
                {
                    return (1e300, Vector<double>.Build.Dense(count));
                }

                if (value > localValue)
                {
                    (localBest, localValue) = (clamped, value);
                }

                for (int i = 0; i < count; i++)
                {
                    gradient[i] = -gradient[i];
                }

                return (-value, Vector<double>.Build.Dense(gradient));
            });

            try
            {
                new LimitedMemoryBfgsMinimizer(1e-5, 1e-7, 1e-9, 10, maximumIterations).FindMinimum(objective, Vector<double>.Build.Dense(start));
            }
            catch (Exception exception) when (exception is MaximumIterationsException or InnerOptimizationException or OptimizationException or ArgumentException)
            {
                // Keep the best point reached before the failure.
            }

            if (localBest is not null && localValue > bestValue)
            {
                (best, bestValue) = (localBest, localValue);
            }
        }

        return GpHyperparameters.FromArray(best ?? starts[0]);
    }
}
