using System;
using System.Collections.Generic;
using AttrTune.Randomness;

namespace AttrTune.Analysis;

/// <summary>
/// A small seeded random forest of regression trees (bootstrap rows, a random subset of columns tried per node,
/// variance-reduction splits, depth and leaf-size limits), written for fANOVA: the importance evaluator needs each
/// tree's partition of the space, which is why the trees are plain arrays. Categorical columns are split on subsets
/// of choices (choices ordered by their mean target, the best prefix taken: optimal for squared error).
/// </summary>
internal sealed class RegressionForest
{
    private RegressionForest(RegressionTree[] trees, FeatureTable layout)
    {
        Trees = trees;
        Layout = layout;
    }

    public IReadOnlyList<RegressionTree> Trees { get; }

    public FeatureTable Layout { get; }

    /// <summary>Fits <paramref name="treeCount"/> trees; tree t draws from its own stream, so the forest depends only on the seed.</summary>
    public static RegressionForest Fit(FeatureTable table, double[] targets, int treeCount, int maxDepth, int minLeaf, double featureFraction, ulong seed)
    {
        if (targets.Length != table.Rows)
        {
            throw new ArgumentException($"The forest has {table.Rows} rows but {targets.Length} targets.", nameof(targets));
        }

        var root = new RandomSource(seed);
        var builder = new Builder(table, targets, maxDepth, Math.Max(1, minLeaf), featureFraction);
        var trees = new RegressionTree[treeCount];
        for (int t = 0; t < treeCount; t++)
        {
            trees[t] = builder.Build(root.Fork("tree" + t.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new RegressionForest(trees, table);
    }

    /// <summary>The mean prediction of the trees.</summary>
    public double Predict(ReadOnlySpan<double> row)
    {
        double sum = 0;
        foreach (RegressionTree tree in Trees)
        {
            sum += tree.Predict(row, Layout);
        }

        return sum / Trees.Count;
    }

    /// <summary>
    /// Grows trees with presorted columns: each numeric column's rows are sorted once per tree and every split
    /// partitions those orders stably, so a level costs O(rows x columns) instead of a sort per node.
    /// </summary>
    private sealed class Builder
    {
        private readonly FeatureTable _table;
        private readonly double[] _targets;
        private readonly int _maxDepth;
        private readonly int _minLeaf;
        private readonly int _tryFeatures;
        private readonly int _n;
        private readonly int[][] _order;
        private readonly int[] _rows;
        private readonly double[] _y;
        private readonly bool[] _goesLeft;
        private readonly int[] _scratch;
        private readonly int[] _features;
        private readonly double[] _categorySum;
        private readonly int[] _categoryCount;
        private readonly int[] _categoryOrder;
        private readonly double[] _categoryMean;
        private readonly List<int> _feature = new();
        private readonly List<double> _threshold = new();
        private readonly List<ulong> _mask = new();
        private readonly List<int> _left = new();
        private readonly List<int> _right = new();
        private readonly List<double> _value = new();
        private RandomSource _random = new(0);

        public Builder(FeatureTable table, double[] targets, int maxDepth, int minLeaf, double featureFraction)
        {
            _table = table;
            _targets = targets;
            _maxDepth = maxDepth;
            _minLeaf = minLeaf;
            _n = table.Rows;
            int width = table.Width;
            _tryFeatures = Math.Clamp((int)(featureFraction * width), 1, Math.Max(1, width));
            _order = new int[width][];
            for (int f = 0; f < width; f++)
            {
                _order[f] = new int[_n];
            }

            _rows = new int[_n];
            _y = new double[_n];
            _goesLeft = new bool[_n];
            _scratch = new int[_n];
            _features = new int[width];
            int maxCategories = 1;
            foreach (int count in table.CategoryCounts)
            {
                maxCategories = Math.Max(maxCategories, count);
            }

            _categorySum = new double[maxCategories];
            _categoryCount = new int[maxCategories];
            _categoryOrder = new int[maxCategories];
            _categoryMean = new double[maxCategories];
        }

        public RegressionTree Build(RandomSource random)
        {
            _random = random;
            _feature.Clear();
            _threshold.Clear();
            _mask.Clear();
            _left.Clear();
            _right.Clear();
            _value.Clear();

            // Bootstrap: positions 0..n-1 of this tree's sample refer to rows drawn with replacement.
            for (int i = 0; i < _n; i++)
            {
                _rows[i] = random.NextInt32(_n);
                _y[i] = _targets[_rows[i]];
            }

            for (int f = 0; f < _table.Width; f++)
            {
                int[] order = _order[f];
                for (int i = 0; i < _n; i++)
                {
                    order[i] = i;
                }

                if (!_table.IsCategorical(f))
                {
                    double[] column = _table.Columns[f];
                    var keys = new double[_n];
                    for (int i = 0; i < _n; i++)
                    {
                        keys[i] = column[_rows[i]];
                    }

                    Array.Sort(keys, order);
                }
            }

            Grow(0, _n, 0);
            return new RegressionTree(_feature.ToArray(), _threshold.ToArray(), _mask.ToArray(), _left.ToArray(), _right.ToArray(), _value.ToArray());
        }

        private int Grow(int start, int end, int depth)
        {
            int node = _feature.Count;
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            int[] any = _order[0];
            for (int i = start; i < end; i++)
            {
                double y = _y[any[i]];
                sum += y;
                min = Math.Min(min, y);
                max = Math.Max(max, y);
            }

            int count = end - start;
            _feature.Add(-1);
            _threshold.Add(0);
            _mask.Add(0);
            _left.Add(-1);
            _right.Add(-1);
            _value.Add(sum / count);
            if (depth >= _maxDepth || count < 2 * _minLeaf || min == max)
            {
                return node;
            }

            if (!FindSplit(start, end, sum, out int feature, out double threshold, out ulong mask))
            {
                return node;
            }

            // Mark each sample position's side once, then split every column's order stably around it.
            bool categorical = _table.IsCategorical(feature);
            double[] column = _table.Columns[feature];
            int[] own = _order[feature];
            int leftCount = 0;
            for (int i = start; i < end; i++)
            {
                int position = own[i];
                double x = column[_rows[position]];
                bool left = categorical ? (mask & (1UL << (int)x)) != 0 : x <= threshold;
                _goesLeft[position] = left;
                leftCount += left ? 1 : 0;
            }

            foreach (int[] order in _order)
            {
                int l = start, r = 0;
                for (int i = start; i < end; i++)
                {
                    int position = order[i];
                    if (_goesLeft[position])
                    {
                        order[l++] = position;
                    }
                    else
                    {
                        _scratch[r++] = position;
                    }
                }

                Array.Copy(_scratch, 0, order, l, r);
            }

            _feature[node] = feature;
            _threshold[node] = threshold;
            _mask[node] = mask;
            int leftChild = Grow(start, start + leftCount, depth + 1);
            int rightChild = Grow(start + leftCount, end, depth + 1);
            _left[node] = leftChild;
            _right[node] = rightChild;
            return node;
        }

        /// <summary>
        /// The split with the largest decrease in squared error among a random subset of columns; like scikit-learn,
        /// columns that are constant in the node do not count towards the subset, so a node splits whenever any
        /// column can split it.
        /// </summary>
        private bool FindSplit(int start, int end, double sum, out int bestFeature, out double bestThreshold, out ulong bestMask)
        {
            int width = _table.Width;
            for (int f = 0; f < width; f++)
            {
                _features[f] = f;
            }

            int count = end - start;
            double baseline = sum * sum / count;
            double bestGain = baseline + 1e-12 * Math.Abs(baseline) + 1e-300;
            bestFeature = -1;
            bestThreshold = 0;
            bestMask = 0;
            int tried = 0;
            for (int k = 0; k < width && tried < _tryFeatures; k++)
            {
                int pick = k + _random.NextInt32(width - k);
                (_features[k], _features[pick]) = (_features[pick], _features[k]);
                int f = _features[k];
                bool usable = _table.IsCategorical(f)
                    ? TryCategoricalSplit(f, start, end, sum, ref bestGain, ref bestFeature, ref bestMask)
                    : TryNumericSplit(f, start, end, sum, ref bestGain, ref bestFeature, ref bestThreshold);
                tried += usable ? 1 : 0;
            }

            return bestFeature >= 0;
        }

        /// <summary>Scans the column's sorted order; returns false when the column is constant in the node.</summary>
        private bool TryNumericSplit(int f, int start, int end, double sum, ref double bestGain, ref int bestFeature, ref double bestThreshold)
        {
            int[] order = _order[f];
            double[] column = _table.Columns[f];
            double first = column[_rows[order[start]]];
            double last = column[_rows[order[end - 1]]];
            if (first == last)
            {
                return false;
            }

            int count = end - start;
            double leftSum = 0;
            for (int i = start; i < end - 1; i++)
            {
                int position = order[i];
                leftSum += _y[position];
                int leftCount = i - start + 1;
                if (leftCount < _minLeaf)
                {
                    continue;
                }

                int rightCount = count - leftCount;
                if (rightCount < _minLeaf)
                {
                    break;
                }

                double x = column[_rows[position]];
                double next = column[_rows[order[i + 1]]];
                if (x == next)
                {
                    continue;
                }

                double rightSum = sum - leftSum;
                double gain = leftSum * leftSum / leftCount + rightSum * rightSum / rightCount;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestFeature = f;

                    // The midpoint, unless rounding puts it on the right value (adjacent doubles).
                    double middle = x + (next - x) / 2;
                    bestThreshold = middle < next ? middle : x;
                }
            }

            return true;
        }

        private bool TryCategoricalSplit(int f, int start, int end, double sum, ref double bestGain, ref int bestFeature, ref ulong bestMask)
        {
            int categories = _table.CategoryCounts[f];
            double[] column = _table.Columns[f];
            Array.Clear(_categorySum, 0, categories);
            Array.Clear(_categoryCount, 0, categories);
            int[] order = _order[f];
            for (int i = start; i < end; i++)
            {
                int position = order[i];
                int c = (int)column[_rows[position]];
                _categorySum[c] += _y[position];
                _categoryCount[c]++;
            }

            int present = 0;
            for (int c = 0; c < categories; c++)
            {
                if (_categoryCount[c] > 0)
                {
                    _categoryOrder[present] = c;
                    _categoryMean[present] = _categorySum[c] / _categoryCount[c];
                    present++;
                }
            }

            if (present < 2)
            {
                return false;
            }

            Array.Sort(_categoryMean, _categoryOrder, 0, present);
            int count = end - start;
            double leftSum = 0;
            int leftCount = 0;
            ulong mask = 0;
            for (int k = 0; k < present - 1; k++)
            {
                int c = _categoryOrder[k];
                leftSum += _categorySum[c];
                leftCount += _categoryCount[c];
                mask |= 1UL << c;
                int rightCount = count - leftCount;
                if (leftCount < _minLeaf || rightCount < _minLeaf)
                {
                    continue;
                }

                double rightSum = sum - leftSum;
                double gain = leftSum * leftSum / leftCount + rightSum * rightSum / rightCount;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestFeature = f;
                    bestMask = mask;
                }
            }

            return true;
        }
    }
}
