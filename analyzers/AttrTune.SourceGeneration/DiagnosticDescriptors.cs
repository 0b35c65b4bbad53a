using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>Every diagnostic AttrTune reports. One prefix (AT), one page per ID under docs/diagnostics.</summary>
internal static class DiagnosticDescriptors
{
    private const string HelpLinkBase = "https://github.com/AttrTune/AttrTune/blob/main/docs/diagnostics/";
    private const string Ranges = "AttrTune.Ranges";
    private const string Types = "AttrTune.Types";
    private const string Choices = "AttrTune.Choices";
    private const string Structure = "AttrTune.Structure";
    private const string Conditions = "AttrTune.Conditions";
    private const string Advice = "AttrTune.Advice";

    public static readonly DiagnosticDescriptor ReversedRange = Error("AT0001", "Range bounds are reversed or equal", Ranges);
    public static readonly DiagnosticDescriptor NonPositiveLogRange = Error("AT0002", "Log-scale range must be positive", Ranges);
    public static readonly DiagnosticDescriptor InvalidStep = Error("AT0003", "Step must be positive", Ranges);
    public static readonly DiagnosticDescriptor StepDoesNotDivideRange = Error("AT0004", "Step does not divide the range", Ranges);
    public static readonly DiagnosticDescriptor BoundsOutsideType = Error("AT0005", "Bounds do not fit the property type", Ranges);
    public static readonly DiagnosticDescriptor DistributionTypeMismatch = Error("AT0006", "Distribution does not fit the property type", Types);
    public static readonly DiagnosticDescriptor EmptyChoices = Error("AT0007", "Choice has no values", Choices);
    public static readonly DiagnosticDescriptor DuplicateChoice = Error("AT0008", "Choice is listed more than once", Choices);
    public static readonly DiagnosticDescriptor NullChoiceOnNonNullable = Error("AT0009", "Null choice on a non-nullable property", Choices);
    public static readonly DiagnosticDescriptor ChoiceTypeMismatch = Error("AT0010", "Choice does not fit the property type", Choices);
    public static readonly DiagnosticDescriptor InvalidDefault = Error("AT0011", "Default is outside the parameter's values", Ranges);
    public static readonly DiagnosticDescriptor MultipleDistributions = Error("AT0012", "More than one distribution attribute", Types);
    public static readonly DiagnosticDescriptor ParameterOutsideSearchSpace = Error("AT0013", "Parameter attribute on a type without [SearchSpace]", Structure);
    public static readonly DiagnosticDescriptor NotPartial = Error("AT0014", "[SearchSpace] type must be partial", Structure);
    public static readonly DiagnosticDescriptor InvalidSearchSpaceType = Error("AT0015", "[SearchSpace] type cannot be generated", Structure);
    public static readonly DiagnosticDescriptor InvalidTunedProperty = Error("AT0016", "Tuned property cannot be assigned", Structure);
    public static readonly DiagnosticDescriptor NestedTypeNotSearchSpace = Error("AT0017", "Nested space type is not marked [SearchSpace]", Structure);
    public static readonly DiagnosticDescriptor NestedSpaceCycle = Error("AT0018", "Nested search spaces form a cycle", Structure);
    public static readonly DiagnosticDescriptor UnknownConditionParameter = Error("AT0019", "[ActiveWhen] names an unknown parameter", Conditions);
    public static readonly DiagnosticDescriptor ConditionParameterNotCategorical = Error("AT0020", "[ActiveWhen] parameter is not categorical", Conditions);
    public static readonly DiagnosticDescriptor ConditionValueNotAChoice = Error("AT0021", "[ActiveWhen] value is not a choice", Conditions);
    public static readonly DiagnosticDescriptor ConditionCycle = Error("AT0022", "[ActiveWhen] conditions form a cycle", Conditions);
    public static readonly DiagnosticDescriptor ConsiderLogUniform = Info("AT0023", "Consider [LogUniform] for a range spanning decades", Advice);
    public static readonly DiagnosticDescriptor LargeGrid = Info("AT0024", "Grid search over a very large grid", Advice);
    public static readonly DiagnosticDescriptor GridWithoutPoints = Warning("AT0025", "Grid search over a continuous range without grid points", Advice);
    public static readonly DiagnosticDescriptor InvalidNestedSpace = Error("AT0026", "Nested search space is invalid", Structure);
    public static readonly DiagnosticDescriptor ConditionOnUntunedProperty = Error("AT0027", "[ActiveWhen] on a property that is not tuned", Conditions);
    public static readonly DiagnosticDescriptor MutableNotTuned = Error("AT0028", "[Mutable] on a property that is not a tuned parameter", Structure);

    private static DiagnosticDescriptor Error(string id, string title, string category) => Create(id, title, category, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string category) => Create(id, title, category, DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Info(string id, string title, string category) => Create(id, title, category, DiagnosticSeverity.Info);

    // Messages are built by the shared rules and name the property, the values and the rule.
    private static DiagnosticDescriptor Create(string id, string title, string category, DiagnosticSeverity severity) =>
        new(id, title, "{0}", category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
