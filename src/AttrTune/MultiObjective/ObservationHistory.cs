using System;
using System.Collections.Generic;
using AttrTune.Samplers;

namespace AttrTune.MultiObjective;

/// <summary>
/// The study's complete trials as the multi-objective cores read them: objectives turned to minimisation, constraints
/// turned to the ≤ 0 convention. A complete trial never changes, so each is converted once.
/// </summary>
internal sealed class ObservationHistory
{
    private readonly Dictionary<long, MultiObjectiveObservation?> _converted = new();

    public List<MultiObjectiveObservation> Read(SamplerContext context)
    {
        var observations = new List<MultiObjectiveObservation>();
        foreach (FrozenTrial trial in context.Trials)
        {
            if (trial.State != TrialState.Complete)
            {
                continue;
            }

            if (!_converted.TryGetValue(trial.Id, out MultiObjectiveObservation? observation))
            {
                observation = Convert(context, trial);
                _converted.Add(trial.Id, observation);
            }

            if (observation is not null)
            {
                observations.Add(observation);
            }
        }

        return observations;
    }

    // A study without a metrics type is the one-objective case; a trial whose values do not match the metrics (copied
    // from another study by hand) is left out rather than guessed at.
    private static MultiObjectiveObservation? Convert(SamplerContext context, FrozenTrial trial)
    {
        if (context.Metrics is not { } metrics)
        {
            return trial.Value is { } value
                ? new MultiObjectiveObservation(trial.Parameters, [context.Direction == StudyDirection.Maximize ? -value : value])
                : null;
        }

        if (trial.Values.Length != metrics.Objectives.Count || trial.ConstraintValues.Length != metrics.Constraints.Count)
        {
            return null;
        }

        double[] constraints = metrics.Constraints.Count == 0 ? Array.Empty<double>() : metrics.ConstraintFunctions(trial.ConstraintValues.AsSpan());
        return new MultiObjectiveObservation(trial.Parameters, metrics.ToMinimized(trial.Values.AsSpan()), constraints);
    }
}
