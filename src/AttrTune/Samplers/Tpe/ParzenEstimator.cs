using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.InteropServices;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// One parameter's Parzen estimator: a weighted mixture of truncated normal kernels (one per observation plus a
/// broad prior) over the parameter's range in its own scale (log for log ranges), as in Optuna's TPE. Steps and
/// integers are handled by bins: a value's likelihood is its bin's probability mass.
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly double _low;
    private readonly double _high;
    private readonly double _binWidth;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _weights;
    private readonly double[] _normalizers;

    public ParzenEstimator(double low, double high, double binWidth, IReadOnlyList<double> observations, IReadOnlyList<double> observationWeights, double priorWeight, bool magicClip)
    {
        _low = low;
        _high = high;
        _binWidth = binWidth;
        int n = observations.Count;
        _mus = new double[n + 1];
        _sigmas = new double[n + 1];
        _weights = new double[n + 1];
        double span = high - low;
        for (int i = 0; i < n; i++)
        {
            _mus[i] = observations[i];
            _weights[i] = observationWeights[i];
        }

        // The prior: centred, as wide as the range.
        _mus[n] = 0.5 * (low + high);
        _weights[n] = priorWeight;

        // Bandwidth: the larger gap to a neighbour among the sorted centres (range ends included), the first and
        // last centres using their inner gap, then clipped to [span / min(100, 1 + n), span].
        int[] order = new int[n + 1];
        for (int i = 0; i <= n; i++)
        {
            order[i] = i;
        }

        // Sorting keys with items takes the primitive fast path; a comparison delegate made this sort the TPE's
        // largest cost at a thousand trials.
        double[] keys = (double[])_mus.Clone();
        Array.Sort(keys, order);
        double[] sorted = new double[n + 3];
        sorted[0] = low;
        keys.CopyTo(sorted, 1);

        sorted[n + 2] = high;
        double minSigma = magicClip ? span / Math.Min(100.0, 1.0 + n + 1) : 1e-12;
        for (int i = 0; i <= n; i++)
        {
            double sigma = Math.Max(sorted[i + 1] - sorted[i], sorted[i + 2] - sorted[i + 1]);
            if (n + 1 >= 2 && i == 0)
            {
                sigma = sorted[2] - sorted[1];
            }
            else if (n + 1 >= 2 && i == n)
            {
                sigma = sorted[n + 1] - sorted[n];
            }

            _sigmas[order[i]] = Math.Clamp(sigma, minSigma, span);
        }

        _sigmas[n] = span;
        double total = 0;
        foreach (double weight in _weights)
        {
            total += weight;
        }

        // Each kernel's mass inside the range: two normal CDFs per kernel, evaluated in vector batches (with a thousand
        // trials this loop was most of the estimator's construction).
        _normalizers = new double[n + 1];
        var upperZ = new double[n + 1];
        var lowerZ = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            _weights[i] /= total;
            upperZ[i] = (high - _mus[i]) / _sigmas[i];
            lowerZ[i] = (low - _mus[i]) / _sigmas[i];
        }

        NormalCdfs(upperZ);
        NormalCdfs(lowerZ);
        for (int i = 0; i <= n; i++)
        {
            _normalizers[i] = Math.Max(upperZ[i] - lowerZ[i], 1e-300);
        }

        // The continuous likelihood is a sum of n + 1 Gaussians per candidate, the TPE's hot loop at a thousand
        // trials: fold weight, truncation and normalisation into one coefficient per kernel.
        _inverseSigmas = new double[n + 1];
        _densityCoefficients = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            _inverseSigmas[i] = 1.0 / _sigmas[i];
            _densityCoefficients[i] = _weights[i] / (_normalizers[i] * _sigmas[i] * Math.Sqrt(2 * Math.PI));
        }
    }

    private readonly double[] _inverseSigmas;
    private readonly double[] _densityCoefficients;

    /// <summary>Draws a value in [low, high] (the caller snaps it to its bin).</summary>
    public double Sample(RandomSource random)
    {
        double pick = random.NextDouble();
        int k = 0;
        for (double cumulative = _weights[0]; k < _weights.Length - 1 && pick >= cumulative; cumulative += _weights[++k])
        {
        }

        // Inverse-CDF sampling of the kernel truncated to the range.
        double a = NormalCdf((_low - _mus[k]) / _sigmas[k]);
        double b = NormalCdf((_high - _mus[k]) / _sigmas[k]);
        double u = a + random.NextDouble() * (b - a);
        double x = _mus[k] + _sigmas[k] * NormalQuantile(Math.Clamp(u, 1e-300, 1 - 1e-16));
        return Math.Clamp(double.IsFinite(x) ? x : _mus[k], _low, _high);
    }

    /// <summary>The log-likelihood of <paramref name="x"/> (log density, or log bin mass for discrete parameters).</summary>
    public double LogLikelihood(double x)
    {
        double total = 0;
        if (_binWidth <= 0)
        {
            int k = 0;
            if (Vector.IsHardwareAccelerated && _mus.Length >= Vector<double>.Count)
            {
                var mus = MemoryMarshal.Cast<double, Vector<double>>(_mus.AsSpan());
                var inverseSigmas = MemoryMarshal.Cast<double, Vector<double>>(_inverseSigmas.AsSpan());
                var coefficients = MemoryMarshal.Cast<double, Vector<double>>(_densityCoefficients.AsSpan());
                var point = new Vector<double>(x);
                var minusHalf = new Vector<double>(-0.5);
                var sum = Vector<double>.Zero;
                for (int v = 0; v < mus.Length; v++)
                {
                    var z = (point - mus[v]) * inverseSigmas[v];
                    sum += coefficients[v] * Vector.Exp(minusHalf * z * z);
                }

                total = Vector.Sum(sum);
                k = mus.Length * Vector<double>.Count;
            }

            for (; k < _mus.Length; k++)
            {
                double z = (x - _mus[k]) * _inverseSigmas[k];
                total += _densityCoefficients[k] * Math.Exp(-0.5 * z * z);
            }

            return Math.Log(Math.Max(total, 1e-300));
        }

        for (int k = 0; k < _mus.Length; k++)
        {
            double mass;
            if (_binWidth > 0)
            {
                double lower = Math.Max(_low, x - 0.5 * _binWidth);
                double upper = Math.Min(_high, x + 0.5 * _binWidth);
                mass = NormalCdf((upper - _mus[k]) / _sigmas[k]) - NormalCdf((lower - _mus[k]) / _sigmas[k]);
            }
            else
            {
                double z = (x - _mus[k]) / _sigmas[k];
                mass = Math.Exp(-0.5 * z * z) / (_sigmas[k] * Math.Sqrt(2 * Math.PI));
            }

            total += _weights[k] * mass / _normalizers[k];
        }

        return Math.Log(Math.Max(total, 1e-300));
    }

    /// <summary>Φ(z), accurate in the tails (a complementary error function with 1.2e-7 relative error).</summary>
    internal static double NormalCdf(double z) => z < 0 ? 0.5 * Erfc(-z / Math.Sqrt(2)) : 1 - 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>Replaces every z in <paramref name="values"/> by Φ(z), the same approximation as <see cref="NormalCdf"/>, vectorised.</summary>
    internal static void NormalCdfs(Span<double> values)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<double>.Count)
        {
            Span<Vector<double>> vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
            var one = Vector<double>.One;
            var half = new Vector<double>(0.5);
            var invSqrt2 = new Vector<double>(1 / Math.Sqrt(2));
            for (int v = 0; v < vectors.Length; v++)
            {
                Vector<double> z = vectors[v];
                Vector<double> x = Vector.Abs(z) * invSqrt2;
                Vector<double> t = one / (one + half * x);
                Vector<double> poly = new Vector<double>(0.17087277);
                poly = new Vector<double>(-0.82215223) + t * poly;
                poly = new Vector<double>(1.48851587) + t * poly;
                poly = new Vector<double>(-1.13520398) + t * poly;
                poly = new Vector<double>(0.27886807) + t * poly;
                poly = new Vector<double>(-0.18628806) + t * poly;
                poly = new Vector<double>(0.09678418) + t * poly;
                poly = new Vector<double>(0.37409196) + t * poly;
                poly = new Vector<double>(1.00002368) + t * poly;
                poly = new Vector<double>(-1.26551223) + t * poly;
                Vector<double> erfc = t * Vector.Exp(-x * x + poly);
                vectors[v] = Vector.ConditionalSelect(Vector.LessThan(z, Vector<double>.Zero), half * erfc, one - half * erfc);
            }

            i = vectors.Length * Vector<double>.Count;
        }

        for (; i < values.Length; i++)
        {
            values[i] = NormalCdf(values[i]);
        }
    }

    // Chebyshev fit of erfc (Numerical Recipes' erfcc): relative error below 1.2e-7 for every x >= 0.
    private static double Erfc(double x)
    {
        double t = 1.0 / (1.0 + 0.5 * x);
        return t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    }

    private static readonly double[] QuantileA = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static readonly double[] QuantileB = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static readonly double[] QuantileC = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static readonly double[] QuantileD = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>Φ⁻¹(p) by Acklam's rational approximation (relative error below 1.2e-9; a Halley step would need a more exact Φ than ours).</summary>
    internal static double NormalQuantile(double p)
    {
        double[] a = QuantileA, b = QuantileB, c = QuantileC, d = QuantileD;
        double x;
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p <= 1 - 0.02425)
        {
            double q = p - 0.5, r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        else
        {
            double q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        return x;
    }
}
