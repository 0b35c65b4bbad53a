using System;

namespace AttrTune;

/// <summary>
/// Marks a <c>partial</c> class or record as what an objective returns when a study has several objectives or
/// constraints. Its properties carry <see cref="MinimizeAttribute"/>, <see cref="MaximizeAttribute"/> and
/// <see cref="ConstraintAttribute"/>; the AttrTune source generator implements <see cref="IMetrics{TSelf}"/> for it.
/// </summary>
/// <example><code>
/// [Metrics]
/// public partial record ModelMetrics
/// {
///     [Minimize] public double LogLoss { get; init; }
///     [Minimize, Constraint(Max = 5)] public double LatencyMs { get; init; }
/// }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class MetricsAttribute : Attribute
{
}
