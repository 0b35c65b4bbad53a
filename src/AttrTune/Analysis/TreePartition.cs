using System;
using System.Collections.Generic;
using System.Numerics;

namespace AttrTune.Analysis;

/// <summary>
/// The leaves of one tree as boxes of the input space: per leaf and column an interval of [0, 1] (numeric) or a set
/// of choices (categorical), its measure (interval length, or the share of the choices), the leaf's volume (the
/// product of the measures: the space is uniform in each column's own scale) and its value. Functional ANOVA of a
/// tree reads nothing else.
/// </summary>
internal sealed class TreePartition
{
    private TreePartition(FeatureTable layout, int leaves, double[] low, double[] high, ulong[] choices, double[] measure, double[] value, double[] volume)
    {
        Layout = layout;
        LeafCount = leaves;
        Low = low;
        High = high;
        Choices = choices;
        Measure = measure;
        Value = value;
        Volume = volume;
    }

    public FeatureTable Layout { get; }

    public int LeafCount { get; }

    /// <summary>Leaf l, column j at [l * width + j]: the interval's lower end (numeric columns).</summary>
    public double[] Low { get; }

    /// <summary>The interval's upper end (numeric columns).</summary>
    public double[] High { get; }

    /// <summary>The leaf's choices as a bit mask (categorical columns).</summary>
    public ulong[] Choices { get; }

    /// <summary>The interval's length or the share of the choices.</summary>
    public double[] Measure { get; }

    public double[] Value { get; }

    public double[] Volume { get; }

    public static TreePartition Of(RegressionTree tree, FeatureTable layout)
    {
        int width = layout.Width;
        var low = new List<double>();
        var high = new List<double>();
        var choices = new List<ulong>();
        var measure = new List<double>();
        var value = new List<double>();
        var volume = new List<double>();
        var boxLow = new double[width];
        var boxHigh = new double[width];
        var boxChoices = new ulong[width];
        for (int j = 0; j < width; j++)
        {
            boxHigh[j] = 1;
            int k = layout.CategoryCounts[j];
            boxChoices[j] = k >= 64 ? ulong.MaxValue : (1UL << k) - 1;
        }

        Walk(0);
        return new TreePartition(layout, value.Count, low.ToArray(), high.ToArray(), choices.ToArray(), measure.ToArray(), value.ToArray(), volume.ToArray());

        void Walk(int node)
        {
            int f = tree.Feature[node];
            if (f < 0)
            {
                double v = 1;
                for (int j = 0; j < width; j++)
                {
                    int k = layout.CategoryCounts[j];
                    double m = k > 0 ? (double)BitOperations.PopCount(boxChoices[j]) / k : boxHigh[j] - boxLow[j];
                    low.Add(boxLow[j]);
                    high.Add(boxHigh[j]);
                    choices.Add(boxChoices[j]);
                    measure.Add(m);
                    v *= m;
                }

                value.Add(tree.Value[node]);
                volume.Add(v);
                return;
            }

            if (layout.IsCategorical(f))
            {
                ulong saved = boxChoices[f];
                boxChoices[f] = saved & tree.LeftChoices[node];
                Walk(tree.Left[node]);
                boxChoices[f] = saved & ~tree.LeftChoices[node];
                Walk(tree.Right[node]);
                boxChoices[f] = saved;
            }
            else
            {
                double savedLow = boxLow[f], savedHigh = boxHigh[f];
                boxHigh[f] = Math.Min(savedHigh, Math.Max(savedLow, tree.Threshold[node]));
                Walk(tree.Left[node]);
                boxHigh[f] = savedHigh;
                boxLow[f] = Math.Max(savedLow, Math.Min(savedHigh, tree.Threshold[node]));
                Walk(tree.Right[node]);
                boxLow[f] = savedLow;
            }
        }
    }

    /// <summary>The tree's mean over the space.</summary>
    public double Mean()
    {
        double mean = 0;
        for (int l = 0; l < LeafCount; l++)
        {
            mean += Volume[l] * Value[l];
        }

        return mean;
    }

