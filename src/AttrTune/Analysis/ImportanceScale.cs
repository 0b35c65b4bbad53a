namespace AttrTune.Analysis;

/// <summary>
/// The scale in which fANOVA (<see cref="ImportanceEvaluator.Fanova"/>) fits its forest to a log-scale parameter
/// (<c>LogUniform</c>, or <c>IntRange</c> with <c>Log = true</c>) and averages over it. fANOVA's importance is a
/// variance under the uniform measure on each parameter's range, so the scale decides what "uniform" means; it
/// changes nothing for a space without log-scale parameters.
/// </summary>
public enum ImportanceScale
{
    /// <summary>
    /// Each parameter in its declared scale, the one it is sampled in (the default): a log-scale range is uniform in
    /// its logarithm, so every decade of <c>LogUniform(1e-5, 1)</c> weighs the same and an effect confined to small
    /// values counts as much as one across the large values. Pick it to ask how much a parameter matters over the
    /// range as it was searched.
    /// </summary>
    Parameter = 0,

    /// <summary>
    /// Raw values, as Optuna 3.1's <c>FanovaImportanceEvaluator</c> fits and integrates them (log transform off): a
    /// log-scale range is uniform in the value itself, so in <c>LogUniform(1e-5, 1)</c> the range above 0.1 weighs
    /// 90 % and an effect confined to small values counts little. Pick it to reproduce Optuna's importances, for
    /// instance when comparing with numbers Optuna reported for the same trials.
    /// </summary>
    Raw = 1,
}
