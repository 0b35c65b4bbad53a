using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

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

    /// <summary>
    /// Whether the parameter or nested space named <paramref name="name"/> (a path such as <c>"Optimizer.LearningRate"</c>)
    /// is active in <paramref name="config"/>, read from its internal values; a nested space is active when any of its
    /// parameters is. Generated types have a typed <c>IsActive(string)</c> that evaluates the conditions directly and
    /// never throws on property values; this is the route for generic code, and for nested spaces from assemblies
    /// generated before that method existed.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="name"/> is not a parameter or nested space of the space (the message lists those that are), or
    /// a categorical property holds a value that is not one of its choices.
    /// </exception>
    public static bool IsActive<T>(T config, string name)
        where T : class, ISearchSpace<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        SearchSpaceDescriptor descriptor = T.Descriptor;
        if (name is null || !IsParameterPath(descriptor, name))
        {
            throw UnknownParameter(descriptor, name);
        }

        var values = new double[descriptor.Count];
        config.WriteValues(values);
        if (descriptor.TryGetIndex(name, out int index))
        {
            return !double.IsNaN(values[index]);
        }

        string prefix = name + ".";
        for (int i = 0; i < descriptor.Count; i++)
        {
            if (descriptor.Parameters[i].Name.StartsWith(prefix, StringComparison.Ordinal) && !double.IsNaN(values[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Generated code: whether <paramref name="name"/> is a parameter path of the space or a nested space in it.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static bool IsParameterPath(SearchSpaceDescriptor descriptor, string name)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(name);
        if (descriptor.TryGetIndex(name, out _))
        {
            return true;
        }

        string prefix = name + ".";
        foreach (ParameterDescriptor parameter in descriptor.Parameters)
        {
            if (parameter.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Generated code: the error for a name that is neither a parameter nor a nested space of the space.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ArgumentException UnknownParameter(SearchSpaceDescriptor descriptor, string? name)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (ParameterDescriptor parameter in descriptor.Parameters)
        {
            // Each nested space by its own name, before its first parameter.
            for (int dot = parameter.Name.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = parameter.Name.IndexOf('.', dot + 1))
            {
                string space = parameter.Name[..dot];
                if (seen.Add(space))
                {
                    names.Add(space);
                }
            }

            if (seen.Add(parameter.Name))
            {
                names.Add(parameter.Name);
            }
        }

        string shown = name is null ? "null" : $"'{name}'";
        return new ArgumentException($"{descriptor.TypeName} has no parameter {shown}; its parameters are {string.Join(", ", names)}.", "parameterName");
    }

    /// <summary>Generated code: the error for an active nested space whose property is null.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ArgumentException NullNestedSpace(string typeName, string propertyName) =>
        new($"{typeName}.{propertyName}: the nested search space is active but the property is null.", propertyName);

    /// <summary>
    /// Generated code: the error for a repeated (<c>[RepeatedBy]</c>) property whose list does not hold one item per
    /// active instance.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ArgumentException RepeatedCountMismatch(string typeName, string propertyName, int itemCount, string countName, int activeCount) =>
        new(string.Create(
            CultureInfo.InvariantCulture,
            $"{typeName}.{propertyName}: the list has {itemCount} items, but {countName} makes {activeCount} active; it must hold exactly one item per active instance."),
            propertyName);

    /// <summary>Generated code: the error for a repeated (<c>[RepeatedBy]</c>) property that is null.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ArgumentException NullRepeatedSpace(string typeName, string propertyName) =>
        new($"{typeName}.{propertyName}: the repeated search space's list is null; an empty list holds no instances.", propertyName);
}
