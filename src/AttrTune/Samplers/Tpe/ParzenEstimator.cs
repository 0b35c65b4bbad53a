using System;
using System.Collections.Generic;
using System.Numerics.Tensors;
using AttrTune.Numerics;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// One parameter's Parzen estimator: a weighted mixture of truncated normal kernels (one per observation plus a
/// broad prior) over the parameter's range in its own scale (log for log ranges), as in Optuna's TPE. Steps and
/// integers are handled by bins: a value's likelihood is its bin's probability mass.
/// </summary>
internal sealed class ParzenEstimator
{
    private const int Chunk = 256;

    private readonly double _low;
    private readonly double _high;
    private readonly double _binWidth;
    private readonly double[] _mus;
    private readonly double[] _sigmas;
    private readonly double[] _weights;
    private readonly double[] _negatedMus;
    private readonly double[] _inverseSigmas;
    private readonly double[] _scaledInverseSigmas;
    private readonly double[] _densityCoefficients;
    private readonly double[] _massCoefficients;

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

        _negatedMus = new double[n + 1];
        _inverseSigmas = new double[n + 1];
        _scaledInverseSigmas = new double[n + 1];
        var lowerZ = new double[n + 1];
        var upperZ = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            _weights[i] /= total;
            _negatedMus[i] = -_mus[i];
            _inverseSigmas[i] = 1.0 / _sigmas[i];
            _scaledInverseSigmas[i] = Math.Sqrt(0.5) / _sigmas[i];
            lowerZ[i] = (low - _mus[i]) / _sigmas[i];
            upperZ[i] = (high - _mus[i]) / _sigmas[i];
        }

        // Each kernel's mass inside the range, batched: two normal CDFs per kernel, a thousand kernels per parameter.
        var normalizers = new double[n + 1];
        TruncatedNormal.Masses(lowerZ, upperZ, normalizers, new double[n + 1]);

        // Weight, truncation and normalisation folded into one coefficient per kernel for each kind of likelihood.
        _densityCoefficients = new double[n + 1];
        _massCoefficients = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            double normalizer = Math.Max(normalizers[i], 1e-300);
            _massCoefficients[i] = _weights[i] / normalizer;
            _densityCoefficients[i] = _massCoefficients[i] / (_sigmas[i] * Math.Sqrt(2 * Math.PI));
        }
    }

    /// <summary>The number of kernels, the prior last.</summary>
    internal int KernelCount => _mus.Length;

    /// <summary>Kernel <paramref name="i"/>'s centre, bandwidth and normalised weight, for recomputing the mixture in tests.</summary>
    internal (double Mu, double Sigma, double Weight) Kernel(int i) => (_mus[i], _sigmas[i], _weights[i]);

    /// <summary>Draws a value in [low, high] (the caller snaps it to its bin).</summary>
    public double Sample(RandomSource random)
    {
        double pick = random.NextDouble();
        int k = 0;
        for (double cumulative = _weights[0]; k < _weights.Length - 1 && pick >= cumulative; cumulative += _weights[++k])
        {
        }

        double z = TruncatedNormal.Sample(random, (_low - _mus[k]) / _sigmas[k], (_high - _mus[k]) / _sigmas[k]);
        double x = _mus[k] + _sigmas[k] * z;
        return Math.Clamp(double.IsFinite(x) ? x : _mus[k], _low, _high);
    }

    /// <summary>The log-likelihood of <paramref name="x"/> (log density, or log bin mass for discrete parameters).</summary>
    public double LogLikelihood(double x)
    {
        // The sum over kernels is the TPE's hot loop (a thousand kernels, 24 candidates, per parameter and trial), done
        // in stack chunks so the scratch stays in the first-level cache.
        bool binned = _binWidth > 0;
        Span<double> first = stackalloc double[Chunk];
        Span<double> second = binned ? stackalloc double[Chunk] : default;
        Span<double> third = binned ? stackalloc double[Chunk] : default;
        Span<double> fourth = binned ? stackalloc double[Chunk] : default;
        double lower = Math.Max(_low, x - 0.5 * _binWidth);
        double upper = Math.Min(_high, x + 0.5 * _binWidth);
        double total = 0;
        for (int start = 0; start < _mus.Length; start += Chunk)
        {
            int length = Math.Min(Chunk, _mus.Length - start);
            ReadOnlySpan<double> negatedMus = _negatedMus.AsSpan(start, length);
            Span<double> t = first[..length];
            if (binned)
            {
                Span<double> b = second[..length];
                TensorPrimitives.AddMultiply(negatedMus, lower, _inverseSigmas.AsSpan(start, length), t);
                TensorPrimitives.AddMultiply(negatedMus, upper, _inverseSigmas.AsSpan(start, length), b);
                Span<double> mass = third[..length];
                TruncatedNormal.Masses(t, b, mass, fourth[..length]);
                total += TensorPrimitives.Dot(mass, _massCoefficients.AsSpan(start, length));
                continue;
            }

            // t = (x − μ)/(σ√2), so the kernel is exp(−t²). Exponents below −708 are clamped: such kernels are nothing
            // beside the prior's (whose |t| is at most 1/(2√2) inside the range), and the vectorised exp handles
            // smaller arguments on a slow scalar path.
            TensorPrimitives.AddMultiply(negatedMus, x, _scaledInverseSigmas.AsSpan(start, length), t);
            TensorPrimitives.Multiply(t, t, t);
            TensorPrimitives.Negate(t, t);
            TensorPrimitives.Max(t, -708.0, t);
            TensorPrimitives.Exp(t, t);
            total += TensorPrimitives.Dot(t, _densityCoefficients.AsSpan(start, length));
        }

        return Math.Log(Math.Max(total, 1e-300));
    }
}
