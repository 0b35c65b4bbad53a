using System.Collections.Generic;
using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>The importance of every parameter of a space, most important first.</summary>
public sealed record ParameterImportances
{
    /// <summary>The method that computed them.</summary>
    public required ImportanceEvaluator Evaluator { get; init; }

    /// <summary>The method's name for display: <c>fANOVA</c> or <c>PED-ANOVA</c>.</summary>
    public string EvaluatorName => Evaluator == ImportanceEvaluator.Fanova ? "fANOVA" : "PED-ANOVA";

    /// <summary>The complete trials with a finite value the importances were computed from.</summary>
    public required int TrialCount { get; init; }

    /// <summary>Every parameter of the space, by decreasing importance (ties in the space's order).</summary>
    public required ImmutableArray<ParameterImportance> Parameters { get; init; }

    /// <summary>The importance of the parameter with path <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter.</exception>
    public double this[string name]
    {
        get
        {
            foreach (ParameterImportance parameter in Parameters)
            {
                if (parameter.Name == name)
                {
                    return parameter.Importance;
                }
            }

            throw new KeyNotFoundException($"The importances have no parameter '{name}'.");
        }
    }
}
