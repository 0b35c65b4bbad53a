using System;
using System.Collections.Generic;
using AttrTune.Distributions;

namespace AttrTune.Analysis;

/// <summary>
/// PED-ANOVA importances (Watanabe et al. 2023): for each parameter, the Pearson divergence between the density of
/// its values among the top trials (the best <see cref="ImportanceOptions.BaselineQuantile"/> share, at least two)
/// and among all trials, both estimated on a grid of at most 50 points with a Gaussian kernel of Scott's bandwidth
/// and a uniform prior of one trial's weight (a choice: counts plus the prior). A conditional parameter is evaluated
/// among the trials where it is active (its own quantile), and its divergence weighted by the share of trials in
/// which it is active, so a parameter that rarely matters cannot outrank one that always does.
/// </summary>
internal static class PedAnovaEvaluator
{
    private const int GridSteps = 50;
    private const int MinTopTrials = 2;
    private const double PriorWeight = 1.0;

    public static double[] Evaluate(TrialMatrix matrix, StudyDirection direction, ImportanceOptions options, int[] activeCounts)
    {
        int d = matrix.Descriptor.Count;
        var raw = new double[d];
        for (int p = 0; p < d; p++)
        {
            List<int> rows = matrix.RowsWhereActive([p]);
            activeCounts[p] = rows.Count;
            Distribution distribution = matrix.Descriptor.Parameters[p].Distribution;
            if (rows.Count <= MinTopTrials || TrialMatrix.IsSingleValued(distribution))
            {
                continue;
            }

            int steps = distribution is CategoricalDistribution c ? c.Count
                : !distribution.IsContinuous && distribution.PointCount <= GridSteps ? (int)distribution.PointCount
                : GridSteps;
            var all = new int[rows.Count];
            var loss = new double[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                all[i] = GridIndex(distribution, matrix.Rows[rows[i]][p], steps);
                double value = matrix.Values[rows[i]];
                loss[i] = direction == StudyDirection.Minimize ? value : -value;
            }

            // A parameter that never varied carries no evidence; the prior alone would otherwise give it a divergence,
            // since it weighs more in the smaller top set.
            if (Array.TrueForAll(all, g => g == all[0]))
            {
                continue;
            }

            var sorted = (double[])loss.Clone();
            Array.Sort(sorted);
            int cutoffIndex = Math.Max(MinTopTrials, (int)Math.Ceiling(options.BaselineQuantile * sorted.Length)) - 1;
            double cutoff = sorted[Math.Min(cutoffIndex, sorted.Length - 1)];
            var top = new List<int>();
            for (int i = 0; i < loss.Length; i++)
            {
                if (loss[i] <= cutoff)
                {
                    top.Add(all[i]);
                }
            }

            bool categorical = distribution is CategoricalDistribution;
            double[] pdfTop = Density(top, steps, categorical);
            double[] pdfAll = Density(all, steps, categorical);
            double divergence = 0;
            for (int g = 0; g < steps; g++)
            {
                double ratio = (pdfTop[g] + 1e-12) / (pdfAll[g] + 1e-12);
                divergence += (pdfAll[g] + 1e-12) * (ratio - 1) * (ratio - 1);
            }

            raw[p] = divergence * rows.Count / matrix.Count;
        }

        return raw;
    }

    /// <summary>The grid point nearest to the value, in the parameter's own scale (discrete values are their own points).</summary>
    private static int GridIndex(Distribution distribution, double value, int steps)
    {
        if (distribution is CategoricalDistribution)
        {
            return (int)value;
        }

        double unit = distribution.ToUnit(value);
        int index = distribution.IsContinuous || distribution.PointCount > GridSteps
            ? (int)Math.Round(unit * (steps - 1))
            : (int)Math.Floor(unit * steps);
        return Math.Clamp(index, 0, steps - 1);
    }

    /// <summary>A density on the grid points 0..steps-1 from observed grid indices, with a uniform prior.</summary>
    private static double[] Density(IReadOnlyList<int> observed, int steps, bool categorical)
    {
        var density = new double[steps];
        double total = observed.Count + PriorWeight;
        for (int g = 0; g < steps; g++)
        {
            density[g] = PriorWeight / steps / total;
        }

        if (categorical || steps == 1)
        {
            foreach (int o in observed)
            {
                density[o] += 1 / total;
            }

            return density;
        }

        // Scott's rule on the grid indices, never narrower than half a grid step.
        double mean = 0;
        foreach (int o in observed)
        {
            mean += o;
        }

        mean /= observed.Count;
        double variance = 0;
        foreach (int o in observed)
        {
            variance += (o - mean) * (o - mean);
        }

        double sigma = observed.Count > 1 ? Math.Sqrt(variance / (observed.Count - 1)) : 0;
        double bandwidth = Math.Max(0.5, 1.059 * sigma * Math.Pow(observed.Count, -0.2));
        Span<double> kernel = stackalloc double[steps];
        foreach (int o in observed)
        {
            double norm = 0;
            for (int g = 0; g < steps; g++)
            {
                double z = (g - o) / bandwidth;
                kernel[g] = Math.Exp(-0.5 * z * z);
                norm += kernel[g];
            }

            for (int g = 0; g < steps; g++)
            {
                density[g] += kernel[g] / norm / total;
            }
        }

        return density;
    }
}
