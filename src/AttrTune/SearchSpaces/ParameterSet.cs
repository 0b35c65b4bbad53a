using System;
using System.Collections.Generic;
using System.Text;

namespace AttrTune.SearchSpaces;

/// <summary>
/// A point of a search space in internal form: one double per parameter of the descriptor (the value, or the
/// choice index), NaN for inactive parameters. Always valid for its descriptor: every way to create one checks it.
/// This is what storage keeps and what samplers produce.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ParameterSet : IEquatable<ParameterSet>
{
    private readonly double[] _values;

    private ParameterSet(SearchSpaceDescriptor descriptor, double[] values)
    {
        Descriptor = descriptor;
        _values = values;
    }

    /// <summary>The space the values belong to.</summary>
    public SearchSpaceDescriptor Descriptor { get; }

    /// <summary>The internal values by parameter index (NaN: inactive).</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The number of parameters (active or not).</summary>
    public int Count => _values.Length;

    /// <summary>The internal value of the parameter at <paramref name="index"/> (NaN when inactive).</summary>
    public double this[int index] => _values[index];

    /// <summary>The internal value of the parameter named <paramref name="name"/> (NaN when inactive).</summary>
    /// <exception cref="KeyNotFoundException">The space has no such parameter.</exception>
    public double this[string name] => _values[Descriptor.IndexOf(name)];

    /// <summary>Creates a parameter set after checking every value against the space.</summary>
    /// <exception cref="ArgumentException">A value breaks its distribution or condition; the message names the parameter, value and rule.</exception>
    public static ParameterSet Create(SearchSpaceDescriptor descriptor, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Validate(values) is { } problem)
        {
            throw new ArgumentException($"Invalid parameters for {descriptor.TypeName}: {problem}.", nameof(values));
        }

        return new ParameterSet(descriptor, values.ToArray());
    }

    /// <summary>
    /// Creates a parameter set from named internal values (as storage keeps them). Parameters that are not named
    /// are inactive; naming an unknown parameter, leaving out an active one or naming an inactive one is an error.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name or an invalid value; the message names it.</exception>
    public static ParameterSet FromNamed(SearchSpaceDescriptor descriptor, IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(values);
        var internalValues = new double[descriptor.Count];
        Array.Fill(internalValues, double.NaN);
        foreach ((string name, double value) in values)
        {
            if (!descriptor.TryGetIndex(name, out int index))
            {
                throw new ArgumentException($"Invalid parameters for {descriptor.TypeName}: '{name}' is not a parameter of the space.", nameof(values));
            }

            internalValues[index] = value;
        }

        return Create(descriptor, internalValues);
    }

    /// <summary>Whether the parameter at <paramref name="index"/> is active.</summary>
    public bool IsActive(int index) => !double.IsNaN(_values[index]);

    /// <summary>The internal value of an active parameter by name.</summary>
    public bool TryGetValue(string name, out double value)
    {
        value = double.NaN;
        if (!Descriptor.TryGetIndex(name, out int index) || double.IsNaN(_values[index]))
        {
            return false;
        }

        value = _values[index];
        return true;
    }

    /// <summary>The active parameters by path with their internal values, in descriptor order.</summary>
    public IEnumerable<KeyValuePair<string, double>> ActiveValues
    {
        get
        {
            for (int i = 0; i < _values.Length; i++)
            {
                if (!double.IsNaN(_values[i]))
                {
                    yield return new KeyValuePair<string, double>(Descriptor.Parameters[i].Name, _values[i]);
                }
            }
        }
    }

    /// <summary>The display value of the parameter at <paramref name="index"/> (the choice for categoricals).</summary>
    public string Format(int index) => Descriptor.Parameters[index].Distribution.FormatValue(_values[index]);

    /// <inheritdoc />
    public bool Equals(ParameterSet? other)
    {
        if (other is null || other.Descriptor.Fingerprint != Descriptor.Fingerprint)
        {
            return false;
        }

        for (int i = 0; i < _values.Length; i++)
        {
            if (!_values[i].Equals(other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ParameterSet);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (double value in _values)
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    /// <summary>"LearningRate=0.001, Optimizer="adam"": the active parameters.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (int i = 0; i < _values.Length; i++)
        {
            if (IsActive(i))
            {
                text.Append(text.Length == 0 ? string.Empty : ", ").Append(Descriptor.Parameters[i].Name).Append('=').Append(Format(i));
            }
        }

        return text.ToString();
    }

    /// <summary>Wraps values that were just checked (or produced by code that cannot produce invalid ones).</summary>
    internal static ParameterSet CreateUnchecked(SearchSpaceDescriptor descriptor, double[] values) => new(descriptor, values);
}
