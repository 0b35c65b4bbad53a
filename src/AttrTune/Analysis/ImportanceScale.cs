namespace AttrTune.Analysis;

/// <summary>
/// The scale in which fANOVA (<see cref="ImportanceEvaluator.Fanova"/>) fits its forest to numeric parameters and
/// averages over them. fANOVA's importance is a variance under the uniform measure on each parameter's range, so the
/// scale decides what "uniform" means: it matters for log-scale ranges (<c>LogUniform</c>, or <c>IntRange</c> with
/// <c>Log = true</c>) and, less, for integer and stepped ranges; continuous linear ranges and choices are the same
/// in both.
/// </summary>
public enum ImportanceScale
{
    /// <summary>
    /// Each parameter in its declared scale, the one it is sampled in (the default): a log-scale range is uniform in
    /// its logarithm, so every decade of <c>LogUniform(1e-5, 1)</c> weighs the same and an effect confined to small
    /// values counts as much as one across the large values; the values of an integer or stepped range weigh the
    /// same. Pick it to ask how much a parameter matters over the range as it was searched.
    /// </summary>
    Parameter = 0,

    /// <summary>
    /// Raw values between the raw bounds, as Optuna 3.1's <c>FanovaImportanceEvaluator</c> fits and integrates them
    /// (neither log nor step transformed): a log-scale range is uniform in the value itself, so in
    /// <c>LogUniform(1e-5, 1)</c> the values above 0.1 weigh 90 % and an effect confined to small values counts
    /// little; the two end values of an integer or stepped range weigh half a step each, since nothing lies beyond
    /// the bounds. Pick it to reproduce Optuna's importances, for instance to compare with numbers Optuna reported.
    /// </summary>
    Raw = 1,
}
