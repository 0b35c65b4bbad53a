using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>Every diagnostic AttrTune reports. One prefix (AT), one page per ID under docs/diagnostics.</summary>
/// <remarks>
/// Each message format names the member, the offending value and the rule it breaks, so that the build output is
/// enough to fix the code without opening the help page. Arguments are passed as preformatted, culture-invariant
/// strings: a number in a message must read the way it is written in source.
/// </remarks>
internal static class DiagnosticDescriptors
{
    private const string HelpLinkBase = "https://github.com/AttrTune/AttrTune/blob/main/docs/diagnostics/";
    private const string Ranges = "AttrTune.Ranges";
    private const string Types = "AttrTune.Types";
    private const string Choices = "AttrTune.Choices";
    private const string Structure = "AttrTune.Structure";
    private const string Conditions = "AttrTune.Conditions";
    private const string Advice = "AttrTune.Advice";
    private const string Values = "AttrTune.Values";

    /// <summary>{0} property, {1} attribute, {2} low, {3} high.</summary>
    public static readonly DiagnosticDescriptor ReversedRange = Error(
        DiagnosticIds.ReversedRange,
        "Range bounds are reversed or equal",
        "{0}: [{1}] needs low < high, got low = {2}, high = {3}",
        Ranges,
        "A range attribute takes its lower bound first and its upper bound second, and the two must differ; otherwise the range holds no value to sample.");

    /// <summary>{0} property, {1} attribute, {2} the bound the scale needs (low > 0 or low >= 1), {3} low.</summary>
    public static readonly DiagnosticDescriptor NonPositiveLogRange = Error(
        DiagnosticIds.NonPositiveLogRange,
        "Log-scale range must be positive",
        "{0}: [{1}] needs {2} on a log scale, got low = {3}",
        Ranges,
        "A log-scale range is sampled through the logarithm of its bounds, which exists only for positive numbers: floating-point ranges need low > 0 and integer ranges need low >= 1.");

    /// <summary>{0} property, {1} attribute, {2} the step the range allows, {3} the step given.</summary>
    public static readonly DiagnosticDescriptor InvalidStep = Error(
        DiagnosticIds.InvalidStep,
        "Step must be positive",
        "{0}: [{1}] needs {2}, got Step = {3}",
        Ranges,
        "A step is the distance between neighbouring values, so it must be greater than zero (0 on a floating-point range means continuous). A log-scale range is continuous in log space and takes no step.");

    /// <summary>{0} property, {1} attribute, {2} high - low, {3} step.</summary>
    public static readonly DiagnosticDescriptor StepDoesNotDivideRange = Error(
        DiagnosticIds.StepDoesNotDivideRange,
        "Step does not divide the range",
        "{0}: [{1}] needs Step to divide high - low = {2}, got Step = {3}",
        Ranges,
        "The values of a stepped range are low, low + Step, low + 2 Step and so on; unless high - low is a whole number of steps, the upper bound is never reached.");

    /// <summary>{0} property, {1} attribute, {2} what the property type needs of the values, {3} the values given.</summary>
    public static readonly DiagnosticDescriptor BoundsOutsideType = Error(
        DiagnosticIds.BoundsOutsideType,
        "Bounds do not fit the property type",
        "{0}: the values of [{1}] must fit the property type, which needs {2}; got {3}",
        Ranges,
        "Every value of the range must be representable by the property: bounds must be finite, whole numbers on integer properties, within the type's limits, and within 2^53 in magnitude, beyond which doubles no longer hold every integer.");

    /// <summary>{0} property, {1} attribute, {2} the property types it accepts, {3} the property type.</summary>
    public static readonly DiagnosticDescriptor DistributionTypeMismatch = Error(
        DiagnosticIds.DistributionTypeMismatch,
        "Distribution does not fit the property type",
        "{0}: [{1}] cannot tune a property of type {3}; it needs {2}",
        Types,
        "Each distribution produces values of particular types: [Uniform] and [LogUniform] produce double, float, int or long; [IntRange] produces int or long; [Choice] holds string, int, long, double, bool or enum values; [Choice<T>] holds values of exactly T.");

    /// <summary>{0} property, {1} property type.</summary>
    public static readonly DiagnosticDescriptor EmptyChoices = Error(
        DiagnosticIds.EmptyChoices,
        "Choice has no values",
        "{0}: [Choice] on a property of type {1} needs at least one value (only bool and enum properties may omit them)",
        Choices,
        "A [Choice] without values stands for every value of the property type, which can be listed only for bool and enum properties; any other type needs its choices spelled out.");

