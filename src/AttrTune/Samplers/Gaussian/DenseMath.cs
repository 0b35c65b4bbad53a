using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace AttrTune.Samplers;

/// <summary>
/// The dense linear algebra the Gaussian process needs, on row-major <c>double[]</c> matrices. It is written here
/// rather than taken from MathNet's matrix types because the hot loops (Cholesky rows, triangular solves against
/// hundreds of candidates) are contiguous dot products that vectorise, and a GP at 500 trials has to stay within a few
/// milliseconds per proposal. The two loops are written out rather than left to TensorPrimitives: a factorisation makes
/// about n²/2 calls and every solve n, and TensorPrimitives' fixed cost per call made the GP's proposals on cont10 at
/// 500 trials 43% slower (36.1 against 25.2 ms, median of four alternating runs of the cost benchmark).
/// </summary>
internal static class DenseMath
{
    /// <summary>The dot product of <paramref name="a"/> with the first <c>a.Length</c> entries of <paramref name="b"/>.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int length = a.Length;
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && length >= 2 * Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..length]);
            Vector<double> acc0 = Vector<double>.Zero;
            Vector<double> acc1 = Vector<double>.Zero;
            int v = 0;
            for (; v + 1 < va.Length; v += 2)
            {
                acc0 += va[v] * vb[v];
                acc1 += va[v + 1] * vb[v + 1];
            }

            for (; v < va.Length; v++)
            {
                acc0 += va[v] * vb[v];
            }

            sum = Vector.Sum(acc0 + acc1);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary><c>y -= scale * x</c>, over the first <c>y.Length</c> entries of <paramref name="x"/>.</summary>
    public static void SubtractScaled(Span<double> y, ReadOnlySpan<double> x, double scale)
    {
        int length = y.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..length]);
            var s = new Vector<double>(scale);
            for (int v = 0; v < vy.Length; v++)
            {
                vy[v] -= s * vx[v];
            }

            i = vy.Length * Vector<double>.Count;
        }

        for (; i < length; i++)
        {
            y[i] -= scale * x[i];
        }
    }

    /// <summary>
    /// Factors the symmetric positive-definite <paramref name="matrix"/> (n×n, row-major) in place into its lower
    /// Cholesky factor (the upper triangle is zeroed). False when a pivot is not positive (the matrix is not
    /// numerically positive definite); the matrix is then garbage.
    /// </summary>
    public static bool TryCholesky(Span<double> matrix, int n)
    {
        for (int i = 0; i < n; i++)
        {
            Span<double> rowI = matrix.Slice(i * n, n);
            for (int j = 0; j < i; j++)
            {
                ReadOnlySpan<double> rowJ = matrix.Slice(j * n, j);
                rowI[j] = (rowI[j] - Dot(rowI[..j], rowJ)) / matrix[j * n + j];
            }

            double pivot = rowI[i] - Dot(rowI[..i], rowI[..i]);
            if (!(pivot > 0) || !double.IsFinite(pivot))
            {
                return false;
            }

            rowI[i] = Math.Sqrt(pivot);
            rowI[(i + 1)..].Clear();
        }

        return true;
    }

    /// <summary>
    /// The Cholesky factor of <paramref name="matrix"/> + jitter·I, with the smallest jitter of 0, then 1e-10, 1e-9, …
    /// (relative to the mean diagonal) that factors: near-singular kernels (duplicated or very close points) still
    /// give a usable model. Returns the jitter added; throws only if even a jitter of the whole diagonal fails.
    /// </summary>
    public static double CholeskyWithJitter(ReadOnlySpan<double> matrix, int n, Span<double> factor)
    {
        double meanDiagonal = 0;
        for (int i = 0; i < n; i++)
        {
            meanDiagonal += matrix[i * n + i];
        }

        meanDiagonal = n > 0 ? Math.Max(meanDiagonal / n, double.Epsilon) : 1;
        double jitter = 0;
        for (int attempt = 0; attempt < 12; attempt++)
        {
            matrix.CopyTo(factor);
            for (int i = 0; i < n; i++)
            {
                factor[i * n + i] += jitter;
            }

            if (TryCholesky(factor, n))
            {
                return jitter;
            }

            jitter = jitter == 0 ? 1e-10 * meanDiagonal : jitter * 10;
        }

        throw new InvalidOperationException($"The {n}x{n} kernel matrix is not positive definite even with a jitter of {jitter / 10:G3} on its diagonal (non-finite inputs?).");
    }

    /// <summary>Solves <c>L x = b</c> in place (<paramref name="vector"/> holds b, then x).</summary>
    public static void SolveLower(ReadOnlySpan<double> factor, int n, Span<double> vector)
    {
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = factor.Slice(i * n, i);
            vector[i] = (vector[i] - Dot(row, vector[..i])) / factor[i * n + i];
        }
    }

    /// <summary>Solves <c>Lᵀ x = b</c> in place, column by column so the inner loop stays contiguous.</summary>
    public static void SolveLowerTransposed(ReadOnlySpan<double> factor, int n, Span<double> vector)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            double x = vector[i] / factor[i * n + i];
            vector[i] = x;
            SubtractScaled(vector[..i], factor.Slice(i * n, i), x);
        }
    }

    /// <summary>The inverse of L Lᵀ (n×n, row-major) from the lower Cholesky factor.</summary>
    public static void InverseFromCholesky(ReadOnlySpan<double> factor, int n, Span<double> inverse)
    {
        // Invert L row by row (forward substitution on unit vectors), then K⁻¹ = L⁻ᵀ L⁻¹ over the lower triangle.
        double[] lowerInverse = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            lowerInverse[i * n + i] = 1.0 / factor[i * n + i];
            for (int j = 0; j < i; j++)
            {
                double sum = 0;
                for (int k = j; k < i; k++)
                {
                    sum += factor[i * n + k] * lowerInverse[k * n + j];
                }

                lowerInverse[i * n + j] = -sum / factor[i * n + i];
            }
        }

        // (L⁻ᵀ L⁻¹)_ij = Σ_k≥max(i,j) M_ki M_kj with M = L⁻¹: accumulate rows of M as outer products.
        inverse.Clear();
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<double> row = lowerInverse.AsSpan(k * n, k + 1);
            for (int i = 0; i <= k; i++)
            {
                double scale = row[i];
                if (scale != 0)
                {
                    SubtractScaled(inverse.Slice(i * n, i + 1), row[..(i + 1)], -scale);
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                inverse[j * n + i] = inverse[i * n + j];
            }
        }
    }
}
