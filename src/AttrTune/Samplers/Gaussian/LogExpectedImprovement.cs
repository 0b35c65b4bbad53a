using System;
using AttrTune.Numerics;

namespace AttrTune.Samplers;

/// <summary>
/// The logarithm of expected improvement, computed so it stays finite and accurate far in the tails (Ament et al.,
/// "Unexpected improvements to expected improvement", 2023): plain EI underflows to 0 once the best point is a few
/// standard deviations below a candidate's mean, which leaves the acquisition optimiser with a flat zero landscape.
/// For minimisation with z = (best − μ) / σ, EI = σ·h(z) with h(z) = φ(z) + z·Φ(z).
/// </summary>
internal static class LogExpectedImprovement
{
    // Below this z, h is taken from the continued fraction of the Mills ratio instead of φ + zΦ, whose two terms
    // cancel: at z = −3 about one digit is lost, and at z = −40 all of them.
    private const double TailStart = -3.0;
    private const int ContinuedFractionTerms = 120;

    /// <summary>log h(z).</summary>
    public static double LogH(double z)
    {
        if (z >= TailStart)
        {
            return Math.Log(StandardNormal.Pdf(z) + z * StandardNormal.Cdf(z));
        }

        double x = -z;
        double tail = Tail(x);
        return StandardNormal.LogPdf(x) + Math.Log(tail) - Math.Log(x + tail);
    }

    /// <summary>d log h / dz = Φ(z) / h(z).</summary>
    public static double LogHDerivative(double z)
    {
        if (z >= TailStart)
        {
            double cdf = StandardNormal.Cdf(z);
            return cdf / (StandardNormal.Pdf(z) + z * cdf);
        }

        // With x = −z, Φ(z) = φ(x)·R(x), h(z) = φ(x)·R(x)·T(x), so the ratio is 1 / T(x).
        return 1.0 / Tail(-z);
    }

    /// <summary>log EI for minimisation at a point with predictive mean and standard deviation.</summary>
    public static double Value(double best, double mean, double stdDev) => Math.Log(stdDev) + LogH((best - mean) / stdDev);

    // T(x) = 1 / (x + 2 / (x + 3 / (x + …))), the continued fraction with 1/R(x) = x + T(x) for the Mills ratio
    // R(x) = (1 − Φ(x)) / φ(x). 1 − x·R(x) = R(x)·T(x) has no cancellation written this way. Evaluated backwards;
    // for x ≥ 3 the fraction has converged to machine precision well before the terms run out.
    private static double Tail(double x)
    {
        double value = x;
        for (int k = ContinuedFractionTerms; k >= 2; k--)
        {
            value = x + k / value;
        }

        return 1.0 / value;
    }
}
