using System;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune;

/// <summary>
/// A configuration type that is a search space. Implemented by the AttrTune generator for every
/// <see cref="SearchSpaceAttribute"/> type, never by hand; tuning APIs constrain their configuration type to it,
/// so passing a type that was not annotated does not compile.
/// </summary>
/// <typeparam name="TSelf">The configuration type itself.</typeparam>
public interface ISearchSpace<TSelf>
    where TSelf : class, ISearchSpace<TSelf>
{
    /// <summary>The search space: parameters, distributions, defaults, conditions and fingerprint.</summary>
    static abstract SearchSpaceDescriptor Descriptor { get; }

    /// <summary>The baseline configuration: every parameter at its <c>Default</c>, others at their initialisers.</summary>
    static abstract TSelf CreateDefault();

    /// <summary>Draws a configuration from the space's prior straight into the type (no reflection, no boxing).</summary>
    static abstract TSelf Sample(RandomSource random);

    /// <summary>
    /// Builds a configuration from internal values (NaN: inactive, which keeps the property's default).
    /// The values are trusted to satisfy the space; <see cref="FromParameters(ParameterSet)"/> is the checked route.
    /// </summary>
    static abstract TSelf FromValues(ReadOnlySpan<double> values);

    /// <summary>Writes this configuration's internal values (NaN for inactive parameters), unchecked.</summary>
    void WriteValues(Span<double> destination);

    /// <summary>Builds a configuration from a point of the unit hypercube, applying conditions.</summary>
    static abstract TSelf FromUnitVector(ReadOnlySpan<double> unit);

    /// <summary>Writes this configuration as a point of the unit hypercube (0.5 for inactive parameters).</summary>
    void WriteUnitVector(Span<double> destination);

    /// <summary>Builds a configuration from a parameter set of this space.</summary>
    /// <exception cref="ArgumentException">The set belongs to another space.</exception>
    static abstract TSelf FromParameters(ParameterSet parameters);

    /// <summary>This configuration as a checked parameter set.</summary>
    /// <exception cref="ArgumentException">A property holds a value outside its parameter's range or choices.</exception>
    ParameterSet ToParameters();
}
