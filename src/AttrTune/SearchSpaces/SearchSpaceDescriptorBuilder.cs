using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using AttrTune.Distributions;
using AttrTune.Rules;

namespace AttrTune.SearchSpaces;

/// <summary>
/// Assembles a <see cref="SearchSpaceDescriptor"/>. Generated code uses it; it is public so that spaces can also
/// be described by hand (tests, dynamic spaces), with the same validation.
/// </summary>
public sealed class SearchSpaceDescriptorBuilder
{
    private readonly string _typeName;
    private readonly List<ParameterDescriptor> _parameters = new();
    private readonly Dictionary<string, int> _indexByName = new(StringComparer.Ordinal);

    /// <summary>Starts a descriptor for the configuration type named <paramref name="typeName"/>.</summary>
    public SearchSpaceDescriptorBuilder(string typeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        _typeName = typeName;
    }

    /// <summary>Adds a parameter.</summary>
    /// <param name="name">The parameter's path; unique within the space.</param>
    /// <param name="distribution">Its distribution.</param>
    /// <param name="defaultValue">The internal default, or NaN for none; must belong to the distribution.</param>
    /// <param name="condition">From <see cref="When(string, int[])"/>, <see cref="WhenValues(string, long[])"/> or <see cref="WhenRange(string, long?, long?)"/>, or null when always active.</param>
    /// <param name="gridPoints">Grid points for a continuous range (0: use the grid options).</param>
    /// <param name="mutable">Whether population-based training may change it during a trial.</param>
    /// <param name="propertyPath">The C# member path that holds it, when it differs from <paramref name="name"/> (<see cref="ParameterNameAttribute"/>); null: the name.</param>
    /// <exception cref="ArgumentException">A duplicate name or an invalid default; the message names the parameter.</exception>
    public SearchSpaceDescriptorBuilder Add(string name, Distribution distribution, double defaultValue = double.NaN, ParameterCondition? condition = null, int gridPoints = 0, bool mutable = false, string? propertyPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (propertyPath is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(propertyPath);
        }

        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentOutOfRangeException.ThrowIfNegative(gridPoints);
        if (!double.IsNaN(defaultValue) && distribution.Explain(defaultValue) is { } problem)
        {
            throw new ArgumentException($"{name}: the default {problem}.", nameof(defaultValue));
        }

        Append(new ParameterDescriptor(_parameters.Count, name, distribution, defaultValue, condition, gridPoints, mutable, propertyPath));
        return this;
    }

    /// <summary>
    /// Adds every parameter of a nested space under <c>name.</c>; parameters of the nested space that have no
    /// condition of their own inherit <paramref name="condition"/>, so the whole block follows it.
    /// </summary>
    /// <param name="name">The nested space's stored name: its parameters' paths start with <c>name.</c>.</param>
    /// <param name="nested">The nested space.</param>
    /// <param name="condition">The condition the whole block follows, or null.</param>
    /// <param name="propertyPath">The C# member that holds the nested space, when it differs from <paramref name="name"/>; null: the name.</param>
    public SearchSpaceDescriptorBuilder AddNested(string name, SearchSpaceDescriptor nested, ParameterCondition? condition = null, string? propertyPath = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(nested);
        if (propertyPath is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(propertyPath);
        }

        int offset = _parameters.Count;
        string prefix = name + ".";
        string propertyPrefix = (propertyPath ?? name) + ".";
        foreach (ParameterDescriptor parameter in nested.Parameters)
        {
            ParameterCondition? shifted = parameter.Condition is { } own ? own.Shift(offset, prefix) : condition;
            Append(parameter.Relocate(offset + parameter.Index, prefix + parameter.Name, propertyPrefix + parameter.PropertyPath, shifted));
        }

        return this;
    }

