namespace AttrTune.SourceGeneration;

/// <summary>
/// The ID of every AttrTune diagnostic. The code-fix assembly compiles this same file (it is linked, not copied),
/// so a fix can never drift to an ID the analyzer does not report.
/// </summary>
internal static class DiagnosticIds
{
    public const string ReversedRange = "AT0001";
    public const string NonPositiveLogRange = "AT0002";
    public const string InvalidStep = "AT0003";
    public const string StepDoesNotDivideRange = "AT0004";
    public const string BoundsOutsideType = "AT0005";
    public const string DistributionTypeMismatch = "AT0006";
    public const string EmptyChoices = "AT0007";
    public const string DuplicateChoice = "AT0008";
    public const string NullChoiceOnNonNullable = "AT0009";
    public const string ChoiceTypeMismatch = "AT0010";
    public const string InvalidDefault = "AT0011";
    public const string MultipleDistributions = "AT0012";
    public const string ParameterOutsideSearchSpace = "AT0013";
    public const string NotPartial = "AT0014";
    public const string InvalidSearchSpaceType = "AT0015";
    public const string InvalidTunedProperty = "AT0016";
    public const string NestedTypeNotSearchSpace = "AT0017";
    public const string NestedSpaceCycle = "AT0018";
    public const string UnknownConditionParameter = "AT0019";
    public const string ConditionParameterNotCategorical = "AT0020";
    public const string ConditionValueNotAChoice = "AT0021";
    public const string ConditionCycle = "AT0022";
    public const string ConsiderLogUniform = "AT0023";
    public const string LargeGrid = "AT0024";
    public const string GridWithoutPoints = "AT0025";
    public const string InvalidNestedSpace = "AT0026";
    public const string ConditionOnUntunedProperty = "AT0027";
    public const string MutableNotTuned = "AT0028";
    public const string InitialValueOutsideSpace = "AT0029";
    public const string InitializerDiffersFromDefault = "AT0030";
    public const string UnknownIsActiveName = "AT0031";

    // Conditions on integer parameters.
    public const string ConditionValueNotAParentValue = "AT0032";
    public const string ConditionBoundsReversed = "AT0033";
    public const string ConditionRangeEmpty = "AT0034";
    public const string ConditionValuesAndRange = "AT0035";
    public const string ConditionRangeOnCategorical = "AT0036";
    public const string ConditionOnContinuousParameter = "AT0037";

    // Typed metrics ([Metrics] types): AT0040-AT0049.
    public const string MetricsWithoutObjective = "AT0040";
    public const string ConflictingDirections = "AT0041";
    public const string NonNumericMetric = "AT0042";
    public const string ConstraintOnObjective = "AT0043";
    public const string InvalidConstraintBounds = "AT0044";
    public const string MetricsNotPartial = "AT0045";
    public const string MetricOutsideMetricsType = "AT0046";
    public const string InvalidMetricProperty = "AT0047";
    public const string InvalidMetricsType = "AT0048";

    // Repeated spaces ([RepeatedBy]).
    public const string RepeatedCountNotInteger = "AT0049";
    public const string LargeRepeatCount = "AT0050";
    public const string RepeatedElementNotSearchSpace = "AT0051";
    public const string InvalidRepeatedProperty = "AT0052";
    public const string RepeatedWithOtherAttribute = "AT0053";
    public const string InvalidParameterName = "AT0054";
    public const string DuplicateParameterName = "AT0055";
    public const string ParameterNameNotTuned = "AT0056";
}

/// <summary>
/// Keys of the properties a diagnostic carries for its code fix (compiled into both assemblies, like the IDs): C# text
/// computed by the analyzer from the parameter's attribute, so the fix pastes what the parser read.
/// </summary>
internal static class FixProperties
{
    /// <summary>The value to initialize the property to, as C# code.</summary>
    public const string Initializer = "Initializer";

    /// <summary>Where <see cref="Initializer"/> comes from: "Default", or "first" (the low bound or the first choice).</summary>
    public const string InitializerSource = "InitializerSource";

    /// <summary>The current initializer as C# code, when it is one of the parameter's values (to become Default).</summary>
    public const string Default = "Default";
}
