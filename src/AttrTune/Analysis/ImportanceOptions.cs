using System;

namespace AttrTune.Analysis;

/// <summary>Settings of <see cref="StudyAnalysis.GetImportance"/>; the defaults are Optuna's.</summary>
public sealed record ImportanceOptions
{
    /// <summary>The defaults: fANOVA, 64 trees of depth up to 64, leaves of one trial, seed 0.</summary>
    public static ImportanceOptions Default { get; } = new();

    /// <summary>The method; <see cref="ImportanceEvaluator.Fanova"/> by default.</summary>
    public ImportanceEvaluator Evaluator { get; init; } = ImportanceEvaluator.Fanova;

    /// <summary>Seeds the forest (bootstrap samples and column subsets): the same seed gives the same importances.</summary>
    public ulong Seed { get; init; }

    /// <summary>Trees in the forest (fANOVA and contour plots); 64 by default.</summary>
    public int TreeCount { get; init; } = 64;

    /// <summary>The deepest a tree may grow; 64 by default.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The fewest trials a leaf may hold; 1 by default.</summary>
    public int MinLeafSize { get; init; } = 1;

    /// <summary>
    /// The share of the parameters each split considers (at least one): 1 (all, the default, as Optuna's forest)
    /// gives the most faithful importances; smaller values decorrelate the trees.
    /// </summary>
    public double FeatureFraction { get; init; } = 1.0;

    /// <summary>PED-ANOVA: the share of the best trials compared with all trials; 0.1 by default.</summary>
    public double BaselineQuantile { get; init; } = 0.1;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, or a share is outside (0, 1].</exception>
    internal void Check()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TreeCount, 1, nameof(TreeCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDepth, 1, nameof(MaxDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinLeafSize, 1, nameof(MinLeafSize));
        if (!(FeatureFraction > 0 && FeatureFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FeatureFraction), FeatureFraction, "FeatureFraction must lie in (0, 1].");
        }

        if (!(BaselineQuantile > 0 && BaselineQuantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(BaselineQuantile), BaselineQuantile, "BaselineQuantile must lie in (0, 1].");
        }
    }
}