    /// <summary>
    /// A condition on the already added categorical parameter <paramref name="parentName"/>: active when it takes
    /// one of the choice indices <paramref name="allowedChoices"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The parent is unknown, not categorical, or an index is not a choice.</exception>
    public ParameterCondition When(string parentName, params int[] allowedChoices)
    {
        if (!_indexByName.TryGetValue(parentName, out int parentIndex))
        {
            throw new ArgumentException($"A condition names '{parentName}', which is not a parameter added before it.", nameof(parentName));
        }

        if (_parameters[parentIndex].Distribution is not CategoricalDistribution categorical)
        {
            throw new ArgumentException($"A condition names '{parentName}', which is not categorical or bool.", nameof(parentName));
        }

        foreach (int choice in allowedChoices)
        {
            if (choice < 0 || choice >= categorical.Count)
            {
                throw new ArgumentException($"A condition on '{parentName}' allows choice {choice}, but it has {categorical.Count} choices.", nameof(allowedChoices));
            }
        }

        return new ParameterCondition(parentIndex, parentName, ImmutableArray.Create(allowedChoices));
    }

    /// <summary>
    /// A condition on the already added integer parameter <paramref name="parentName"/> (an <see cref="IntDistribution"/>):
    /// active when it takes one of <paramref name="allowedValues"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The parent is unknown or not an integer range, no value is given, or a value is not one of the parent's.</exception>
    public ParameterCondition WhenValues(string parentName, params long[] allowedValues)
    {
        ArgumentNullException.ThrowIfNull(allowedValues);
        (int parentIndex, IntDistribution parent) = IntegerParent(parentName);
        foreach (long value in allowedValues)
        {
            if (SearchSpaceRules.CheckIntValue(parent.Low, parent.High, parent.Step, value) is { } problem)
            {
                throw new ArgumentException($"A condition on '{parentName}' allows {problem}, so it could never hold for it.", nameof(allowedValues));
            }
        }

        return ParameterCondition.ForValues(parentIndex, parentName, ImmutableArray.Create(allowedValues));
    }

    /// <summary>
    /// A condition on the already added integer parameter <paramref name="parentName"/> (an <see cref="IntDistribution"/>):
    /// active when it is at least <paramref name="atLeast"/> and at most <paramref name="atMost"/> (inclusive; null
    /// leaves that side open).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The parent is unknown or not an integer range, both bounds are null, or none of the parent's values is in the range.
    /// </exception>
    public ParameterCondition WhenRange(string parentName, long? atLeast = null, long? atMost = null)
    {
        (int parentIndex, IntDistribution parent) = IntegerParent(parentName);
        ParameterCondition condition = ParameterCondition.ForRange(parentIndex, parentName, atLeast, atMost);
        if (SearchSpaceRules.FirstIntValueBetween(parent.Low, parent.High, parent.Step, atLeast ?? long.MinValue, atMost ?? long.MaxValue) is null)
        {
            throw new ArgumentException($"A condition on '{parentName}' asks for {condition.RangeText()}, which none of its values {parent} is.", nameof(atLeast));
        }

        return condition;
    }

    /// <summary>The descriptor.</summary>
    public SearchSpaceDescriptor Build() => new(_typeName, _parameters.ToImmutableArray());

    private (int Index, IntDistribution Distribution) IntegerParent(string parentName)
    {
        if (!_indexByName.TryGetValue(parentName, out int parentIndex))
        {
            throw new ArgumentException($"A condition names '{parentName}', which is not a parameter added before it.", nameof(parentName));
        }

        if (_parameters[parentIndex].Distribution is not IntDistribution integer)
        {
            throw new ArgumentException($"A condition on values or a range names '{parentName}', which is not an integer range.", nameof(parentName));
        }

        return (parentIndex, integer);
    }

    private void Append(ParameterDescriptor parameter)
    {
        if (!_indexByName.TryAdd(parameter.Name, parameter.Index))
        {
            throw new ArgumentException($"{_typeName} already has a parameter named '{parameter.Name}'.");
        }

        if (parameter.Condition is { } condition && condition.ParentIndex >= parameter.Index)
        {
            throw new ArgumentException($"{parameter.Name}: its condition's parent must come before it.");
        }

        _parameters.Add(parameter);
    }
}
