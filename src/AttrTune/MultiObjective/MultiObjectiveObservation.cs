using System;
using System.Collections.Generic;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// One finished trial as the multi-objective samplers see it: its parameters' internal values by path (as
/// <see cref="FrozenTrial.Parameters"/> holds them; inactive parameters absent), its objective values, all minimised
/// (the caller negates maximised ones), and its constraint values (feasible when every one is ≤ 0; none for an
/// unconstrained study).
/// </summary>
/// <remarks>Immutable and thread-safe; the samplers never modify the arrays.</remarks>
internal sealed class MultiObjectiveObservation
{
    // One reference, so a reader on another thread sees a space with its own values, never a torn pair.
    private CachedValues? _cache;

    /// <summary>Creates an observation.</summary>
    /// <exception cref="ArgumentException">No objective values.</exception>
    public MultiObjectiveObservation(IReadOnlyDictionary<string, double> parameters, double[] objectives, double[]? constraints = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Length == 0)
        {
            throw new ArgumentException("An observation needs at least one objective value.", nameof(objectives));
        }

        Parameters = parameters;
        Objectives = objectives;
        Constraints = constraints ?? Array.Empty<double>();
        Violation = Pareto.TotalViolation(Constraints);
    }

    /// <summary>The internal values of the active parameters, by path.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; }

    /// <summary>The objective values, every one minimised.</summary>
    public double[] Objectives { get; }

    /// <summary>The constraint values (≤ 0: satisfied); empty when the study has none.</summary>
    public double[] Constraints { get; }

    /// <summary>The total violation, <see cref="Pareto.TotalViolation"/> of <see cref="Constraints"/>: 0 when feasible.</summary>
    public double Violation { get; }

    /// <summary>Whether every constraint is satisfied.</summary>
    public bool IsFeasible => Violation <= 0;

    /// <summary>Whether every objective is a finite number; the samplers leave other observations out.</summary>
    public bool HasFiniteObjectives
    {
        get
        {
            foreach (double value in Objectives)
            {
                if (!double.IsFinite(value))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// The internal values in the order of <paramref name="space"/>'s parameters, NaN where a parameter is absent.
    /// Cached for the last space asked: the samplers read every observation on every proposal.
    /// </summary>
    public double[] ValuesIn(SearchSpaceDescriptor space)
    {
        CachedValues? cache = _cache;
        if (cache is null || !ReferenceEquals(cache.Space, space))
        {
            var values = new double[space.Count];
            Array.Fill(values, double.NaN);
            foreach (KeyValuePair<string, double> parameter in Parameters)
            {
                if (space.TryGetIndex(parameter.Key, out int index))
                {
                    values[index] = parameter.Value;
                }
            }

            cache = new CachedValues(space, values);
            _cache = cache;
        }

        return cache.Values;
    }

    private sealed record CachedValues(SearchSpaceDescriptor Space, double[] Values);
}
