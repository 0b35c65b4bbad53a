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
    bool NestedHasIsActive)
{
    /// <summary>The name given by [ParameterName] when it differs from the property's (null: the property name).</summary>
    public string? NameOverride { get; init; }

    /// <summary>The name the descriptor, storage and IsActive know the parameter by.</summary>
    public string StoredName => NameOverride ?? PropertyName;

    /// <summary>A repeated property's count parameter (null for any other kind).</summary>
    public string? RepeatedBy { get; init; }

    /// <summary>A repeated property's number of instances: the count's upper bound.</summary>
    public int RepeatMax { get; init; }

    /// <summary>A repeated property's list: "array", "list" (List&lt;T&gt;) or "readonly" (IReadOnlyList&lt;T&gt;).</summary>
    public string RepeatCollection { get; init; } = string.Empty;

    /// <summary>A repeated property's count range (its low bound and step), for the grid estimate.</summary>
    public long RepeatCountLow { get; init; }

    /// <inheritdoc cref="RepeatCountLow"/>
    public long RepeatCountStep { get; init; } = 1;
}
