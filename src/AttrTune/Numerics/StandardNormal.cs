using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace AttrTune.Numerics;

/// <summary>
/// The standard normal distribution: the one implementation every sampler uses. Φ is built on W. J. Cody's rational
/// Chebyshev approximations of erf and erfc (Math. Comp. 23, 1969), within a few units in the last place everywhere.
/// The Gaussian factor exp(−z²/2) is taken from z itself with the rounding error of z² put back: in the tails a
/// relative error in z² is multiplied by z²/2 (about 700 at z = −37), which would otherwise cost three digits.
/// </summary>
internal static class StandardNormal
{
    /// <summary>log √(2π).</summary>
    public const double LogSqrtTwoPi = 0.91893853320467274178;

    private const double InvSqrtTwo = 0.70710678118654752440;
    private const double InvSqrtTwoPi = 0.39894228040143267794;
    private const double InvSqrtPi = 0.56418958354775628695;
    private const double Ln2 = 0.69314718055994530942;

    // Cody's three ranges, in x = |z| / √2: erf by a rational in x² below SmallX; erfc(x)·exp(x²) by a rational in x
    // up to LargeX, and by one in 1/x² beyond.
    private const double SmallX = 0.46875;
    private const double LargeX = 4.0;

    // Beyond |z| = 40, Φ is 0 or 1 in double precision (Φ(−38.5) is already below the smallest subnormal).
    private const double Saturation = 40.0;

    // Vectorised exp falls back to a slow scalar path for the whole vector once an argument is below −708, so the
    // batch clamps there and computes the rare lanes with |z| > √1416 by the scalar function instead.
    private const double FastExpLimit = -708.0;
    private const double BatchScalarFrom = 37.62;

    // 2^27 + 1: splits a double into two halves whose products are exact (Dekker, 1971).
    private const double Splitter = 134217729.0;

    private const int Chunk = 256;

