namespace AttrTune.SourceGeneration.Model;

/// <summary>Active when the categorical parameter <see cref="ParentProperty"/> has one of the choice indices.</summary>
internal sealed record ConditionSpec(string ParentProperty, EquatableArray<int> AllowedChoices);