    /// <summary>{0} property, {1} the repeated choice.</summary>
    public static readonly DiagnosticDescriptor DuplicateChoice = Error(
        DiagnosticIds.DuplicateChoice,
        "Choice is listed more than once",
        "{0}: the choice {1} is listed more than once; each choice must be distinct",
        Choices,
        "Choices are sampled with equal probability, so a value listed twice would be drawn twice as often as the others, and the categorical encoding would treat the two copies as different categories.");

    /// <summary>{0} property, {1} property type.</summary>
    public static readonly DiagnosticDescriptor NullChoiceOnNonNullable = Error(
        DiagnosticIds.NullChoiceOnNonNullable,
        "Null choice on a non-nullable property",
        "{0}: the choice null needs a nullable property type, not {1}",
        Choices,
        "A sampled null is assigned to the property, so null may be a choice only when the property type admits it (string?, int?, an enum? and so on).");

    /// <summary>{0} property, {1} the choice, {2} what is wrong with it, {3} property type.</summary>
    public static readonly DiagnosticDescriptor ChoiceTypeMismatch = Error(
        DiagnosticIds.ChoiceTypeMismatch,
        "Choice does not fit the property type",
        "{0}: the choice {1} {2}; every choice must be a constant of the property type {3}",
        Choices,
        "Each choice is assigned to the property as it is, so it must be a constant that converts to the property type without loss: no strings on a number, no member of another enum, no value outside the integer type's range.");

    /// <summary>{0} property, {1} the default, {2} why it is not one of the values.</summary>
    public static readonly DiagnosticDescriptor InvalidDefault = Error(
        DiagnosticIds.InvalidDefault,
        "Default is outside the parameter's values",
        "{0}: Default = {1} must be one of the parameter's values, but it is {2}",
        Ranges,
        "The default is the value a study tries first and the value used when the parameter is inactive, so it must be a value the parameter can take: inside the range and on its step, or one of the choices.");

    /// <summary>{0} property, {1} first attribute, {2} second attribute.</summary>
    public static readonly DiagnosticDescriptor MultipleDistributions = Error(
        DiagnosticIds.MultipleDistributions,
        "More than one distribution attribute",
        "{0}: a tuned property takes exactly one distribution attribute, but it has {1} and {2}",
        Types,
        "A property is tuned by a single distribution, one of [Uniform], [LogUniform], [IntRange] and [Choice]; with two of them, which values it takes would be ambiguous.");

    /// <summary>{0} type, {1} property, {2} attribute.</summary>
    public static readonly DiagnosticDescriptor ParameterOutsideSearchSpace = Error(
        DiagnosticIds.ParameterOutsideSearchSpace,
        "Parameter attribute on a type without [SearchSpace]",
        "{0}.{1}: [{2}] has no effect because {0} is not marked [SearchSpace]",
        Structure,
        "Parameter attributes are read only on [SearchSpace] types; on any other type nothing is generated for them and the property is silently left untuned.");

    /// <summary>{0} type, {1} which declaration lacks the modifier.</summary>
    public static readonly DiagnosticDescriptor NotPartial = Error(
        DiagnosticIds.NotPartial,
        "[SearchSpace] type must be partial",
        "{0}: {1} must be partial so that the generator can add the search space members",
        Structure,
        "The generator adds its members in a second declaration of the type, which C# allows only when every declaration of the type, and of each type containing it, is partial.");

    /// <summary>{0} type (or member), {1} the requirement it breaks.</summary>
    public static readonly DiagnosticDescriptor InvalidSearchSpaceType = Error(
        DiagnosticIds.InvalidSearchSpaceType,
        "[SearchSpace] type cannot be generated",
        "{0} cannot be a search space: a [SearchSpace] type {1}",
        Structure,
        "The generated code creates instances with new T() and sets their properties, so a search space must be a non-static, non-abstract, non-generic class or record class with a parameterless constructor and no required members, neither file-local nor inside a generic type.");

