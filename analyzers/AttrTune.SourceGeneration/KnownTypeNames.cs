namespace AttrTune.SourceGeneration;

/// <summary>Metadata names of the runtime types the generator looks for (a test checks them against typeof).</summary>
internal static class KnownTypeNames
{
    public const string SearchSpaceAttribute = "AttrTune.SearchSpaceAttribute";
    public const string UniformAttribute = "AttrTune.UniformAttribute";
    public const string LogUniformAttribute = "AttrTune.LogUniformAttribute";
    public const string IntRangeAttribute = "AttrTune.IntRangeAttribute";
    public const string ChoiceAttribute = "AttrTune.ChoiceAttribute";
    public const string GenericChoiceAttribute = "AttrTune.ChoiceAttribute`1";
    public const string ActiveWhenAttribute = "AttrTune.ActiveWhenAttribute";
    public const string MutableAttribute = "AttrTune.MutableAttribute";
    public const string RepeatedByAttribute = "AttrTune.RepeatedByAttribute";
    public const string ParameterNameAttribute = "AttrTune.ParameterNameAttribute";
    public const string SearchSpaceInterface = "AttrTune.ISearchSpace`1";
    public const string MetricsAttribute = "AttrTune.MetricsAttribute";
    public const string MinimizeAttribute = "AttrTune.MinimizeAttribute";
    public const string MaximizeAttribute = "AttrTune.MaximizeAttribute";
    public const string ConstraintAttribute = "AttrTune.ConstraintAttribute";
    public const string MetricsInterface = "AttrTune.IMetrics`1";
}