    private static ReadOnlySpan<double> ErfNumerator => [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static ReadOnlySpan<double> ErfDenominator => [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static ReadOnlySpan<double> MidNumerator => [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static ReadOnlySpan<double> MidDenominator => [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static ReadOnlySpan<double> FarNumerator => [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static ReadOnlySpan<double> FarDenominator => [2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    // Acklam's rational approximation of Φ⁻¹ (relative error below 1.2e-9): only the start of the Newton refinement.
    private static ReadOnlySpan<double> QuantileA => [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
    private static ReadOnlySpan<double> QuantileB => [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
    private static ReadOnlySpan<double> QuantileC => [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
    private static ReadOnlySpan<double> QuantileD => [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];

    /// <summary>φ(z).</summary>
    public static double Pdf(double z) => Math.Abs(z) > Saturation ? 0 : InvSqrtTwoPi * GaussianFactor(z);

    /// <summary>log φ(z).</summary>
    public static double LogPdf(double z) => -0.5 * z * z - LogSqrtTwoPi;

    /// <summary>Φ(z), with full relative precision in the lower tail down to the subnormals.</summary>
    public static double Cdf(double z)
    {
        if (Math.Abs(z) > Saturation)
        {
            return z < 0 ? 0 : 1;
        }

        double x = Math.Abs(z) * InvSqrtTwo;
        if (x <= SmallX)
        {
            return 0.5 + 0.5 * Erf(z * InvSqrtTwo);
        }

        double tail = 0.5 * GaussianFactor(z) * ScaledErfc(x);
        return z < 0 ? tail : 1 - tail;
    }

    /// <summary>
    /// log Φ(z), finite for every finite z (−5e5 at z = −1e3, where Φ itself underflows): below the central range it is
    /// assembled in log form, −z²/2 + log(erfc(x)·exp(x²) / 2), and never exponentiated.
    /// </summary>
    public static double LogCdf(double z)
    {
        if (double.IsNaN(z))
        {
            return z;
        }

        if (z > 0)
        {
            return LogSpace.Log1p(-Cdf(-z));
        }

        double x = -z * InvSqrtTwo;
        if (x <= SmallX)
        {
            return Math.Log(Cdf(z));
        }

        double square = z * z;
        if (double.IsInfinity(square))
        {
            return double.NegativeInfinity;
        }

        // log(1 − e/2) = −e/2 to far below an ulp: e is the rounding error of z², at most 2^-53·z².
        return -0.5 * square - 0.5 * SquareError(z, square) + Math.Log(0.5 * ScaledErfc(x));
    }

    /// <summary>Φ⁻¹(p): 0 → −∞, 1 → +∞, NaN outside [0, 1].</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        }

        // 1 − p is exact for p ≥ 0.5, so the upper half costs nothing in precision by symmetry.
        return p > 0.5 ? -LowerQuantile(1 - p) : LowerQuantile(p);
    }

    /// <summary>
    /// The z with log Φ(z) = <paramref name="logP"/>, for probabilities below the smallest double (the truncated
    /// normal's quantile far in a tail needs them): 0 → +∞, −∞ → −∞.
    /// </summary>
    public static double InverseLogCdf(double logP)
    {
        if (!(logP < 0))
        {
            return logP == 0 ? double.PositiveInfinity : double.NaN;
        }

        if (logP > -Ln2)
        {
            // Φ(−z) = 1 − p, taken from log p without forming p near 1.
            return -InverseLogCdf(Math.Log(-LogSpace.Expm1(logP)));
        }

        if (double.IsNegativeInfinity(logP))
        {
            return double.NegativeInfinity;
        }

        double start;
        if (logP > -700)
        {
            start = AcklamLower(Math.Exp(logP));
        }
        else
        {
            // log Φ(z) ≈ −z²/2 − log(−z) − log √(2π) as z → −∞; Newton corrects the rest.
            double t = Math.Sqrt(-2 * logP);
            start = -Math.Sqrt(Math.Max(t * t - 2 * Math.Log(t) - 2 * LogSqrtTwoPi, 1));
        }

        return NewtonOnLogCdf(logP, start);
    }

    /// <summary>
    /// Writes Φ(z) for every z into <paramref name="destination"/> (which may be <paramref name="z"/> itself). The same
    /// arithmetic as <see cref="Cdf"/>, vectorised: the TPE's Parzen estimator needs two per kernel, a thousand kernels
    /// per parameter per trial, and the scalar loop was most of the estimator's construction.
    /// </summary>
    public static void Cdfs(ReadOnlySpan<double> z, Span<double> destination)
    {
        if (destination.Length < z.Length)
        {
            throw new ArgumentException("The destination is shorter than the input.", nameof(destination));
        }

        Span<double> gaussian = stackalloc double[Chunk];
        for (int start = 0; start < z.Length; start += Chunk)
        {
            int length = Math.Min(Chunk, z.Length - start);
            CdfChunk(z.Slice(start, length), destination.Slice(start, length), gaussian[..length]);
        }
    }

    private static void CdfChunk(ReadOnlySpan<double> z, Span<double> destination, Span<double> gaussian)
    {
        int vectorCount = Vector.IsHardwareAccelerated ? z.Length / Vector<double>.Count : 0;
        ReadOnlySpan<Vector<double>> zv = MemoryMarshal.Cast<double, Vector<double>>(z)[..vectorCount];
        Span<Vector<double>> gv = MemoryMarshal.Cast<double, Vector<double>>(gaussian)[..vectorCount];
        var minusHalf = new Vector<double>(-0.5);
        var limit = new Vector<double>(FastExpLimit);
        for (int v = 0; v < zv.Length; v++)
        {
            gv[v] = Vector.Max(minusHalf * zv[v] * zv[v], limit);
        }

        int tail = vectorCount * Vector<double>.Count;
        TensorPrimitives.Exp(gaussian[..tail], gaussian[..tail]);

        var one = Vector<double>.One;
        var half = new Vector<double>(0.5);
        var invSqrtTwo = new Vector<double>(InvSqrtTwo);
        var smallX = new Vector<double>(SmallX);
        var largeX = new Vector<double>(LargeX);
        var scalarFrom = new Vector<double>(BatchScalarFrom);
        Span<Vector<double>> dv = MemoryMarshal.Cast<double, Vector<double>>(destination)[..vectorCount];
        for (int v = 0; v < zv.Length; v++)
        {
            Vector<double> value = zv[v];
            Vector<double> absolute = Vector.Abs(value);
            Vector<double> x = absolute * invSqrtTwo;
            Vector<double> square = value * value;
            Vector<double> factor = gv[v] * (one - half * SquareError(value, square));
            Vector<double> lower = half * factor * Vector.ConditionalSelect(Vector.LessThanOrEqual(x, largeX), MidRational(x), FarRational(x));
            Vector<double> central = half + half * Erf(value * invSqrtTwo);
            Vector<double> result = Vector.ConditionalSelect(Vector.LessThanOrEqual(x, smallX), central,
                Vector.ConditionalSelect(Vector.LessThan(value, Vector<double>.Zero), lower, one - lower));
            dv[v] = result;
            if (Vector.GreaterThanAny(absolute, scalarFrom))
            {
                // From the vector's own copy of z: when computing in place, z's lanes are already overwritten.
                int offset = v * Vector<double>.Count;
                for (int lane = 0; lane < Vector<double>.Count; lane++)
                {
                    if (Math.Abs(value[lane]) > BatchScalarFrom)
                    {
                        destination[offset + lane] = Cdf(value[lane]);
                    }
                }
            }
        }

        for (int i = tail; i < z.Length; i++)
        {
            destination[i] = Cdf(z[i]);
        }
    }

    // exp(−z²/2) with the rounding error of z² restored to first order (the correction is below 2^-53·z²).
    private static double GaussianFactor(double z)
    {
        double square = z * z;
        return Math.Exp(-0.5 * square) * (1 - 0.5 * SquareError(z, square));
    }

    // z·z − square exactly, by Dekker's split rather than a fused multiply-add so the scalar and vector paths agree
    // on every machine.
    private static double SquareError(double z, double square)
    {
        double scaled = Splitter * z;
        double high = scaled - (scaled - z);
        double low = z - high;
        return ((high * high - square) + 2 * high * low) + low * low;
    }

    private static Vector<double> SquareError(Vector<double> z, Vector<double> square)
    {
        Vector<double> scaled = new Vector<double>(Splitter) * z;
        Vector<double> high = scaled - (scaled - z);
        Vector<double> low = z - high;
        return ((high * high - square) + new Vector<double>(2) * high * low) + low * low;
    }

    // erf(s) for |s| ≤ SmallX.
    private static double Erf(double s)
    {
        ReadOnlySpan<double> a = ErfNumerator, b = ErfDenominator;
        double t = s * s;
        double numerator = a[4] * t, denominator = t;
        for (int i = 0; i < 3; i++)
        {
            numerator = (numerator + a[i]) * t;
            denominator = (denominator + b[i]) * t;
        }

        return s * (numerator + a[3]) / (denominator + b[3]);
    }

    private static Vector<double> Erf(Vector<double> s)
    {
        ReadOnlySpan<double> a = ErfNumerator, b = ErfDenominator;
        Vector<double> t = s * s;
        Vector<double> numerator = new Vector<double>(a[4]) * t, denominator = t;
        for (int i = 0; i < 3; i++)
        {
            numerator = (numerator + new Vector<double>(a[i])) * t;
            denominator = (denominator + new Vector<double>(b[i])) * t;
        }

        return s * (numerator + new Vector<double>(a[3])) / (denominator + new Vector<double>(b[3]));
    }

    // erfc(x)·exp(x²) for x > SmallX.
    private static double ScaledErfc(double x) => x <= LargeX ? MidRational(x) : FarRational(x);

    private static double MidRational(double x)
    {
        ReadOnlySpan<double> c = MidNumerator, d = MidDenominator;
        double numerator = c[8] * x, denominator = x;
        for (int i = 0; i < 7; i++)
        {
            numerator = (numerator + c[i]) * x;
            denominator = (denominator + d[i]) * x;
        }

        return (numerator + c[7]) / (denominator + d[7]);
    }

    private static Vector<double> MidRational(Vector<double> x)
    {
        ReadOnlySpan<double> c = MidNumerator, d = MidDenominator;
        Vector<double> numerator = new Vector<double>(c[8]) * x, denominator = x;
        for (int i = 0; i < 7; i++)
        {
            numerator = (numerator + new Vector<double>(c[i])) * x;
            denominator = (denominator + new Vector<double>(d[i])) * x;
        }

        return (numerator + new Vector<double>(c[7])) / (denominator + new Vector<double>(d[7]));
    }

    private static double FarRational(double x)
    {
        ReadOnlySpan<double> p = FarNumerator, q = FarDenominator;
        double t = 1 / (x * x);
        double numerator = p[5] * t, denominator = t;
        for (int i = 0; i < 4; i++)
        {
            numerator = (numerator + p[i]) * t;
            denominator = (denominator + q[i]) * t;
        }

        return (InvSqrtPi - t * (numerator + p[4]) / (denominator + q[4])) / x;
    }

    private static Vector<double> FarRational(Vector<double> x)
    {
        ReadOnlySpan<double> p = FarNumerator, q = FarDenominator;
        Vector<double> t = Vector<double>.One / (x * x);
        Vector<double> numerator = new Vector<double>(p[5]) * t, denominator = t;
        for (int i = 0; i < 4; i++)
        {
            numerator = (numerator + new Vector<double>(p[i])) * t;
            denominator = (denominator + new Vector<double>(q[i])) * t;
        }

        return (new Vector<double>(InvSqrtPi) - t * (numerator + new Vector<double>(p[4])) / (denominator + new Vector<double>(q[4]))) / x;
    }

    // p in (0, 0.5]: Acklam's start, then Newton on log Φ, which keeps full relative precision down to the subnormals.
    private static double LowerQuantile(double p) => NewtonOnLogCdf(Math.Log(p), AcklamLower(p));

    private static double AcklamLower(double p)
    {
        ReadOnlySpan<double> a = QuantileA, b = QuantileB, c = QuantileC, d = QuantileD;
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        double s = p - 0.5, r = s * s;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * s / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    // log Φ is increasing and concave, so after the first step Newton approaches the root from below, monotonically;
    // its convergence is quadratic, so a step below 1e-9 of |z| leaves an error far below an ulp.
    private static double NewtonOnLogCdf(double logP, double z)
    {
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double logCdf = LogCdf(z);
            double step = (logCdf - logP) * Math.Exp(logCdf - LogPdf(z));
            z -= step;
            if (!(Math.Abs(step) > 1e-9 * Math.Max(1, Math.Abs(z))))
            {
                break;
            }
        }

        return z;
    }
}
