using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Randomness;

namespace AttrTune.Analysis;

/// <summary>
/// fANOVA importances (Hutter et al. 2014, as Optuna's <c>FanovaImportanceEvaluator</c>): per tree, the variance of
/// each parameter's main effect over the tree's variance, averaged over the trees. Conditional parameters are
/// handled by scope: parameters with the same condition chain form a scope, whose forest is fitted on the trials
/// where the scope is active, with every parameter active in any of them as input (see
/// <see cref="TrialMatrix.Table"/> for inactive values). A scope's shares are
/// then put on one scale with the others by the scope's absolute variance and how often it is active:
/// raw(p) = (trials active / trials) x (mean tree variance of its forest) x (p's mean share), and the raws are
/// normalised to sum 1. Without conditions there is one scope and this is exactly the mean share, normalised.
/// </summary>
internal static class FanovaEvaluator
{
    public static double[] Evaluate(TrialMatrix matrix, ImportanceOptions options, int[] activeCounts)
    {
        int d = matrix.Descriptor.Count;
        var raw = new double[d];
        var scopes = Enumerable.Range(0, d).GroupBy(matrix.ScopeKey, StringComparer.Ordinal);
        var root = new RandomSource(options.Seed);
        foreach (IGrouping<string, int> scope in scopes)
        {
            var members = scope.ToList();
            List<int> rows = matrix.RowsWhereActive(members);
            foreach (int p in members)
            {
                activeCounts[p] = rows.Count;
            }

            if (rows.Count < 2)
            {
                continue;
            }

            RandomSource random = root.Fork("scope/" + scope.Key);
            List<int> columns = matrix.ActiveInAny(rows);
            (FeatureTable table, double[] targets) = matrix.Table(rows, columns, options.Scale, random);
            RegressionForest forest = RegressionForest.Fit(
                table, targets, options.TreesFor(matrix.Count), options.MaxDepth, options.MinLeafSize, options.FeatureFraction, random.NextUInt64());
            (double[] shares, double variance) = Shares(forest, members.Select(m => columns.IndexOf(m)).ToArray());
            double weight = (double)rows.Count / matrix.Count * variance;
            for (int m = 0; m < members.Count; m++)
            {
                raw[members[m]] = weight * shares[m];
            }
        }

        return raw;
    }

    /// <summary>Per column in <paramref name="features"/>, its mean share of the tree variance; and the mean tree variance.</summary>
    public static (double[] Shares, double MeanVariance) Shares(RegressionForest forest, int[] features)
    {
        var shares = new double[features.Length];
        double variance = 0;
        int counted = 0;
        foreach (RegressionTree tree in forest.Trees)
        {
            TreePartition partition = TreePartition.Of(tree, forest.Layout);
            double mean = partition.Mean();
            double total = partition.Variance(mean);
            variance += total;

            // A tree that is one leaf explains nothing and has no shares (Optuna skips it too).
            if (!(total > 0))
            {
                continue;
            }

            counted++;
            for (int k = 0; k < features.Length; k++)
            {
                shares[k] += partition.MarginalVariance(features[k], mean) / total;
            }
        }

        for (int k = 0; k < shares.Length; k++)
        {
            shares[k] = counted == 0 ? 0 : shares[k] / counted;
        }

        return (shares, variance / forest.Trees.Count);
    }
}