    /// <summary>{0} property, {1} the requirement it breaks.</summary>
    public static readonly DiagnosticDescriptor InvalidTunedProperty = Error(
        DiagnosticIds.InvalidTunedProperty,
        "Tuned property cannot be assigned",
        "{0}: a tuned property {1}, because the generated code assigns each sampled value to it",
        Structure,
        "Sampling sets every tuned property of a new instance, so each one must be an instance property with a set or init accessor.");

    /// <summary>{0} property, {1} property type.</summary>
    public static readonly DiagnosticDescriptor NestedTypeNotSearchSpace = Error(
        DiagnosticIds.NestedTypeNotSearchSpace,
        "Nested space type is not marked [SearchSpace]",
        "{0}: its type {1} declares parameters but is not marked [SearchSpace], so none of them is tuned",
        Structure,
        "A property whose type declares tuned parameters is searched as a nested space only when that type is itself a [SearchSpace]; otherwise its parameters are silently ignored.");

    /// <summary>{0} property, {1} the nested type that leads back.</summary>
    public static readonly DiagnosticDescriptor NestedSpaceCycle = Error(
        DiagnosticIds.NestedSpaceCycle,
        "Nested search spaces form a cycle",
        "{0}: nested search spaces form a cycle through {1}; a search space cannot contain itself",
        Structure,
        "A nested space contributes all of its parameters to the space that holds it; a space that contains itself, directly or through other nested spaces, would have an infinite parameter list.");

    /// <summary>{0} property, {1} the name given, {2} the type searched.</summary>
    public static readonly DiagnosticDescriptor UnknownConditionParameter = Error(
        DiagnosticIds.UnknownConditionParameter,
        "[ActiveWhen] names an unknown parameter",
        "{0}: [ActiveWhen] names '{1}', which is not a tuned property of {2}",
        Conditions,
        "A condition refers to another tuned property of the same type by name; writing the name with nameof lets the compiler check it.");

    /// <summary>{0} property, {1} the controlling parameter.</summary>
    public static readonly DiagnosticDescriptor ConditionParameterNotCategorical = Error(
        DiagnosticIds.ConditionParameterNotCategorical,
        "[ActiveWhen] parameter is not categorical or integer",
        "{0}: [ActiveWhen] needs a [Choice], bool or integer parameter, but {1} is a nested search space",
        Conditions,
        "A condition activates a parameter for some of the values of another, which must therefore be a single categorical or integer parameter: a [Choice], a bool, an enum, or an integer range. A nested search space holds several parameters and has no value of its own to compare.");

    /// <summary>{0} property, {1} the controlling parameter, {2} the value given (or that none was).</summary>
    public static readonly DiagnosticDescriptor ConditionValueNotAChoice = Error(
        DiagnosticIds.ConditionValueNotAChoice,
        "[ActiveWhen] value is not a choice",
        "{0}: [ActiveWhen] needs values among the choices of {1}, got {2}",
        Conditions,
        "The values listed in a condition are compared with the controlling parameter's sampled value; a value that is not one of its choices can never match, and a condition without values would never hold.");

    /// <summary>{0} type, {1} the properties on the cycle.</summary>
    public static readonly DiagnosticDescriptor ConditionCycle = Error(
        DiagnosticIds.ConditionCycle,
        "[ActiveWhen] conditions form a cycle",
        "{0}: the [ActiveWhen] conditions of {1} form a cycle; a parameter cannot control its own parent",
        Conditions,
        "Parameters are sampled parents first, so conditions must form a tree: no parameter may control, directly or through others, a parameter that controls it.");

    /// <summary>{0} property, {1} low, {2} high, {3} the number of decades spanned.</summary>
    public static readonly DiagnosticDescriptor ConsiderLogUniform = Info(
        DiagnosticIds.ConsiderLogUniform,
        "Consider [LogUniform] for a range spanning decades",
        "{0}: [Uniform({1}, {2})] spans {3} decades; consider [LogUniform] so that every decade is searched equally",
        Advice,
        "A uniform range over several orders of magnitude spends almost all of its samples in the top decade; scale parameters such as learning rates and regularisation strengths are usually searched per decade.");

    /// <summary>{0} type, {1} the number of grid points, {2} the threshold.</summary>
    public static readonly DiagnosticDescriptor LargeGrid = Info(
        DiagnosticIds.LargeGrid,
        "Grid search over a very large grid",
        "{0}: the grid has {1} points (more than {2}); consider random, Sobol or Bayesian search",
        Advice,
        "The size of the grid is counted at build time, conditions included; past this size an exhaustive search will not finish in reasonable time, while sampling methods reach good regions with far fewer trials.");

