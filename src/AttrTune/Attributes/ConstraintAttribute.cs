using System;

namespace AttrTune;

/// <summary>
/// A constraint of a <see cref="MetricsAttribute"/> type: a trial is feasible when every constraint holds. Without
/// bounds the value must be ≤ 0 (Optuna's convention); with <see cref="Max"/> it must be ≤ <c>Max</c>, with
/// <see cref="Min"/> ≥ <c>Min</c>. Samplers prefer feasible trials, and the Pareto front holds feasible trials only.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class ConstraintAttribute : Attribute
{
    /// <summary>The largest allowed value; NaN (the default) when there is no upper bound.</summary>
    public double Max { get; set; } = double.NaN;

    /// <summary>The smallest allowed value; NaN (the default) when there is no lower bound.</summary>
    public double Min { get; set; } = double.NaN;

    /// <summary>
    /// Set when the property is also an objective (<see cref="MinimizeAttribute"/> or <see cref="MaximizeAttribute"/>) on
    /// purpose: optimise it, but never accept a trial beyond the bound. Without it, the analyzer asks which was meant.
    /// </summary>
    public bool AlsoObjective { get; set; }
}
