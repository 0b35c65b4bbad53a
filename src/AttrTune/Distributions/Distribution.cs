using System;
using System.Globalization;
using AttrTune.Randomness;

namespace AttrTune.Distributions;

/// <summary>
/// The distribution of one parameter. Samplers, storage and grids work on a parameter's <em>internal</em> value,
/// a <see cref="double"/>: the number itself for float and int ranges, the choice index for categoricals.
/// Only generated code converts internal values to the property's type.
/// </summary>
/// <remarks>
/// Instances are immutable and thread-safe. Two distributions are equal when they describe the same set of
/// values with the same scale, which is what resuming a stored study checks.
/// </remarks>
public abstract class Distribution : IEquatable<Distribution>
{
    private string? _canonical;

    private protected Distribution()
    {
    }

    /// <summary>The distribution family.</summary>
    public abstract DistributionKind Kind { get; }

    /// <summary>True for a float range without a step: it has no finite set of values.</summary>
    public abstract bool IsContinuous { get; }

    /// <summary>The number of distinct values, or 0 for a continuous range.</summary>
    public abstract long PointCount { get; }

    /// <summary>Whether <paramref name="internalValue"/> is a value of this distribution.</summary>
    public bool Contains(double internalValue) => Explain(internalValue) is null;

    /// <summary>
    /// Null when <paramref name="internalValue"/> belongs to this distribution; otherwise the rule it breaks,
    /// phrased to follow a parameter name (for example "5 is outside [0, 1]").
    /// </summary>
    public abstract string? Explain(double internalValue);

    /// <summary>Draws an internal value from the distribution's prior (uniform in its own scale).</summary>
    public abstract double Sample(RandomSource random);

    /// <summary>Maps an internal value to [0, 1] (linear in the distribution's scale; bins for discrete values).</summary>
    public abstract double ToUnit(double internalValue);

    /// <summary>Maps a coordinate in [0, 1] back to an internal value; coordinates outside are clamped.</summary>
    public abstract double FromUnit(double unit);

    /// <summary>
    /// The internal values grid search visits: every value of a discrete distribution, or
    /// <paramref name="continuousPoints"/> evenly spaced values (in the distribution's scale) of a continuous one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A continuous range and fewer than one point.</exception>
    public abstract double[] GetGridValues(int continuousPoints);

    /// <summary>
    /// The value of the distribution nearest to <paramref name="value"/>: clamped to the range and rounded to the
    /// step (used when a scheduler perturbs a value). Categoricals round to the nearest valid index.
    /// </summary>
    public abstract double Project(double value);

    /// <summary>Formats an internal value as the user sees it (the choice for categoricals).</summary>
    public abstract string FormatValue(double internalValue);

    /// <summary>A stable, culture-invariant text that identifies the distribution (used for fingerprints).</summary>
    public string CanonicalText => _canonical ??= BuildCanonicalText();

    /// <summary>Builds <see cref="CanonicalText"/>.</summary>
    private protected abstract string BuildCanonicalText();

    /// <inheritdoc />
    public bool Equals(Distribution? other) => other is not null && (ReferenceEquals(this, other) || CanonicalText == other.CanonicalText);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Distribution);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalText);

    /// <inheritdoc />
    public override string ToString() => CanonicalText;

    /// <summary>Round-trip, culture-invariant formatting of a number.</summary>
    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Clamps to [0, 1] and rejects NaN, which would otherwise decode silently to a bound.</summary>
    private protected static double ClampUnit(double unit)
    {
        if (double.IsNaN(unit))
        {
            throw new ArgumentException("A unit-cube coordinate is NaN; coordinates must lie in [0, 1].", nameof(unit));
        }

        return unit < 0 ? 0 : unit > 1 ? 1 : unit;
    }

    /// <summary>The bin of a unit coordinate among <paramref name="count"/> equal bins.</summary>
    private protected static long BinOf(double unit, long count)
    {
        long bin = (long)(ClampUnit(unit) * count);
        return bin >= count ? count - 1 : bin;
    }
}