    /// <summary>{0} type, {1} the continuous property.</summary>
    public static readonly DiagnosticDescriptor GridWithoutPoints = Warning(
        DiagnosticIds.GridWithoutPoints,
        "Grid search over a continuous range without grid points",
        "{0}.{1}: grid search needs points for this continuous range; set GridPoints on its attribute, a Step, or GridOptions.ContinuousPoints (this call would throw)",
        Advice,
        "A continuous range has no grid of its own; unless its attribute sets GridPoints or a Step, or the call passes GridOptions.ContinuousPoints, building the grid throws at run time.");

    /// <summary>{0} property, {1} the nested type, {2} why it cannot be used.</summary>
    public static readonly DiagnosticDescriptor InvalidNestedSpace = Error(
        DiagnosticIds.InvalidNestedSpace,
        "Nested search space is invalid",
        "{0}: the nested type {1} cannot be used as a search space: {2}",
        Structure,
        "A space is generated only when every space nested in it is; when the nested type has errors of its own (reported on that type) or was compiled without the generator, the type holding it cannot be generated either.");

    /// <summary>{0} property.</summary>
    public static readonly DiagnosticDescriptor ConditionOnUntunedProperty = Error(
        DiagnosticIds.ConditionOnUntunedProperty,
        "[ActiveWhen] on a property that is not tuned",
        "{0}: [ActiveWhen] has no effect on a property that is not tuned; it applies to tuned properties and nested spaces only",
        Conditions,
        "A condition switches a tuned parameter or a nested space on and off; on a property that is not searched there is nothing for it to switch.");

    /// <summary>{0} property, {1} what the property is instead.</summary>
    public static readonly DiagnosticDescriptor MutableNotTuned = Error(
        DiagnosticIds.MutableNotTuned,
        "[Mutable] on a property that is not a tuned parameter",
        "{0}: [Mutable] applies to tuned parameters only (properties with a distribution attribute), not to {1}",
        Structure,
        "[Mutable] tells population-based training which parameters it may change while a trial runs; only a property with a distribution attribute has values for it to change.");

    /// <summary>
    /// {0} property, {1} the initial value, {2} where it comes from (the initializer, or the type's default when there
    /// is none), {3} why it is not a value of the parameter, {4} the type.
    /// </summary>
    public static readonly DiagnosticDescriptor InitialValueOutsideSpace = Warning(
        DiagnosticIds.InitialValueOutsideSpace,
        "Initial value is not one of the parameter's values",
        "{0}: the initial value {1} ({2}) is {3}, so a new {4} is not a point of the space and ToParameters() throws on it while {0} is active",
        Values,
        "A tuned property's initializer, or the default of its type when it has none, is what a new instance holds and what an inactive parameter without Default keeps; outside the parameter's values it makes ToParameters() and study.Enqueue throw at run time. Only constant initializers are judged.");

    /// <summary>{0} property, {1} the initializer, {2} Default, {3} the type.</summary>
    public static readonly DiagnosticDescriptor InitializerDiffersFromDefault = Warning(
        DiagnosticIds.InitializerDiffersFromDefault,
        "Initializer differs from Default",
        "{0}: the initializer {1} differs from Default = {2}, so new {3}() and {3}.CreateDefault() are different baselines; make them the same value",
        Values,
        "Default is the baseline a study tries first (CreateDefault, EnqueueDefault) and the value of an inactive parameter, while the initializer is what new instances hold; two different values for the same baseline is almost always a leftover of an edit.");

    /// <summary>{0} type, {1} the name given, {2} the names that exist.</summary>
    public static readonly DiagnosticDescriptor UnknownIsActiveName = Warning(
        DiagnosticIds.UnknownIsActiveName,
        "IsActive names no parameter of the space",
        "{0}.IsActive(\"{1}\"): '{1}' is not a parameter or nested space of {0}, so the call throws; the names are {2}",
        Conditions,
        "IsActive takes the name of a tuned property or nested space (nameof works), or a path inside a nested space such as \"Optimizer.LearningRate\"; any other name throws ArgumentException at run time, so a constant name is checked at build time.");

