using System;
using System.Collections.Generic;
using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// The observations a core works from on one proposal: those with finite objectives, in order, their internal values in
/// the space's order, and the points already evaluated (so a proposal can avoid repeating one).
/// </summary>
internal sealed class ObservationSet
{
    // Fresh draws before a repeated proposal is accepted as it is (a space smaller than the study).
    private const int RepeatRedraws = 32;

    private HashSet<ParameterSet>? _evaluated;

    public ObservationSet(SearchSpaceDescriptor space, IReadOnlyList<MultiObjectiveObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(observations);
        Space = space;
        foreach (MultiObjectiveObservation observation in observations)
        {
            if (ObjectiveCount == 0)
            {
                ObjectiveCount = observation.Objectives.Length;
            }
            else if (observation.Objectives.Length != ObjectiveCount)
            {
                throw new ArgumentException($"Observations have {ObjectiveCount} and {observation.Objectives.Length} objective values; a study has one count.", nameof(observations));
            }

            Constrained |= observation.Constraints.Length > 0;
            if (observation.HasFiniteObjectives)
            {
                Valid.Add(observation);
                Values.Add(observation.ValuesIn(space));
            }
        }

        All = observations;
    }

    public SearchSpaceDescriptor Space { get; }

    /// <summary>Every observation given, finite or not (all were evaluated, so all count as repeats).</summary>
    public IReadOnlyList<MultiObjectiveObservation> All { get; }

    /// <summary>The observations with finite objectives, in the order given.</summary>
    public List<MultiObjectiveObservation> Valid { get; } = new();

    /// <summary>Internal values of <see cref="Valid"/>, in the space's order.</summary>
    public List<double[]> Values { get; } = new();

    /// <summary>The number of objectives (0 when there are no observations).</summary>
    public int ObjectiveCount { get; }

    /// <summary>Whether any observation carries constraint values.</summary>
    public bool Constrained { get; }

    /// <summary>
    /// <paramref name="propose"/>'s point, drawn again (up to a bound) while it repeats an evaluated point, then a random
    /// draw that does not repeat one; a space whose every point was tried gets the last proposal. A continuous parameter
    /// that is always active makes repeats impossible, and the check is skipped.
    /// </summary>
    public ParameterSet Distinct(Func<double[]> propose, RandomSource random)
    {
        double[] values = propose();
        if (!EvaluatedConfigurations.DrawsCanRepeat(Space))
        {
            return ParameterSet.Create(Space, values);
        }

        if (_evaluated is null)
        {
            _evaluated = new HashSet<ParameterSet>();
            foreach (MultiObjectiveObservation observation in All)
            {
                _evaluated.Add(ParameterSet.CreateUnchecked(Space, observation.ValuesIn(Space)));
            }
        }

        ParameterSet candidate = ParameterSet.Create(Space, values);
        for (int attempt = 0; attempt < RepeatRedraws && _evaluated.Contains(candidate); attempt++)
        {
            candidate = ParameterSet.Create(Space, attempt < RepeatRedraws / 2 ? propose() : RandomValues(random));
        }

        return candidate;
    }

    public double[] RandomValues(RandomSource random)
    {
        var values = new double[Space.Count];
        Space.SampleValues(random, values);
        return values;
    }
}
