using System;
using AttrTune.MultiObjective;

namespace AttrTune;

/// <summary>
/// What an objective returns in a study with several objectives or with constraints. Implemented by the AttrTune
/// generator for every <see cref="MetricsAttribute"/> type, never by hand; <c>Study&lt;TConfig, TMetrics&gt;</c>
/// constrains its metrics type to it, so a type that was not annotated does not compile.
/// </summary>
/// <typeparam name="TSelf">The metrics type itself.</typeparam>
public interface IMetrics<TSelf>
    where TSelf : IMetrics<TSelf>
{
    /// <summary>The objectives (names and directions) and constraints (names and bounds), in declaration order.</summary>
    static abstract MetricsDescriptor MetricsDescriptor { get; }

    /// <summary>
    /// Writes the objective values (in the order of <see cref="MetricsDescriptor.Objectives"/>) and the constraint
    /// properties' values (in the order of <see cref="MetricsDescriptor.Constraints"/>), as returned: not negated, not
    /// offset by the bounds.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A span's length is not the number of objectives or of constraints (<see cref="MetricsDescriptor.Objectives"/>,
    /// <see cref="MetricsDescriptor.Constraints"/>): the generated code checks, so values never land in another metric's slot.
    /// </exception>
    void WriteValues(Span<double> objectives, Span<double> constraints);

    /// <summary>
    /// Builds the metrics from stored values, the inverse of <see cref="WriteValues"/>. A property that is both an
    /// objective and a constraint is read from its objective value; properties that are neither keep their defaults.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not the number of objectives or of constraints.</exception>
    static abstract TSelf FromValues(ReadOnlySpan<double> objectives, ReadOnlySpan<double> constraints);
}
