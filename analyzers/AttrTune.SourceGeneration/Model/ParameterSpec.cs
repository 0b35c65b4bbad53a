namespace AttrTune.SourceGeneration.Model;

/// <summary>
/// One tuned property (<see cref="PointCount"/>: distinct values, 0 for a continuous range or a nested space;
/// <see cref="NestedHasIsActive"/>: a nested space whose type has the generated IsActive(string)). Numbers are kept as C# literal text (culture-invariant, round-trip), already converted to
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
    bool IsMutable,
    bool NestedHasIsActive);
