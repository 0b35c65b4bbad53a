using System;
using System.Collections.Generic;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// Each trial's parameters as an array in descriptor order (NaN where inactive), decoded once per trial. A stored
/// trial's parameters never change, and model samplers read every trial on every proposal: looking each parameter up
/// in the trial's immutable dictionary every time was a third of the TPE's cost at a thousand trials. Keyed by trial
/// id, so one cache serves one study (as a sampler instance does); a new space clears it.
/// </summary>
internal sealed class TrialValueCache
{
    private readonly Dictionary<long, double[]> _values = new();
    private SearchSpaceDescriptor? _space;

    public double[] Of(SearchSpaceDescriptor space, FrozenTrial trial)
    {
        if (!ReferenceEquals(_space, space))
        {
            _space = space;
            _values.Clear();
        }

        if (!_values.TryGetValue(trial.Id, out double[]? values))
        {
            values = new double[space.Count];
            Array.Fill(values, double.NaN);
            foreach (KeyValuePair<string, double> parameter in trial.Parameters)
            {
                if (space.TryGetIndex(parameter.Key, out int index))
                {
                    values[index] = parameter.Value;
                }
            }

            _values[trial.Id] = values;
        }

        return values;
    }
}
