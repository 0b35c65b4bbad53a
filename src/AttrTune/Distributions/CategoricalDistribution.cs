using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using AttrTune.Randomness;

namespace AttrTune.Distributions;

/// <summary>
/// A choice among unordered values. The internal value is the index of the choice in canonical order.
/// </summary>
public abstract class CategoricalDistribution : Distribution
{
    private protected CategoricalDistribution()
    {
    }

    /// <summary>The number of choices.</summary>
    public abstract int Count { get; }

    /// <inheritdoc />
    public override DistributionKind Kind => DistributionKind.Categorical;

    /// <inheritdoc />
    public override bool IsContinuous => false;

    /// <inheritdoc />
    public override long PointCount => Count;

    /// <summary>The choice at <paramref name="index"/>, boxed (for display and storage, not for the hot path).</summary>
    public abstract object? GetChoice(int index);

    /// <summary>The choice at <paramref name="index"/> as culture-invariant text.</summary>
    public abstract string FormatChoice(int index);

    /// <summary>Draws a choice index uniformly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int SampleIndex(RandomSource random) => random.NextInt32(Count);

    /// <summary>The choice index whose bin contains the unit coordinate.</summary>
    public int IndexFromUnit(double unit) => (int)BinOf(unit, Count);

    /// <summary>The choice index stored as an internal value.</summary>
    /// <exception cref="ArgumentException">The value is not a valid index.</exception>
    public int IndexFromInternal(double internalValue, string parameterName)
    {
        string? problem = Explain(internalValue);
        if (problem is not null)
        {
            throw new ArgumentException($"{parameterName}: {problem}.", parameterName);
        }

        return (int)internalValue;
    }

    /// <inheritdoc />
    public override string? Explain(double internalValue)
    {
        if (double.IsNaN(internalValue) || internalValue != Math.Floor(internalValue) || internalValue < 0 || internalValue >= Count)
        {
            return $"{Format(internalValue)} is not a choice index in [0, {Count - 1}]";
        }

        return null;
    }

    /// <inheritdoc />
    public override double Sample(RandomSource random) => SampleIndex(random);

    /// <inheritdoc />
    public override double ToUnit(double internalValue) => (internalValue + 0.5) / Count;

    /// <inheritdoc />
    public override double FromUnit(double unit) => IndexFromUnit(unit);

    /// <inheritdoc />
    public override double[] GetGridValues(int continuousPoints)
    {
        var values = new double[Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        return values;
    }

    /// <inheritdoc />
    public override double Project(double value) => double.IsNaN(value) ? 0 : Math.Clamp(Math.Round(value), 0, Count - 1);

    /// <inheritdoc />
    public override string FormatValue(double internalValue) =>
        Contains(internalValue) ? FormatChoice((int)internalValue) : Format(internalValue);
}

/// <summary>A choice among values of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The property's type.</typeparam>
public sealed class CategoricalDistribution<T> : CategoricalDistribution
{
    private readonly T[] _choices;

    /// <summary>Creates a categorical distribution over <paramref name="choices"/>, in that order.</summary>
    /// <exception cref="ArgumentException">No choices, or a duplicated choice.</exception>
    public CategoricalDistribution(params T[] choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Length == 0)
        {
            throw new ArgumentException("A choice needs at least one value.", nameof(choices));
        }

        var seen = new HashSet<T>(EqualityComparer<T>.Default);
        var nullSeen = false;
        foreach (T choice in choices)
        {
            bool duplicate = choice is null ? nullSeen : !seen.Add(choice);
            nullSeen |= choice is null;
            if (duplicate)
            {
                throw new ArgumentException($"The choice {FormatObject(choice)} is listed more than once.", nameof(choices));
            }
        }

        _choices = (T[])choices.Clone();
    }

    /// <inheritdoc />
    public override int Count => _choices.Length;

    /// <summary>The choices in canonical order.</summary>
    public ReadOnlySpan<T> Choices => _choices;

    /// <summary>The choice at <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T ChoiceAt(int index) => _choices[index];

    /// <summary>The index of <paramref name="value"/>, or -1 when it is not a choice.</summary>
    public int IndexOf(T value)
    {
        for (int i = 0; i < _choices.Length; i++)
        {
            if (EqualityComparer<T>.Default.Equals(_choices[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a choice; the message names the parameter.</exception>
    public int IndexOfChoice(T value, string parameterName)
    {
        int index = IndexOf(value);
        if (index < 0)
        {
            throw new ArgumentException(
                $"{parameterName}: {FormatObject(value)} is not one of the choices [{string.Join(", ", Array.ConvertAll(_choices, c => FormatObject(c)))}].",
                parameterName);
        }

        return index;
    }

    /// <inheritdoc />
    public override object? GetChoice(int index) => _choices[index];

    /// <inheritdoc />
    public override string FormatChoice(int index) => FormatObject(_choices[index]);

    /// <inheritdoc />
    private protected override string BuildCanonicalText()
    {
        var text = new StringBuilder("Choice<").Append(typeof(T).FullName).Append(">[");
        for (int i = 0; i < _choices.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(FormatObject(_choices[i]));
        }

        return text.Append(']').ToString();
    }

    private static string FormatObject(T value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        double d => Format(d),
        float f => Format(f),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
