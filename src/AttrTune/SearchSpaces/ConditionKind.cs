namespace AttrTune.SearchSpaces;

/// <summary>What a <see cref="ParameterCondition"/> compares its parent's value with.</summary>
public enum ConditionKind
{
    /// <summary>The parent is categorical (a choice, bool or enum) and must take one of <see cref="ParameterCondition.AllowedChoices"/>.</summary>
    Choices = 0,

    /// <summary>The parent is an integer range and must take one of <see cref="ParameterCondition.AllowedValues"/>.</summary>
    Values = 1,

    /// <summary>
    /// The parent is an integer range and must lie between <see cref="ParameterCondition.AtLeast"/> and
    /// <see cref="ParameterCondition.AtMost"/> (inclusive; a bound that is null does not limit).
    /// </summary>
    Range = 2,
}
