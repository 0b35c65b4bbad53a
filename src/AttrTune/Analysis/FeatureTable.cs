using System;

namespace AttrTune.Analysis;

/// <summary>
/// The inputs of a regression forest, by column: numeric columns hold coordinates in [0, 1] (by default the
/// distribution's own scale, so a log range is linear in the log; with <see cref="ImportanceScale.Raw"/> linear in
/// the raw values between the raw bounds, see <see cref="TrialMatrix.Encode"/>), categorical columns hold choice indices.
/// </summary>
internal sealed class FeatureTable
{
    /// <summary>Categorical columns wider than this are treated as ordinal, since a leaf keeps its choices in one 64-bit mask.</summary>
    public const int MaxCategories = 64;

    public FeatureTable(double[][] columns, int[] categoryCounts, int rows)
    {
        if (columns.Length != categoryCounts.Length)
        {
            throw new ArgumentException("Every column needs a category count (0 for numeric).", nameof(categoryCounts));
        }

        Columns = columns;
        CategoryCounts = categoryCounts;
        Rows = rows;
    }

    /// <summary>The columns; each has <see cref="Rows"/> values.</summary>
    public double[][] Columns { get; }

    /// <summary>Per column: the number of choices of a categorical column, 0 for a numeric one.</summary>
    public int[] CategoryCounts { get; }

    /// <summary>The number of rows (trials).</summary>
    public int Rows { get; }

    /// <summary>The number of columns (parameters).</summary>
    public int Width => Columns.Length;

    /// <summary>Whether column <paramref name="feature"/> is split on subsets of choices.</summary>
    public bool IsCategorical(int feature) => CategoryCounts[feature] > 0;
}
