namespace AttrTune.SourceGeneration.Model;

/// <summary>Everything the emitter needs for one [SearchSpace] type; strings and primitives only, so it caches.</summary>
internal sealed record SearchSpaceSpec(
    string Namespace,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    string DisplayName,
    string HintName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    EquatableArray<ParameterSpec> Parameters);

/// <summary>A type the search space is nested in.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);

/// <summary>How a parameter is represented.</summary>
internal enum ParameterKind
{
    Float,
    Int,
    Categorical,
    Nested,
}

/// <summary>
/// One tuned property (<see cref="PointCount"/>: distinct values, 0 for a continuous range or a nested space). Numbers are kept as C# literal text (culture-invariant, round-trip), already converted to
/// the property's type, so the emitter only pastes them.
/// </summary>
internal sealed record ParameterSpec(
    string PropertyName,
    ParameterKind Kind,
    string PropertyType,
    string ElementType,
    string DistributionArguments,
    string? DefaultLiteral,
    string DefaultInternal,
    int GridPoints,
    ConditionSpec? Condition,
    bool IsNullable,
    long PointCount,
    bool IsMutable);

/// <summary>Active when the categorical parameter <see cref="ParentProperty"/> has one of the choice indices.</summary>
internal sealed record ConditionSpec(string ParentProperty, EquatableArray<int> AllowedChoices);
