using System;
using System.Collections.Immutable;
using System.Linq;

namespace AttrTune.SearchSpaces;

/// <summary>
/// When a conditional parameter is active: its parent (an earlier categorical parameter) is itself active and
/// takes one of <see cref="AllowedChoices"/>. Conditions chain, so a parameter under an inactive parent is inactive.
/// </summary>
public sealed class ParameterCondition : IEquatable<ParameterCondition>
{
    /// <summary>Creates a condition on the parameter at <paramref name="parentIndex"/>.</summary>
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
        AllowedChoices = allowedChoices.Distinct().OrderBy(i => i).ToImmutableArray();
    }

    /// <summary>The index of the controlling parameter in the descriptor.</summary>
    public int ParentIndex { get; }

    /// <summary>The path of the controlling parameter.</summary>
    public string ParentName { get; }

    /// <summary>The choice indices of the parent that activate the parameter, ascending.</summary>
    public ImmutableArray<int> AllowedChoices { get; }

    /// <summary>Whether the parent's internal value (a choice index) activates the parameter.</summary>
    public bool IsSatisfiedBy(double parentValue)
    {
        foreach (int allowed in AllowedChoices)
        {
            if (parentValue == allowed)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same condition on a parent shifted by <paramref name="offset"/> positions and renamed.</summary>
    internal ParameterCondition Shift(int offset, string prefix) =>
        new(ParentIndex + offset, prefix + ParentName, AllowedChoices);

    /// <inheritdoc />
    public bool Equals(ParameterCondition? other) =>
        other is not null && ParentIndex == other.ParentIndex && ParentName == other.ParentName
        && AllowedChoices.SequenceEqual(other.AllowedChoices);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParameterCondition);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ParentIndex, ParentName, AllowedChoices.Length);

    /// <inheritdoc />
    public override string ToString() => $"when {ParentName} in {{{string.Join(", ", AllowedChoices)}}}";
}
