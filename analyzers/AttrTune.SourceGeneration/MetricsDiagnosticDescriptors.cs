using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>
/// The diagnostics of [Metrics] types (AT0040-AT0049), reported by <see cref="MetricsAnalyzer"/>. Same rules as
/// <see cref="DiagnosticDescriptors"/>: each message names the member, the offending value and the rule, with
/// preformatted, culture-invariant arguments.
/// </summary>
internal static class MetricsDiagnosticDescriptors
{
    private const string HelpLinkBase = "https://github.com/AttrTune/AttrTune/blob/main/docs/diagnostics/";
    private const string Category = "AttrTune.Metrics";

    /// <summary>{0} type.</summary>
    public static readonly DiagnosticDescriptor MetricsWithoutObjective = Create(
        DiagnosticIds.MetricsWithoutObjective,
        "[Metrics] type has no objective",
        "{0} has no objective: a [Metrics] type needs at least one property marked [Minimize] or [Maximize]",
        DiagnosticSeverity.Error,
        "A study optimizes the objectives of its metrics type; constraints alone say which trials are acceptable but not which is better, so at least one property must be minimized or maximized.");

    /// <summary>{0} property.</summary>
    public static readonly DiagnosticDescriptor ConflictingDirections = Create(
        DiagnosticIds.ConflictingDirections,
        "Metric is both minimized and maximized",
        "{0}: a metric is either minimized or maximized, but it has both [Minimize] and [Maximize]",
        DiagnosticSeverity.Error,
        "An objective has one direction; to trade a quantity off against itself, declare two properties.");

    /// <summary>{0} property, {1} its type.</summary>
    public static readonly DiagnosticDescriptor NonNumericMetric = Create(
        DiagnosticIds.NonNumericMetric,
        "Metric is not a number",
        "{0}: a metric must be a double, float, int or long property, but its type is {1}",
        DiagnosticSeverity.Error,
        "Studies store every metric as a double and give it back exactly, which double, float and int always allow and long allows within ±2^53; other types would not come back as they were written.");

    /// <summary>{0} property, {1} its direction attribute (Minimize or Maximize).</summary>
    public static readonly DiagnosticDescriptor ConstraintOnObjective = Create(
        DiagnosticIds.ConstraintOnObjective,
        "Constraint on an objective without AlsoObjective",
        "{0}: [Constraint] on a property that is also [{1}] bounds it as well as optimizing it; set AlsoObjective = true if both are meant, or remove [{1}] or [Constraint]",
        DiagnosticSeverity.Warning,
        "A property that is both an objective and a constraint is optimized and also rejected beyond its bound; that is sometimes meant and often a leftover, so the analyzer asks for AlsoObjective = true to say it is meant.");

    /// <summary>{0} property, {1} the rule (Min ≤ Max, finite bounds), {2} the values given.</summary>
    public static readonly DiagnosticDescriptor InvalidConstraintBounds = Create(
        DiagnosticIds.InvalidConstraintBounds,
        "Constraint bounds are invalid",
        "{0}: [Constraint] needs {1}, got {2}",
        DiagnosticSeverity.Error,
        "A constraint holds when the value is at least Min and at most Max; bounds must be finite numbers (NaN, the default, means no bound) with Min no larger than Max, or no value could satisfy them.");

    /// <summary>{0} type, {1} which declaration lacks the modifier.</summary>
    public static readonly DiagnosticDescriptor MetricsNotPartial = Create(
        DiagnosticIds.MetricsNotPartial,
        "[Metrics] type must be partial",
        "{0}: {1} must be partial so that the generator can add the metrics members",
        DiagnosticSeverity.Error,
        "The generator implements IMetrics in a second declaration of the type, which C# allows only when every declaration of the type, and of each type containing it, is partial.");

    /// <summary>{0} type, {1} property, {2} attribute.</summary>
    public static readonly DiagnosticDescriptor MetricOutsideMetricsType = Create(
        DiagnosticIds.MetricOutsideMetricsType,
        "Metric attribute on a type without [Metrics]",
        "{0}.{1}: [{2}] has no effect because {0} is not marked [Metrics]",
        DiagnosticSeverity.Error,
        "[Minimize], [Maximize] and [Constraint] are read only on [Metrics] types; on any other type nothing is generated and the property is silently not stored.");

    /// <summary>{0} property, {1} the requirement it breaks and why.</summary>
    public static readonly DiagnosticDescriptor InvalidMetricProperty = Create(
        DiagnosticIds.InvalidMetricProperty,
        "Metric property cannot be read or assigned",
        "{0}: a metric property {1}",
        DiagnosticSeverity.Error,
        "The generated WriteValues reads every metric and FromValues builds the type back from stored values, so a metric must be an instance property with a get accessor and with a set or init accessor (or be a parameter of a positional record).");

    /// <summary>{0} type (or member), {1} the requirement it breaks.</summary>
    public static readonly DiagnosticDescriptor InvalidMetricsType = Create(
        DiagnosticIds.InvalidMetricsType,
        "[Metrics] type cannot be generated",
        "{0} cannot be a metrics type: a [Metrics] type {1}",
        DiagnosticSeverity.Error,
        "The generated code implements IMetrics on the type and builds instances of it, so a metrics type must be a non-static, non-abstract, non-file-local class or record class with a parameterless or primary constructor, must declare its metrics itself, and must leave the names of the generated members free.");

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, DiagnosticSeverity severity, string description) =>
        new(id, title, messageFormat, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");
}
