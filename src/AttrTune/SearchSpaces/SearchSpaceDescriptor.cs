using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using AttrTune.Distributions;
using AttrTune.Randomness;

namespace AttrTune.SearchSpaces;

/// <summary>
/// The runtime description of a search space: its parameters in a fixed order (parents before the parameters
/// they control), their distributions, defaults and conditions, and a fingerprint. The generator builds one per
/// <see cref="SearchSpaceAttribute"/> type from literals; samplers and storage use nothing else.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class SearchSpaceDescriptor
{
    private readonly FrozenDictionary<string, int> _indexByName;
    private readonly bool[] _isConditionParent;

    internal SearchSpaceDescriptor(string typeName, ImmutableArray<ParameterDescriptor> parameters)
    {
        TypeName = typeName;
        Parameters = parameters;
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        _isConditionParent = new bool[parameters.Length];
        foreach (ParameterDescriptor parameter in parameters)
        {
            byName.Add(parameter.Name, parameter.Index);
            if (parameter.Condition is { } condition)
            {
                _isConditionParent[condition.ParentIndex] = true;
            }
        }

        _indexByName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        Fingerprint = ComputeFingerprint(parameters);
    }

    /// <summary>The full name of the configuration type the space was generated for.</summary>
    public string TypeName { get; }

    /// <summary>The parameters, in order.</summary>
    public ImmutableArray<ParameterDescriptor> Parameters { get; }

    /// <summary>The number of parameters: the length of parameter sets and unit vectors.</summary>
    public int Count => Parameters.Length;

    /// <summary>
    /// A stable hash of the space's shape (parameter paths, distributions, conditions). It changes when the space
    /// changes and only then: defaults, type names and unrelated code do not affect it. Stored studies use it to
    /// refuse resuming with an incompatible space.
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>The parameter with path <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter; the message lists the parameters.</exception>
    public ParameterDescriptor this[string name] => Parameters[IndexOf(name)];

    /// <summary>The index of the parameter with path <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such parameter; the message lists the parameters.</exception>
    public int IndexOf(string name)
    {
        if (TryGetIndex(name, out int index))
        {
            return index;
        }

        throw new KeyNotFoundException($"{TypeName} has no parameter '{name}'. Its parameters are: {string.Join(", ", _indexByName.Keys)}.");
    }

    /// <summary>Looks up a parameter's index by path.</summary>
    public bool TryGetIndex(string name, out int index) => _indexByName.TryGetValue(name, out index);

    /// <summary>Whether some other parameter's condition depends on the parameter at <paramref name="index"/>.</summary>
    public bool IsConditionParent(int index) => _isConditionParent[index];

    /// <summary>
    /// Whether the parameter at <paramref name="index"/> is active given the internal values of the parameters
    /// before it (its condition chain is satisfied).
    /// </summary>
    public bool IsActive(int index, ReadOnlySpan<double> values)
    {
        ParameterCondition? condition = Parameters[index].Condition;
        while (condition is not null)
        {
            if (!condition.IsSatisfiedBy(values[condition.ParentIndex]))
            {
                return false;
            }

            condition = Parameters[condition.ParentIndex].Condition;
        }

        return true;
    }

    /// <summary>
    /// Null when <paramref name="values"/> is a valid point of the space (every active parameter holds a value of
    /// its distribution, every inactive one holds NaN); otherwise what is wrong, naming the parameter and value.
    /// </summary>
    public string? Validate(ReadOnlySpan<double> values)
    {
        if (values.Length != Count)
        {
            return $"{TypeName} has {Count} parameters, got {values.Length} values";
        }

        for (int i = 0; i < values.Length; i++)
        {
            ParameterDescriptor parameter = Parameters[i];
            bool active = IsActive(i, values);
            double value = values[i];
            if (!active)
            {
                if (!double.IsNaN(value))
                {
                    return $"{parameter.Name}: has value {parameter.Distribution.FormatValue(value)} but is inactive ({DescribeCondition(parameter)})";
                }

                continue;
            }

            if (double.IsNaN(value))
            {
                return $"{parameter.Name}: has no value but is active";
            }

            string? problem = parameter.Distribution.Explain(value);
            if (problem is not null)
            {
                return $"{parameter.Name}: {problem}";
            }
        }

        return null;
    }

    /// <summary>Draws every active parameter from its prior into <paramref name="destination"/> (NaN for inactive ones).</summary>
    public void SampleValues(RandomSource random, Span<double> destination)
    {
        CheckLength(destination.Length);
        for (int i = 0; i < Count; i++)
        {
            destination[i] = IsActive(i, destination) ? Parameters[i].Distribution.Sample(random) : double.NaN;
        }
    }

    /// <summary>
    /// Encodes internal values as a point of the unit hypercube; inactive parameters encode as 0.5 (the centre),
    /// so models see a fixed coordinate rather than NaN.
    /// </summary>
    public void ToUnitVector(ReadOnlySpan<double> values, Span<double> unit)
    {
        CheckLength(values.Length);
        CheckLength(unit.Length);
        for (int i = 0; i < Count; i++)
        {
            unit[i] = double.IsNaN(values[i]) ? 0.5 : Parameters[i].Distribution.ToUnit(values[i]);
        }
    }

    /// <summary>Decodes a point of the unit hypercube into internal values, applying conditions (NaN for inactive).</summary>
    public void FromUnitVector(ReadOnlySpan<double> unit, Span<double> values)
    {
        CheckLength(values.Length);
        CheckLength(unit.Length);
        for (int i = 0; i < Count; i++)
        {
            values[i] = IsActive(i, values) ? Parameters[i].Distribution.FromUnit(unit[i]) : double.NaN;
        }
    }

    /// <summary>The grid of this space for grid search.</summary>
    /// <exception cref="InvalidOperationException">A continuous parameter has no grid points; the message names it.</exception>
    public SearchSpaceGrid CreateGrid(GridOptions? options = null) => new(this, options ?? GridOptions.Default);

    /// <summary>
    /// The space as JSON (parameter paths, distributions, choices, defaults, conditions), as stored with each study so
    /// that tools without the configuration type can read it back with <see cref="FromJson"/>.
    /// </summary>
    public string ToJson() => SearchSpaceJson.Write(this);

    /// <summary>
    /// Reads a space written by <see cref="ToJson"/>. Choices of an enum or other type come back as their names
    /// (strings), so the result describes the same parameters but its <see cref="Fingerprint"/> may differ from the
    /// original's; compare stored fingerprints, not this one.
    /// </summary>
    /// <exception cref="FormatException">The text is not a stored space, or a newer format; the message says which.</exception>
    public static SearchSpaceDescriptor FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return SearchSpaceJson.Read(json);
    }

    /// <summary>A human-readable line per parameter.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(TypeName).Append(" (").Append(Count).Append(" parameters, fingerprint ").Append(Fingerprint).AppendLine(")");
        foreach (ParameterDescriptor parameter in Parameters)
        {
            text.Append("  ").Append(parameter.Name).Append(": ").Append(parameter.Distribution);
            if (parameter.HasDefault)
            {
                text.Append(" default ").Append(parameter.Distribution.FormatValue(parameter.DefaultValue));
            }

            if (parameter.Condition is not null)
            {
                text.Append(" (").Append(DescribeCondition(parameter)).Append(')');
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>"active when Optimizer is "sgd" or "momentum"", "active when Layers is 2 or 4", "active when Layers is at least 3".</summary>
    public string DescribeCondition(ParameterDescriptor parameter)
    {
        if (parameter.Condition is not { } condition)
        {
            return "always active";
        }

        switch (condition.Kind)
        {
            case ConditionKind.Values:
                return $"active when {condition.ParentName} is {string.Join(" or ", condition.AllowedValues.Select(v => v.ToString(CultureInfo.InvariantCulture)))}";
            case ConditionKind.Range:
                return $"active when {condition.ParentName} is {condition.RangeText()}";
        }

        var parent = (CategoricalDistribution)Parameters[condition.ParentIndex].Distribution;
        var choices = new List<string>();
        foreach (int allowed in condition.AllowedChoices)
        {
            choices.Add(parent.FormatChoice(allowed));
        }

        return $"active when {condition.ParentName} is {string.Join(" or ", choices)}";
    }

    internal void CheckLength(int length)
    {
        if (length != Count)
        {
            throw new ArgumentException($"{TypeName} has {Count} parameters; the span has {length} elements.");
        }
    }

    private static string ComputeFingerprint(ImmutableArray<ParameterDescriptor> parameters)
    {
        var canonical = new StringBuilder("attrtune-space-v1\n");
        foreach (ParameterDescriptor parameter in parameters)
        {
            canonical.Append(parameter.Name).Append('|').Append(parameter.Distribution.CanonicalText);
            if (parameter.Condition is { } condition)
            {
                canonical.Append("|if ").Append(condition.CanonicalText);
            }

            canonical.Append('\n');
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()), hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
