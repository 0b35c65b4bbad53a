using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace AttrTune.SearchSpaces;

/// <summary>Operations on any generated search space; the generated members delegate here.</summary>
public static class SearchSpace
{
    /// <summary>Builds a configuration from a parameter set, checking that the set belongs to the same space.</summary>
    /// <exception cref="ArgumentException">The set was made for a space with another fingerprint.</exception>
    public static T FromParameters<T>(ParameterSet parameters)
        where T : class, ISearchSpace<T>
    {
        ArgumentNullException.ThrowIfNull(parameters);
        SearchSpaceDescriptor descriptor = T.Descriptor;
        if (!ReferenceEquals(parameters.Descriptor, descriptor) && parameters.Descriptor.Fingerprint != descriptor.Fingerprint)
        {
            throw new ArgumentException(
                $"The parameter set belongs to {parameters.Descriptor.TypeName} (space {parameters.Descriptor.Fingerprint}), not to {descriptor.TypeName} (space {descriptor.Fingerprint}).",
                nameof(parameters));
        }

        return T.FromValues(parameters.Values);
    }

    /// <summary>A configuration's checked parameter set.</summary>
    /// <exception cref="ArgumentException">A property is outside its range or choices; the message names it.</exception>
    public static ParameterSet ToParameters<T>(T config)
        where T : class, ISearchSpace<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        SearchSpaceDescriptor descriptor = T.Descriptor;
        var values = new double[descriptor.Count];
        config.WriteValues(values);
        if (descriptor.Validate(values) is { } problem)
        {
            throw new ArgumentException($"The {descriptor.TypeName} configuration is not in its search space: {problem}.", nameof(config));
        }

        return ParameterSet.CreateUnchecked(descriptor, values);
    }

    /// <summary>A configuration as a new unit-hypercube vector.</summary>
    public static double[] ToUnitVector<T>(T config)
        where T : class, ISearchSpace<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        var unit = new double[T.Descriptor.Count];
        config.WriteUnitVector(unit);
        return unit;
    }

    /// <summary>Every configuration of the space's grid, in grid order.</summary>
    /// <exception cref="InvalidOperationException">A continuous parameter has no grid points; the message names it.</exception>
    public static IEnumerable<T> EnumerateGrid<T>(GridOptions? options = null)
        where T : class, ISearchSpace<T>
    {
        SearchSpaceGrid grid = T.Descriptor.CreateGrid(options);
        return Map(grid);

        static IEnumerable<T> Map(SearchSpaceGrid grid)
        {
            foreach (ParameterSet point in grid)
            {
                yield return T.FromValues(point.Values);
            }
        }
    }

    /// <summary>Generated code: checks a span's length against the space.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void CheckLength(SearchSpaceDescriptor descriptor, int length) => descriptor.CheckLength(length);

    /// <summary>Generated code: the error for an active nested space whose property is null.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ArgumentException NullNestedSpace(string typeName, string propertyName) =>
        new($"{typeName}.{propertyName}: the nested search space is active but the property is null.", propertyName);
}
