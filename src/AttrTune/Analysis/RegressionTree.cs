using System;

namespace AttrTune.Analysis;

/// <summary>
/// One fitted regression tree, stored as flat arrays. A numeric node sends a value <c>&lt;= Threshold</c> left; a
/// categorical node sends the choices in <c>LeftChoices</c> left and every other choice (including choices it never
/// saw) right. Leaves have <c>Feature == -1</c>.
/// </summary>
internal sealed class RegressionTree
{
    public RegressionTree(int[] feature, double[] threshold, ulong[] leftChoices, int[] left, int[] right, double[] value)
    {
        Feature = feature;
        Threshold = threshold;
        LeftChoices = leftChoices;
        Left = left;
        Right = right;
        Value = value;
    }

    public int[] Feature { get; }

    public double[] Threshold { get; }

    public ulong[] LeftChoices { get; }

    public int[] Left { get; }

    public int[] Right { get; }

    /// <summary>The mean target of the node's training rows (a leaf's prediction).</summary>
    public double[] Value { get; }

    public int NodeCount => Feature.Length;

    /// <summary>Whether a row goes left at <paramref name="node"/>, given its value of the node's feature.</summary>
    public bool GoesLeft(int node, double x, bool categorical) =>
        categorical ? x >= 0 && x < 64 && (LeftChoices[node] & (1UL << (int)x)) != 0 : x <= Threshold[node];

    /// <summary>The tree's prediction for one row (<paramref name="row"/> indexed by feature).</summary>
    public double Predict(ReadOnlySpan<double> row, FeatureTable layout)
    {
        int node = 0;
        while (Feature[node] >= 0)
        {
            int f = Feature[node];
            node = GoesLeft(node, row[f], layout.IsCategorical(f)) ? Left[node] : Right[node];
        }

        return Value[node];
    }
}
