using System;
using System.Numerics.Tensors;
using AttrTune.Randomness;

namespace AttrTune.Numerics;

/// <summary>
/// The standard normal truncated to [a, b], worked in log space as SciPy's and Optuna's truncnorm are, so intervals
/// far in a tail keep their mass: Φ(b) − Φ(a) is 0 in double precision for [40, 41] and 1 − 1 for [9, 10], while the
/// log mass is −804.6 and −43.6. Masses are taken in the lower tail only (the upper by symmetry), where Φ has full
/// relative precision; a central interval is 1 minus its two tails.
/// </summary>
internal static class TruncatedNormal
{
    // Above it a linear mass is a normal double with full relative precision.
    private const double SmallestLinearMass = 1e-300;
    private const double LogSmallestLinearMass = -690.77552789821368;

    /// <summary>log(Φ(b) − Φ(a)) for a ≤ b.</summary>
    public static double LogMass(double a, double b)
    {
        if (a < 0 && b > 0)
        {
            // Both tails are below 1/2: when both underflow the mass is 1 to double precision anyway.
            return LogSpace.Log1p(-StandardNormal.Cdf(a) - StandardNormal.Cdf(-b));
        }

        // The interval's two ends as lower-tail arguments, the nearer one first.
        (double near, double far) = b <= 0 ? (b, a) : (-a, -b);

        // While the mass is a normal double the linear difference is the more exact: the log-space one inherits an
        // error of ε·|log Φ| from each logarithm, which the subtraction then magnifies just the same.
        double mass = StandardNormal.Cdf(near) - StandardNormal.Cdf(far);
        return mass > SmallestLinearMass ? Math.Log(mass) : LogSpace.SubtractExp(StandardNormal.LogCdf(near), StandardNormal.LogCdf(far));
    }

    /// <summary>Φ(b) − Φ(a) for a ≤ b, with full relative precision until it underflows.</summary>
    public static double Mass(double a, double b) =>
        b <= 0 ? StandardNormal.Cdf(b) - StandardNormal.Cdf(a)
        : a >= 0 ? StandardNormal.Cdf(-a) - StandardNormal.Cdf(-b)
        : 1 - StandardNormal.Cdf(a) - StandardNormal.Cdf(-b);

    /// <summary>
    /// Writes Φ(b) − Φ(a) for every pair into <paramref name="destination"/>, as <see cref="Mass"/> does but with the
    /// vectorised Φ. <paramref name="scratch"/> must be as long as <paramref name="a"/>; neither it nor the destination
    /// may overlap the bounds.
    /// </summary>
    public static void Masses(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination, Span<double> scratch)
    {
        int n = a.Length;
        if (b.Length != n || destination.Length < n || scratch.Length < n)
        {
            throw new ArgumentException("The bounds, destination and scratch must have the same length.");
        }

        // Each interval's two lower-tail arguments, as in Mass: (a, b) below 0, (−b, −a) above, (a, −b) across it.
        for (int i = 0; i < n; i++)
        {
            (destination[i], scratch[i]) = b[i] <= 0 ? (a[i], b[i]) : a[i] >= 0 ? (-b[i], -a[i]) : (a[i], -b[i]);
        }

        StandardNormal.Cdfs(destination[..n], destination);
        StandardNormal.Cdfs(scratch[..n], scratch);
        for (int i = 0; i < n; i++)
        {
            destination[i] = b[i] <= 0 || a[i] >= 0 ? scratch[i] - destination[i] : 1 - destination[i] - scratch[i];
        }
    }

    /// <summary>
    /// Writes log(Φ(b) − Φ(a)) for every pair, as <see cref="LogMass"/> gives it: from the vectorised linear masses
    /// while they are normal numbers, from <see cref="LogMass"/> for the rest. (A central mass within an ulp of 1 gets an
    /// absolute error of an ulp here, against LogMass's full relative precision: immaterial beside the other terms.)
    /// </summary>
    public static void LogMasses(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> destination, Span<double> scratch)
    {
        Masses(a, b, destination, scratch);
        TensorPrimitives.Log(destination[..a.Length], destination);
        for (int i = 0; i < a.Length; i++)
        {
            if (!(destination[i] > LogSmallestLinearMass))
            {
                destination[i] = LogMass(a[i], b[i]);
            }
        }
    }

    /// <summary>log of the truncated density at <paramref name="x"/>; −∞ outside [a, b].</summary>
    public static double LogPdf(double x, double a, double b) =>
        x < a || x > b ? double.NegativeInfinity : StandardNormal.LogPdf(x) - LogMass(a, b);

    /// <summary>
    /// The <paramref name="q"/>-quantile of the truncated distribution (a at q = 0, b at q = 1). The target Φ(x) is
    /// formed in log space from the tail nearer the interval, so a far interval such as [30, 31] still gets the
    /// right point instead of 1 = Φ(30) = Φ(31).
    /// </summary>
    public static double Ppf(double q, double a, double b)
    {
        if (!(q > 0))
        {
            return a;
        }

        if (!(q < 1) || !(a < b))
        {
            return b;
        }

        double logMass = LogMass(a, b);
        double x = a < 0
            ? StandardNormal.InverseLogCdf(LogSpace.AddExp(StandardNormal.LogCdf(a), Math.Log(q) + logMass))
            : -StandardNormal.InverseLogCdf(LogSpace.AddExp(StandardNormal.LogCdf(-b), LogSpace.Log1p(-q) + logMass));
        return Math.Clamp(x, a, b);
    }

    /// <summary>A draw by inversion: one uniform per draw, so a sampler's random stream stays aligned.</summary>
    public static double Sample(RandomSource random, double a, double b) => Ppf(random.NextDouble(), a, b);
}
