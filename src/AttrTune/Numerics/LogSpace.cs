using System;
using System.Numerics.Tensors;

namespace AttrTune.Numerics;

/// <summary>
/// Arithmetic on logarithms of probabilities. <see cref="double.LogP1"/> and <see cref="double.ExpM1"/> are not used:
/// they are computed as log(1 + x) and exp(x) − 1, which lose every digit for tiny x.
/// </summary>
internal static class LogSpace
{
    /// <summary>log(1 + x), accurate for tiny x (Kahan's correction: the rounding of 1 + x is divided back out).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        if (u == 1)
        {
            return x;
        }

        double log = Math.Log(u);
        return double.IsInfinity(u) ? log : log * x / (u - 1);
    }

    /// <summary>exp(x) − 1, accurate for tiny x (the same correction as <see cref="Log1p"/>).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1)
        {
            return x;
        }

        double um1 = u - 1;
        if (um1 == -1)
        {
            return -1;
        }

        return double.IsInfinity(u) ? u : um1 * x / Math.Log(u);
    }

    /// <summary>log(exp(a) + exp(b)).</summary>
    public static double AddExp(double a, double b)
    {
        double max = Math.Max(a, b);
        return double.IsNegativeInfinity(max) ? max : max + Log1p(Math.Exp(Math.Min(a, b) - max));
    }

    /// <summary>log(exp(a) − exp(b)) for a ≥ b (−∞ when they are equal).</summary>
    public static double SubtractExp(double a, double b) => double.IsNegativeInfinity(b) ? a : a + Log1mExp(b - a);

    /// <summary>log(1 − exp(x)) for x ≤ 0, by whichever of log(−expm1 x) and log1p(−exp x) is exact there (Mächler, 2012).</summary>
    public static double Log1mExp(double x) => x > -0.6931471805599453 ? Math.Log(-Expm1(x)) : Log1p(-Math.Exp(x));

    /// <summary>log Σ exp(values), without overflow or underflow of the terms.</summary>
    public static double SumExp(ReadOnlySpan<double> values, Span<double> scratch)
    {
        if (values.Length == 0)
        {
            return double.NegativeInfinity;
        }

        double max = TensorPrimitives.Max(values);
        if (double.IsInfinity(max))
        {
            return max;
        }

        Span<double> shifted = scratch[..values.Length];
        TensorPrimitives.Subtract(values, max, shifted);

        // Terms below e^-708 are nothing beside the largest (e^0), and leaving them in sends the vectorised exp down
        // its slow scalar path.
        TensorPrimitives.Max(shifted, -708.0, shifted);
        TensorPrimitives.Exp(shifted, shifted);
        return max + Math.Log(TensorPrimitives.Sum(shifted));
    }
}
