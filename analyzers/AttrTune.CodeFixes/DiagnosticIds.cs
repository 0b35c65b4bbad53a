namespace AttrTune.CodeFixes;

/// <summary>The IDs the fixes apply to (the descriptors live in the analyzer assembly).</summary>
internal static class DiagnosticIds
{
    public const string ReversedRange = "AT0001";
    public const string DuplicateChoice = "AT0008";
    public const string ParameterOutsideSearchSpace = "AT0013";
    public const string NotPartial = "AT0014";
    public const string InvalidTunedProperty = "AT0016";
    public const string NestedTypeNotSearchSpace = "AT0017";
    public const string ConsiderLogUniform = "AT0023";
}
