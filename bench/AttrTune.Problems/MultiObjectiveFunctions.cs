using System;

namespace AttrTune.Problems;

/// <summary>
/// The multi-objective test functions, from their published definitions: ZDT (Zitzler, Deb and Thiele 2000), DTLZ
/// (Deb, Thiele, Laumanns and Zitzler 2002), Binh and Korn (1997), CONSTR (Deb 2001). Every objective is minimised;
/// constraints are written as c(x) ≤ 0.
/// </summary>
public static class MultiObjectiveFunctions
{
    /// <summary>ZDT1: a convex front f2 = 1 − √f1 where g = 1 (every variable but the first at 0).</summary>
    public static double[] Zdt1(double[] x)
    {
        double g = ZdtG(x);
        return [x[0], g * (1 - Math.Sqrt(x[0] / g))];
    }

    /// <summary>ZDT2: a concave front f2 = 1 − f1².</summary>
    public static double[] Zdt2(double[] x)
    {
        double g = ZdtG(x);
        double ratio = x[0] / g;
        return [x[0], g * (1 - ratio * ratio)];
    }

    /// <summary>ZDT3: a front in five disconnected pieces, f2 = 1 − √f1 − f1 sin(10π f1) where not dominated.</summary>
    public static double[] Zdt3(double[] x)
    {
        double g = ZdtG(x);
        double ratio = x[0] / g;
        return [x[0], g * (1 - Math.Sqrt(ratio) - ratio * Math.Sin(10 * Math.PI * x[0]))];
    }

    /// <summary>
    /// DTLZ2 with <paramref name="objectives"/> objectives: the first objectives − 1 variables place a point on the unit
    /// sphere's positive orthant, the rest (g, the squared distance of each from 0.5) push it outwards.
    /// </summary>
    public static double[] Dtlz2(double[] x, int objectives)
    {
        double g = 0;
        for (int i = objectives - 1; i < x.Length; i++)
        {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }

        var f = new double[objectives];
        for (int m = 0; m < objectives; m++)
        {
            // f_m = (1 + g) · cos(x_0 π/2) ⋯ cos(x_{M−m−2} π/2) · sin(x_{M−m−1} π/2), the sine absent for m = 0.
            double value = 1 + g;
            int cosines = objectives - 1 - m;
            for (int i = 0; i < cosines; i++)
            {
                value *= Math.Cos(x[i] * Math.PI / 2);
            }

            if (m > 0)
            {
                value *= Math.Sin(x[cosines] * Math.PI / 2);
            }

            f[m] = value;
        }

        return f;
    }

    /// <summary>DTLZ7: a front of 2^(M−1) disconnected regions; the last objective is (1 + g) h.</summary>
    public static double[] Dtlz7(double[] x, int objectives)
    {
        int k = x.Length - objectives + 1;
        double sum = 0;
        for (int i = objectives - 1; i < x.Length; i++)
        {
            sum += x[i];
        }

        double g = 1 + 9.0 / k * sum;
        var f = new double[objectives];
        double h = objectives;
        for (int m = 0; m < objectives - 1; m++)
        {
            f[m] = x[m];
            h -= f[m] / (1 + g) * (1 + Math.Sin(3 * Math.PI * f[m]));
        }

        f[objectives - 1] = (1 + g) * h;
        return f;
    }

    /// <summary>Binh and Korn: two quadratics on [0, 5] × [0, 3], inside a disc and outside another.</summary>
    public static (double[] Objectives, double[] Constraints) BinhKorn(double x, double y)
    {
        double[] objectives = [4 * x * x + 4 * y * y, (x - 5) * (x - 5) + (y - 5) * (y - 5)];
        // (x − 5)² + y² ≤ 25 and (x − 8)² + (y + 3)² ≥ 7.7.
        double[] constraints = [(x - 5) * (x - 5) + y * y - 25, 7.7 - ((x - 8) * (x - 8) + (y + 3) * (y + 3))];
        return (objectives, constraints);
    }

    /// <summary>CONSTR: f1 = x1, f2 = (1 + x2) / x1 on [0.1, 1] × [0, 5], with x2 + 9 x1 ≥ 6 and −x2 + 9 x1 ≥ 1.</summary>
    public static (double[] Objectives, double[] Constraints) Constr(double x1, double x2) =>
        ([x1, (1 + x2) / x1], [6 - x2 - 9 * x1, 1 + x2 - 9 * x1]);

    /// <summary>
    /// The tension/compression spring (Arora 1989, as Coello 2000 states it): the weight (N + 2) D d² of a spring of wire
    /// diameter d, coil diameter D and N active coils, under deflection, shear stress, surge frequency and diameter
    /// constraints. Best known 0.0126652 (d 0.051690, D 0.356750, N 11.287126).
    /// </summary>
    public static (double[] Objectives, double[] Constraints) Spring(double d, double coil, double n)
    {
        double d2 = d * d;
        double d4 = d2 * d2;
        double[] constraints =
        [
            1 - coil * coil * coil * n / (71785 * d4),
            (4 * coil * coil - d * coil) / (12566 * (coil * d2 * d - d4)) + 1 / (5108 * d2) - 1,
            1 - 140.45 * d / (coil * coil * n),
            (coil + d) / 1.5 - 1,
        ];
        return ([(n + 2) * coil * d2], constraints);
    }

    /// <summary>
    /// The pressure vessel (Kannan and Kramer 1994): material, forming and welding cost of a cylindrical vessel with
    /// shell and head thicknesses ts, th (multiples of 0.0625), inner radius r and length l, under thickness and volume
    /// constraints. Best known with those thicknesses 6059.714 (0.8125, 0.4375, 42.098446, 176.636596).
    /// </summary>
    public static (double[] Objectives, double[] Constraints) PressureVessel(double ts, double th, double r, double l)
    {
        double cost = 0.6224 * ts * r * l + 1.7781 * th * r * r + 3.1661 * ts * ts * l + 19.84 * ts * ts * r;
        double[] constraints =
        [
            -ts + 0.0193 * r,
            -th + 0.00954 * r,
            -Math.PI * r * r * l - 4.0 / 3 * Math.PI * r * r * r + 1296000,
            l - 240,
        ];
        return ([cost], constraints);
    }

    /// <summary>
    /// G06 (Floudas and Pardalos 1990, the CEC 2006 suite's g06): (x1 − 10)³ + (x2 − 20)³ inside a thin crescent between
    /// two circles, about 0.007% of the box. Optimum −6961.81387558 at (14.095, 0.84296).
    /// </summary>
    public static (double[] Objectives, double[] Constraints) G06(double x1, double x2)
    {
        double a = x1 - 10;
        double b = x2 - 20;
        double[] constraints =
        [
            100 - (x1 - 5) * (x1 - 5) - (x2 - 5) * (x2 - 5),
            (x1 - 6) * (x1 - 6) + (x2 - 5) * (x2 - 5) - 82.81,
        ];
        return ([a * a * a + b * b * b], constraints);
    }

    // 1 + 9 × the mean of every variable but the first.
    private static double ZdtG(double[] x)
    {
        double sum = 0;
        for (int i = 1; i < x.Length; i++)
        {
            sum += x[i];
        }

        return 1 + 9 * sum / (x.Length - 1);
    }
}
