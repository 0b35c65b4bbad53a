using System;

namespace AttrTune.Analysis;

/// <summary>
/// Settings of <see cref="StudyAnalysis.GetImportance"/>; the defaults are Optuna's, except a small study's larger
/// forest (<see cref="TreeCount"/>) and numeric parameters seen in their own scale (<see cref="Scale"/>).
/// </summary>
public sealed record ImportanceOptions
{
    /// <summary>The defaults: fANOVA, 64 trees of depth up to 64, leaves of one trial, seed 0.</summary>
    public static ImportanceOptions Default { get; } = new();

    /// <summary>The method; <see cref="ImportanceEvaluator.Fanova"/> by default.</summary>
    public ImportanceEvaluator Evaluator { get; init; } = ImportanceEvaluator.Fanova;

    /// <summary>Seeds the forest (bootstrap samples and column subsets): the same seed gives the same importances.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Trees in the forest (fANOVA and contour plots). Null (the default) scales it with the data: 256 trees up to 250
    /// trials, then 64,000 / trials, never fewer than 64. A small study's forest is cheap and its importances are
    /// noisy, so more trees buy stable rankings there (on ten equally important parameters, 256 trees agree with
    /// Optuna's fANOVA about as well as 64 trees averaged over five seeds); a large study keeps 64 and its cost.
    /// </summary>
    public int? TreeCount { get; init; }

    /// <summary>The deepest a tree may grow; 64 by default.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The fewest trials a leaf may hold; 1 by default.</summary>
    public int MinLeafSize { get; init; } = 1;

    /// <summary>
    /// The share of the parameters each split considers (at least one): 1 (all, the default, as Optuna's forest)
    /// gives the most faithful importances; smaller values decorrelate the trees.
    /// </summary>
    public double FeatureFraction { get; init; } = 1.0;

    /// <summary>
    /// The scale in which fANOVA sees numeric parameters: <see cref="ImportanceScale.Parameter"/> (the default, each
    /// parameter's declared scale, every decade of a log range weighing the same) or <see cref="ImportanceScale.Raw"/>
    /// (raw values between the raw bounds, as Optuna 3.1's fANOVA, to reproduce its numbers). PED-ANOVA ignores it:
    /// it compares two densities of the same values, which a change of scale leaves as they are, and Optuna's
    /// PED-ANOVA grids a log range in its log, as ours does. Contour plots ignore it too: their grid and axes are in
    /// the declared scale.
    /// </summary>
    public ImportanceScale Scale { get; init; } = ImportanceScale.Parameter;

    /// <summary>PED-ANOVA: the share of the best trials compared with all trials; 0.1 by default.</summary>
    public double BaselineQuantile { get; init; } = 0.1;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A count is below 1, a share is outside (0, 1], or <see cref="Evaluator"/> or <see cref="Scale"/> is not a
    /// defined value.
    /// </exception>
    internal void Check()
    {
        if (!Enum.IsDefined(Evaluator))
        {
            throw new ArgumentOutOfRangeException(nameof(Evaluator), Evaluator, "Evaluator must be Fanova or PedAnova.");
        }

        if (!Enum.IsDefined(Scale))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Scale must be Parameter or Raw.");
        }

        if (TreeCount is { } trees)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(trees, 1, nameof(TreeCount));
        }

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

    /// <summary>The forest's size for a study of <paramref name="rows"/> complete trials: <see cref="TreeCount"/>, or the default's scale.</summary>
    internal int TreesFor(int rows) => TreeCount ?? Math.Clamp(64_000 / Math.Max(rows, 1), 64, 256);
}
