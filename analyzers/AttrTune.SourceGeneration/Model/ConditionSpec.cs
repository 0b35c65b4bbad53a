namespace AttrTune.SourceGeneration.Model;

/// <summary>What a condition compares its parent's value with.</summary>
internal enum ConditionForm
{
    /// <summary>A categorical parent's choice indices (<see cref="ConditionSpec.AllowedChoices"/>).</summary>
    Choices,

    /// <summary>An integer parent's values (<see cref="ConditionSpec.AllowedValues"/>).</summary>
    Values,

    /// <summary>An integer parent between <see cref="ConditionSpec.AtLeast"/> and <see cref="ConditionSpec.AtMost"/>, inclusive.</summary>
    Range,
}

/// <summary>
/// Active when the parameter <see cref="ParentProperty"/> is active and satisfies the condition: one of the choice
/// indices of a categorical parent, or (<see cref="Form"/>) one of the values of an integer parent or within a range of
/// it. <see cref="ParentLow"/> and <see cref="ParentStep"/> are an integer parent's range, for the grid estimate.
/// </summary>
internal sealed record ConditionSpec(string ParentProperty, EquatableArray<int> AllowedChoices)
{
    public ConditionForm Form { get; init; }

    public EquatableArray<long> AllowedValues { get; init; } = EquatableArray<long>.Empty;

    public long? AtLeast { get; init; }

    public long? AtMost { get; init; }

    public long ParentLow { get; init; }

    public long ParentStep { get; init; } = 1;
}