    /// <summary>The tree's variance over the space (uniform in each column's scale).</summary>
    public double Variance(double mean)
    {
        double variance = 0;
        for (int l = 0; l < LeafCount; l++)
        {
            double d = Value[l] - mean;
            variance += Volume[l] * d * d;
        }

        return variance;
    }

    /// <summary>
    /// The variance of the tree's main effect of column <paramref name="j"/>: the tree averaged over every other
    /// column is a step function of column j (steps at the tree's thresholds, or one value per choice), and this is
    /// its variance under the uniform measure.
    /// </summary>
    public double MarginalVariance(int j, double mean)
    {
        int width = Layout.Width;
        int categories = Layout.CategoryCounts[j];
        if (categories > 0)
        {
            Span<double> effect = categories <= 64 ? stackalloc double[categories] : new double[categories];
            effect.Clear();
            for (int l = 0; l < LeafCount; l++)
            {
                int at = l * width + j;
                double share = Value[l] * Volume[l] / Measure[at];
                ulong set = Choices[at];
                while (set != 0)
                {
                    effect[BitOperations.TrailingZeroCount(set)] += share;
                    set &= set - 1;
                }
            }

            double variance = 0;
            foreach (double e in effect)
            {
                variance += (e - mean) * (e - mean);
            }

            return variance / categories;
        }

        // Breakpoints: every leaf's ends on column j; between two of them the main effect is constant.
        var points = new double[2 * LeafCount + 2];
        for (int l = 0; l < LeafCount; l++)
        {
            points[2 * l] = Low[l * width + j];
            points[2 * l + 1] = High[l * width + j];
        }

        points[^2] = 0;
        points[^1] = 1;
        Array.Sort(points);
        int unique = 0;
        for (int i = 0; i < points.Length; i++)
        {
            if (unique == 0 || points[i] != points[unique - 1])
            {
                points[unique++] = points[i];
            }
        }

        var steps = new double[unique];
        for (int l = 0; l < LeafCount; l++)
        {
            int at = l * width + j;
            double share = Value[l] * Volume[l] / Measure[at];
            steps[Array.BinarySearch(points, 0, unique, Low[at])] += share;
            steps[Array.BinarySearch(points, 0, unique, High[at])] -= share;
        }

        double level = 0, total = 0;
        for (int i = 0; i < unique - 1; i++)
        {
            level += steps[i];
            double d = level - mean;
            total += (points[i + 1] - points[i]) * d * d;
        }

        return total;
    }

    /// <summary>
    /// Adds the tree's two-column marginal (the tree averaged over every other column) at the grid points
    /// <paramref name="xs"/> x <paramref name="ys"/> (unit coordinates or choice indices) to
    /// <paramref name="sum"/>[iy * xs.Length + ix].
    /// </summary>
    public void AddPairMarginal(int jx, int jy, double[] xs, double[] ys, double[] sum)
    {
        int width = Layout.Width;
        bool xCategorical = Layout.IsCategorical(jx), yCategorical = Layout.IsCategorical(jy);
        for (int l = 0; l < LeafCount; l++)
        {
            int ax = l * width + jx, ay = l * width + jy;
            double share = Value[l] * Volume[l] / (Measure[ax] * Measure[ay]);
            for (int iy = 0; iy < ys.Length; iy++)
            {
                if (!Contains(ay, ys[iy], yCategorical))
                {
                    continue;
                }

                for (int ix = 0; ix < xs.Length; ix++)
                {
                    if (Contains(ax, xs[ix], xCategorical))
                    {
                        sum[iy * xs.Length + ix] += share;
                    }
                }
            }
        }
    }

    // A point on a threshold belongs to the left (lower) leaf, as the tree routes it; 0 belongs to the first interval.
    private bool Contains(int at, double x, bool categorical) =>
        categorical
            ? (Choices[at] & (1UL << (int)x)) != 0
            : (x <= High[at] && x > Low[at]) || (x == 0 && Low[at] == 0);
}
