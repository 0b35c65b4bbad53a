using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Tests.Analysis;

/// <summary>Hand-built trials for the analysis tests.</summary>
internal static class AnalysisTrials
{
    public static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FrozenTrial Trial(
        int number,
        TrialState state,
        double? value,
        IReadOnlyDictionary<string, double>? parameters = null,
        double? startSeconds = null,
        double? endSeconds = null,
        IReadOnlyDictionary<long, double>? intermediate = null) => new()
        {
            Id = 1000 + number,
            Number = number,
            State = state,
            Value = value,
            Parameters = (parameters ?? new Dictionary<string, double>()).ToImmutableDictionary(StringComparer.Ordinal),
            Started = startSeconds is { } s ? Origin.AddSeconds(s) : null,
            Completed = endSeconds is { } e ? Origin.AddSeconds(e) : null,
            IntermediateValues = (intermediate ?? new Dictionary<long, double>()).ToImmutableSortedDictionary(),
        };

    /// <summary>
    /// <paramref name="count"/> complete trials drawn uniformly from the space's prior (conditions applied), valued by
    /// <paramref name="objective"/> on the internal values (NaN for inactive parameters).
    /// </summary>
    public static List<FrozenTrial> Random(SearchSpaceDescriptor space, int count, ulong seed, Func<double[], RandomSource, double> objective)
    {
        var random = new RandomSource(seed);
        var trials = new List<FrozenTrial>(count);
        var values = new double[space.Count];
        for (int n = 0; n < count; n++)
        {
            space.SampleValues(random, values);
            var parameters = new Dictionary<string, double>();
            for (int i = 0; i < values.Length; i++)
            {
                if (!double.IsNaN(values[i]))
                {
                    parameters[space.Parameters[i].Name] = values[i];
                }
            }

            trials.Add(Trial(n, TrialState.Complete, objective(values, random), parameters));
        }

        return trials;
    }

    public static Dictionary<string, double> Params(params (string Name, double Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