    /// <summary>{0} property, {1} the controlling parameter, {2} its values ("[1, 8]", "[0, 100] in steps of 5"), {3} the value given and why it fails (or that none was).</summary>
    public static readonly DiagnosticDescriptor ConditionValueNotAParentValue = Error(
        DiagnosticIds.ConditionValueNotAParentValue,
        "[ActiveWhen] value is not a value of the integer parameter",
        "{0}: [ActiveWhen] needs values of {1}, which takes the integers {2}; got {3}",
        Conditions,
        "On an integer controlling parameter the values listed in a condition are compared with its sampled value; a value outside its range or off its step can never match, and a condition without values (nor AtLeast/AtMost) would never hold.");

    /// <summary>{0} property, {1} the controlling parameter, {2} AtLeast, {3} AtMost.</summary>
    public static readonly DiagnosticDescriptor ConditionBoundsReversed = Error(
        DiagnosticIds.ConditionBoundsReversed,
        "[ActiveWhen] AtLeast is above AtMost",
        "{0}: [ActiveWhen] on {1} has AtLeast = {2} above AtMost = {3}, so no value satisfies it",
        Conditions,
        "AtLeast and AtMost are both inclusive bounds on the controlling parameter's value; with the lower bound above the upper one, the parameter could never be active.");

    /// <summary>{0} property, {1} the controlling parameter, {2} the bounds as written, {3} its values ("[1, 8]", "[0, 100] in steps of 5").</summary>
    public static readonly DiagnosticDescriptor ConditionRangeEmpty = Error(
        DiagnosticIds.ConditionRangeEmpty,
        "[ActiveWhen] range holds none of the parameter's values",
        "{0}: [ActiveWhen] on {1} asks for {2}, but none of its values {3} is in that range",
        Conditions,
        "A range condition activates the parameter for the controlling parameter's values between AtLeast and AtMost; a range that lies outside those values, or between two steps, would never hold.");

    /// <summary>{0} property, {1} the controlling parameter, {2} the bounds as written.</summary>
    public static readonly DiagnosticDescriptor ConditionValuesAndRange = Error(
        DiagnosticIds.ConditionValuesAndRange,
        "[ActiveWhen] lists values and sets AtLeast/AtMost",
        "{0}: [ActiveWhen] on {1} lists values and also sets {2}; use one form: the values, or AtLeast/AtMost",
        Conditions,
        "A condition is either a list of values or a range; given both, whether they combine by 'and' or by 'or' is a guess, so one must be chosen.");

    /// <summary>{0} property, {1} the controlling parameter, {2} the bound set (AtLeast or AtMost).</summary>
    public static readonly DiagnosticDescriptor ConditionRangeOnCategorical = Error(
        DiagnosticIds.ConditionRangeOnCategorical,
        "[ActiveWhen] AtLeast/AtMost on a categorical parameter",
        "{0}: [ActiveWhen] sets {2}, but {1} is categorical; list the choices that activate {0} instead",
        Conditions,
        "AtLeast and AtMost compare the value of an integer parameter; the choices of a [Choice], bool or enum have no order a condition could rely on (their declaration order is not their meaning).");

    /// <summary>{0} property, {1} the controlling parameter.</summary>
    public static readonly DiagnosticDescriptor ConditionOnContinuousParameter = Error(
        DiagnosticIds.ConditionOnContinuousParameter,
        "[ActiveWhen] on a floating-point parameter",
        "{0}: [ActiveWhen] names {1}, a floating-point range; a condition needs a [Choice], bool or integer parameter",
        Conditions,
        "Equality with a sampled floating-point value almost never holds, and AtLeast/AtMost are integers; condition on a [Choice] or an integer parameter instead (for example a [Choice] or bool that switches the feature on).");

    /// <summary>{0} property, {1} the count parameter named, {2} what it is instead of a tuned integer of 0 or more.</summary>
    public static readonly DiagnosticDescriptor RepeatedCountNotInteger = Error(
        DiagnosticIds.RepeatedCountNotInteger,
        "[RepeatedBy] count is not a tuned integer of 0 or more",
        "{0}: [RepeatedBy] names '{1}', which {2}; the count must be a tuned integer range ([IntRange]) of the same type with a lower bound of 0 or more",
        Structure,
        "The count decides how many instances of the repeated space are active, so it must be an integer parameter of the same type whose values are all possible lengths of the list.");

