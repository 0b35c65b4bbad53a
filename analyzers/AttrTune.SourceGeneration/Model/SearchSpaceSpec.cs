namespace AttrTune.SourceGeneration.Model;

/// <summary>
/// Everything the emitter needs for one [SearchSpace] type; strings and primitives only, so it caches.
/// <see cref="EmitIsActive"/>: the type declares no member named IsActive, so the generated one is added.
/// </summary>
internal sealed record SearchSpaceSpec(
    string Namespace,
    string Name,
    string Keyword,
    string FullyQualifiedName,
    string DisplayName,
    string HintName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    EquatableArray<ParameterSpec> Parameters,
    bool EmitIsActive);
