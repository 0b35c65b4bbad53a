using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;

namespace AttrTune.Cli.Output;

/// <summary>
/// A trial's parameters as the configuration saw them: numbers as numbers, a choice as its label. Without the
/// study's space (a study stored by an older release) the stored internal values are all there is, so they are shown
/// as they are (a choice as its index).
/// </summary>
internal static class ParameterValues
{
    /// <summary>The parameter names to show: the space's order, else every name any trial has, in ordinal order.</summary>
    public static IReadOnlyList<string> Names(SearchSpaceDescriptor? space, IEnumerable<FrozenTrial> trials) =>
        space is not null
            ? space.Parameters.Select(p => p.Name).ToArray()
            : trials.SelectMany(t => t.Parameters.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// The active parameters of <paramref name="trial"/> in <paramref name="names"/> order, decoded; inactive ones
    /// (absent from the trial) are left out.
    /// </summary>
    public static IEnumerable<(string Name, object? Value)> Of(SearchSpaceDescriptor? space, IReadOnlyList<string> names, FrozenTrial trial)
    {
        foreach (string name in names)
        {
            if (trial.Parameters.TryGetValue(name, out double stored))
            {
                yield return (name, Decode(space, name, stored));
            }
        }
    }

    /// <summary>A stored value as the configuration saw it; the stored number when the space does not know it.</summary>
    public static object? Decode(SearchSpaceDescriptor? space, string name, double stored)
    {
        if (space is null || !space.TryGetIndex(name, out int index) || !space.Parameters[index].Distribution.Contains(stored))
        {
            return stored;
        }

        return space.Parameters[index].Distribution switch
        {
            // What a float property held: the double rounded to float, shown at float precision.
            FloatDistribution { IsSinglePrecision: true } => (float)stored,
            IntDistribution => (long)stored,
            CategoricalDistribution categorical => categorical.GetChoice((int)stored),
            _ => stored,
        };
    }
}