    /// <summary>{0} property, {1} the count parameter, {2} its upper bound (the number of instances), {3} the limit.</summary>
    public static readonly DiagnosticDescriptor LargeRepeatCount = Warning(
        DiagnosticIds.LargeRepeatCount,
        "[RepeatedBy] count allows many instances",
        "{0}: {1} can be up to {2}, so the space holds {2} instances of the repeated space, more than {3}; each instance multiplies the space, so lower the count's upper bound",
        Advice,
        "The space holds one copy of the repeated space per possible instance, up to the count's upper bound; every copy adds its parameters to the search, so a large bound makes the space far harder to search than the few instances usually meant.");

    /// <summary>{0} property, {1} the element type.</summary>
    public static readonly DiagnosticDescriptor RepeatedElementNotSearchSpace = Error(
        DiagnosticIds.RepeatedElementNotSearchSpace,
        "[RepeatedBy] element type is not a search space",
        "{0}: [RepeatedBy] repeats {1}, which is not a [SearchSpace] class; each instance must be a search space of its own",
        Structure,
        "Each instance of a repeated property is a nested search space, so the list's element type must be a class marked [SearchSpace].");

    /// <summary>{0} property, {1} the property type.</summary>
    public static readonly DiagnosticDescriptor InvalidRepeatedProperty = Error(
        DiagnosticIds.InvalidRepeatedProperty,
        "[RepeatedBy] property type is not a supported list",
        "{0}: [RepeatedBy] needs an IReadOnlyList<T>, List<T> or T[] property, but {0} is {1}",
        Structure,
        "The generated code fills the property with a new list of the active instances, so its type must be one it can create and assign: IReadOnlyList<T>, List<T> or an array T[].");

    /// <summary>{0} property, {1} the other attribute.</summary>
    public static readonly DiagnosticDescriptor RepeatedWithOtherAttribute = Error(
        DiagnosticIds.RepeatedWithOtherAttribute,
        "[RepeatedBy] combined with another tuning attribute",
        "{0}: [RepeatedBy] cannot be combined with {1}",
        Structure,
        "A repeated property's instances are controlled by their count alone: a distribution has no meaning on a list, a condition belongs on the count parameter (which the instances then follow), and population-based training cannot change a structure during a trial.");

    /// <summary>{0} property, {1} the name as written, {2} what is wrong with it.</summary>
    public static readonly DiagnosticDescriptor InvalidParameterName = Error(
        DiagnosticIds.InvalidParameterName,
        "[ParameterName] is not a valid parameter name",
        "{0}: [ParameterName({1})] {2}",
        Structure,
        "A stored name is a part of every path that leads to the parameter (Optimizer.LearningRate, Layer[2].Units), so it must be a non-empty name without '.', '[' or ']', without leading or trailing white space and without control characters.");

    /// <summary>{0} property, {1} the name, {2} the other property, {3} the type.</summary>
    public static readonly DiagnosticDescriptor DuplicateParameterName = Error(
        DiagnosticIds.DuplicateParameterName,
        "[ParameterName] names another parameter of the type",
        "{0}: [ParameterName(\"{1}\")] is also the name of {2} in {3}; each parameter needs a name of its own",
        Structure,
        "Trials store each parameter under its name, and IsActive finds a parameter by its stored name or its property name, so a stored name may not be another parameter's stored name or property name.");

    /// <summary>{0} property.</summary>
    public static readonly DiagnosticDescriptor ParameterNameNotTuned = Warning(
        DiagnosticIds.ParameterNameNotTuned,
        "[ParameterName] on a property that is not tuned",
        "{0}: [ParameterName] has no effect, because {0} is not a tuned parameter, nested space or repeated list",
        Structure,
        "[ParameterName] renames a parameter in storage; on a property without a distribution attribute, [RepeatedBy] or a [SearchSpace] type it renames nothing. Remove it, or tune the property.");

    private static DiagnosticDescriptor Error(string id, string title, string messageFormat, string category, string description) =>
        Create(id, title, messageFormat, category, DiagnosticSeverity.Error, description);

    private static DiagnosticDescriptor Warning(string id, string title, string messageFormat, string category, string description) =>
        Create(id, title, messageFormat, category, DiagnosticSeverity.Warning, description);

    private static DiagnosticDescriptor Info(string id, string title, string messageFormat, string category, string description) =>
        Create(id, title, messageFormat, category, DiagnosticSeverity.Info, description);

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");
}
