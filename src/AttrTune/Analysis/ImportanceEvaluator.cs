namespace AttrTune.Analysis;

/// <summary>How <see cref="StudyAnalysis.GetImportance"/> measures parameter importance.</summary>
public enum ImportanceEvaluator
{
    /// <summary>
    /// Functional ANOVA of a random forest fitted to the complete trials (Optuna's default evaluator): a parameter's
    /// importance is the share of the forest's variance its main effect explains. Costs a forest fit.
    /// </summary>
    Fanova = 0,

    /// <summary>
    /// PED-ANOVA (Watanabe et al. 2023, Optuna's <c>PedAnovaImportanceEvaluator</c>): how far the distribution of a
    /// parameter among the best trials (a quantile) departs from its distribution among all trials, by Pearson
    /// divergence of two Parzen estimates. No model; linear in the number of trials.
    /// </summary>
    PedAnova = 1,
}
