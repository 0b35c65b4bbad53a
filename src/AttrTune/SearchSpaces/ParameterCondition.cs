using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AttrTune.SearchSpaces;

/// <summary>
/// When a conditional parameter is active: its parent (an earlier parameter) is itself active and its value satisfies
/// the condition. The parent is either categorical, and takes one of <see cref="AllowedChoices"/>
/// (<see cref="ConditionKind.Choices"/>), or an integer range, and takes one of <see cref="AllowedValues"/>
/// (<see cref="ConditionKind.Values"/>) or lies between <see cref="AtLeast"/> and <see cref="AtMost"/>
/// (<see cref="ConditionKind.Range"/>). Conditions chain, so a parameter under an inactive parent is inactive.
/// </summary>
/// <remarks>
/// A condition does not know its parent's distribution; <see cref="SearchSpaceDescriptorBuilder"/>'s
/// <c>When</c>, <c>WhenValues</c> and <c>WhenRange</c> check that the parent has the right kind and that the
/// condition can hold.
/// </remarks>
public sealed class ParameterCondition : IEquatable<ParameterCondition>
{
    /// <summary>Creates a condition on the categorical parameter at <paramref name="parentIndex"/>: active when it takes one of the choice indices.</summary>
    /// <exception cref="ArgumentException">No choice index is given.</exception>
    public ParameterCondition(int parentIndex, string parentName, ImmutableArray<int> allowedChoices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parentIndex);
        ArgumentNullException.ThrowIfNull(parentName);
        if (allowedChoices.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"A condition on {parentName} needs at least one allowed choice.", nameof(allowedChoices));
        }

        ParentIndex = parentIndex;
        ParentName = parentName;
        Kind = ConditionKind.Choices;
        AllowedChoices = allowedChoices.Distinct().OrderBy(i => i).ToImmutableArray();
        AllowedValues = ImmutableArray<long>.Empty;
    }

    private ParameterCondition(int parentIndex, string parentName, ConditionKind kind, ImmutableArray<long> allowedValues, long? atLeast, long? atMost)
    {
        ParentIndex = parentIndex;
        ParentName = parentName;
        Kind = kind;
        AllowedChoices = ImmutableArray<int>.Empty;
        AllowedValues = allowedValues;
        AtLeast = atLeast;
        AtMost = atMost;
    }

    /// <summary>A condition on the integer parameter at <paramref name="parentIndex"/>: active when it takes one of <paramref name="allowedValues"/>.</summary>
    /// <exception cref="ArgumentException">No value is given.</exception>
    public static ParameterCondition ForValues(int parentIndex, string parentName, ImmutableArray<long> allowedValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parentIndex);
        ArgumentNullException.ThrowIfNull(parentName);
        if (allowedValues.IsDefaultOrEmpty)
        {
            throw new ArgumentException($"A condition on {parentName} needs at least one allowed value.", nameof(allowedValues));
        }

        return new ParameterCondition(parentIndex, parentName, ConditionKind.Values, allowedValues.Distinct().OrderBy(v => v).ToImmutableArray(), null, null);
    }

    /// <summary>
    /// A condition on the integer parameter at <paramref name="parentIndex"/>: active when it is at least
    /// <paramref name="atLeast"/> and at most <paramref name="atMost"/> (both inclusive; null leaves that side open).
    /// </summary>
    /// <exception cref="ArgumentException">Both bounds are null, or <paramref name="atLeast"/> is above <paramref name="atMost"/>.</exception>
    public static ParameterCondition ForRange(int parentIndex, string parentName, long? atLeast, long? atMost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parentIndex);
        ArgumentNullException.ThrowIfNull(parentName);
        if (atLeast is null && atMost is null)
        {
            throw new ArgumentException($"A range condition on {parentName} needs at least one bound.", nameof(atLeast));
        }

        if (atLeast > atMost)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A condition on {parentName} asks for at least {atLeast} and at most {atMost}, which no value is."), nameof(atLeast));
        }

        return new ParameterCondition(parentIndex, parentName, ConditionKind.Range, ImmutableArray<long>.Empty, atLeast, atMost);
    }

    /// <summary>The index of the controlling parameter in the descriptor.</summary>
    public int ParentIndex { get; }

    /// <summary>The path of the controlling parameter.</summary>
    public string ParentName { get; }

    /// <summary>What the parent's value is compared with: choices, integer values or an integer range.</summary>
    public ConditionKind Kind { get; }

    /// <summary>The choice indices of the parent that activate the parameter, ascending; empty unless <see cref="Kind"/> is <see cref="ConditionKind.Choices"/>.</summary>
    public ImmutableArray<int> AllowedChoices { get; }

    /// <summary>The integer values of the parent that activate the parameter, ascending; empty unless <see cref="Kind"/> is <see cref="ConditionKind.Values"/>.</summary>
    public ImmutableArray<long> AllowedValues { get; }

    /// <summary>The smallest parent value that activates the parameter (inclusive); null when the range is open below or <see cref="Kind"/> is not <see cref="ConditionKind.Range"/>.</summary>
    public long? AtLeast { get; }

    /// <summary>The largest parent value that activates the parameter (inclusive); null when the range is open above or <see cref="Kind"/> is not <see cref="ConditionKind.Range"/>.</summary>
    public long? AtMost { get; }

    /// <summary>
    /// Whether the parent's internal value (a choice index, or the integer itself) activates the parameter. NaN (an
    /// inactive parent) and non-integers activate nothing.
    /// </summary>
    public bool IsSatisfiedBy(double parentValue)
    {
        switch (Kind)
        {
            case ConditionKind.Choices:
                foreach (int allowed in AllowedChoices)
                {
                    if (parentValue == allowed)
                    {
                        return true;
                    }
                }

                return false;
            case ConditionKind.Values:
                foreach (long allowed in AllowedValues)
                {
                    if (parentValue == allowed)
                    {
                        return true;
                    }
                }

                return false;
            default:
                // Compared as integers: a bound past 2^53 rounded to a double could admit a value it excludes.
                if (!(Math.Abs(parentValue) <= 9007199254740992.0) || parentValue != Math.Floor(parentValue))
                {
                    return false;
                }

                long value = (long)parentValue;
                return (AtLeast is not { } low || value >= low) && (AtMost is not { } high || value <= high);
        }
    }

    /// <summary>
    /// The condition as canonical text (the parent's index and what it is compared with), for the fingerprint and for
    /// grouping parameters that are active under the same conditions. A choice condition reads "3 in 0,2" as it
    /// always has, so the fingerprints of existing spaces do not change.
    /// </summary>
    internal string CanonicalText
    {
        get
        {
            var text = new StringBuilder();
            text.Append(ParentIndex.ToString(CultureInfo.InvariantCulture));
            switch (Kind)
            {
                case ConditionKind.Choices:
                    text.Append(" in ").AppendJoin(',', AllowedChoices.Select(c => c.ToString(CultureInfo.InvariantCulture)));
                    break;
                case ConditionKind.Values:
                    text.Append(" = ").AppendJoin(',', AllowedValues.Select(v => v.ToString(CultureInfo.InvariantCulture)));
                    break;
                default:
                    if (AtLeast is { } low)
                    {
                        text.Append(" >= ").Append(low.ToString(CultureInfo.InvariantCulture));
                    }

                    if (AtMost is { } high)
                    {
                        text.Append(" <= ").Append(high.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
            }

            return text.ToString();
        }
    }

    /// <summary>The same condition on a parent shifted by <paramref name="offset"/> positions and renamed.</summary>
    internal ParameterCondition Shift(int offset, string prefix) => Kind == ConditionKind.Choices
        ? new(ParentIndex + offset, prefix + ParentName, AllowedChoices)
        : new(ParentIndex + offset, prefix + ParentName, Kind, AllowedValues, AtLeast, AtMost);

    /// <inheritdoc />
    public bool Equals(ParameterCondition? other) =>
        other is not null && ParentIndex == other.ParentIndex && ParentName == other.ParentName && Kind == other.Kind
        && AllowedChoices.SequenceEqual(other.AllowedChoices) && AllowedValues.SequenceEqual(other.AllowedValues)
        && AtLeast == other.AtLeast && AtMost == other.AtMost;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParameterCondition);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(ParentIndex, ParentName, Kind, AllowedChoices.Length, AllowedValues.Length, AtLeast, AtMost);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ConditionKind.Choices => $"when {ParentName} in {{{string.Join(", ", AllowedChoices)}}}",
        ConditionKind.Values => $"when {ParentName} in values {{{string.Join(", ", AllowedValues.Select(v => v.ToString(CultureInfo.InvariantCulture)))}}}",
        _ => $"when {ParentName} {RangeText(">= ", "<= ", " and ")}",
    };

    /// <summary>The range in words: "at least 3 and at most 6", "at least 3", "at most 6".</summary>
    internal string RangeText() => RangeText("at least ", "at most ", " and ");

    private string RangeText(string atLeast, string atMost, string and)
    {
        string low = AtLeast is { } l ? atLeast + l.ToString(CultureInfo.InvariantCulture) : string.Empty;
        string high = AtMost is { } h ? atMost + h.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return low.Length > 0 && high.Length > 0 ? low + and + high : low + high;
    }
}
