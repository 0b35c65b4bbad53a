using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using AttrTune.Distributions;
using AttrTune.Storage;

namespace AttrTune.SearchSpaces;

/// <summary>
/// Trials of a study's earlier spaces seen in its current one: a parameter the current space does not have is dropped,
/// a choice is matched by its value (so a choice added before another does not shift the index), and a value the
/// current space does not allow makes the trial not fit. A parameter the current space added is missing: samplers see
/// it as they see an inactive one, and the typed config takes its default.
/// </summary>
/// <remarks>Thread-safe. A trial's parameters never change after creation, so each trial is projected once.</remarks>
internal sealed class SpaceProjection
{
    private readonly SearchSpaceDescriptor _current;
    private readonly Dictionary<int, SearchSpaceDescriptor?> _earlier = new();
    private readonly ConcurrentDictionary<long, Fit> _fits = new();

    public SpaceProjection(SearchSpaceDescriptor current, int currentVersion, IReadOnlyList<StudySpace> history)
    {
        _current = current;
        CurrentVersion = currentVersion;
        foreach (StudySpace space in history)
        {
            SearchSpaceDescriptor? descriptor = null;
            if (space.SpaceJson is not null)
            {
                try
                {
                    descriptor = SearchSpaceDescriptor.FromJson(space.SpaceJson);
                }
                catch (FormatException)
                {
                    // An unreadable earlier space only costs its choices: numbers still fit by value.
                }
            }

            _earlier[space.Version] = descriptor;
        }
    }

    public int CurrentVersion { get; }

    /// <summary>The trial with its parameters in the current space, or null when a value does not fit it.</summary>
    public FrozenTrial? Project(FrozenTrial trial) =>
        trial.SpaceVersion == CurrentVersion ? trial
        : FitOf(trial) is { Parameters: { } parameters } ? trial with { Parameters = parameters }
        : null;

    /// <summary>
    /// The trial's internal values in the current space's order, with defaults for parameters the trial's space did not
    /// have and NaN where a condition makes a parameter inactive.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value of the trial does not fit the current space; the message names it.</exception>
    public double[] ValuesOf(FrozenTrial trial, ReadOnlySpan<double> defaults)
    {
        Fit fit = trial.SpaceVersion == CurrentVersion ? new Fit(trial.Parameters, null) : FitOf(trial);
        if (fit.Parameters is not { } parameters)
        {
            throw new InvalidOperationException(
                $"Trial {trial.Number.ToString(CultureInfo.InvariantCulture)} was evaluated in version {trial.SpaceVersion.ToString(CultureInfo.InvariantCulture)} of the study's space, and {fit.Reason} in the current space (version {CurrentVersion.ToString(CultureInfo.InvariantCulture)}), so it has no configuration of the current type.");
        }

        var values = new double[_current.Count];
        for (int i = 0; i < values.Length; i++)
        {
            // Parents precede their children, so activity is known from the values already set.
            if (!_current.IsActive(i, values))
            {
                values[i] = double.NaN;
                continue;
            }

            ParameterDescriptor parameter = _current.Parameters[i];
            values[i] = parameters.TryGetValue(parameter.Name, out double value) ? value
                : !double.IsNaN(defaults[i]) ? defaults[i]
                : parameter.Distribution.FromUnit(0.5);
        }

        return values;
    }

    /// <summary>
    /// The trial with the parameters of it that fit the current space (for exports: a value that no longer fits is left
    /// out, not the whole trial, and the trial's space version says where it came from).
    /// </summary>
    public FrozenTrial ProjectFitting(FrozenTrial trial) =>
        trial.SpaceVersion == CurrentVersion ? trial : trial with { Parameters = Compute(trial, lenient: true).Parameters! };

    private Fit FitOf(FrozenTrial trial) => _fits.GetOrAdd(trial.Id, static (_, state) => state.Projection.Compute(state.Trial, lenient: false), (Projection: this, Trial: trial));

    private Fit Compute(FrozenTrial trial, bool lenient)
    {
        SearchSpaceDescriptor? earlier = _earlier.GetValueOrDefault(trial.SpaceVersion);
        var parameters = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach ((string name, double value) in trial.Parameters)
        {
            if (!_current.TryGetIndex(name, out int index))
            {
                continue;
            }

            Distribution now = _current.Parameters[index].Distribution;
            double mapped = value;
            if (now is CategoricalDistribution choices)
            {
                // A choice is its value, not its position: find the earlier space's choice among the current ones.
                if (earlier is null || !earlier.TryGetIndex(name, out int before) || earlier.Parameters[before].Distribution is not CategoricalDistribution old)
                {
                    if (lenient)
                    {
                        continue;
                    }

                    return new Fit(null, $"the choice of {name} cannot be matched (its earlier space is not stored with its choices)");
                }

                string label = old.FormatChoice((int)value);
                mapped = -1;
                for (int c = 0; c < choices.Count; c++)
                {
                    if (choices.FormatChoice(c) == label)
                    {
                        mapped = c;
                        break;
                    }
                }

                if (mapped < 0)
                {
                    if (lenient)
                    {
                        continue;
                    }

                    return new Fit(null, $"{name} = {label} is no longer a choice");
                }
            }
            else if (earlier is not null && earlier.TryGetIndex(name, out int before) && earlier.Parameters[before].Distribution is CategoricalDistribution)
            {
                if (lenient)
                {
                    continue;
                }

                return new Fit(null, $"{name} was a choice and is now a range");
            }

            if (now.Explain(mapped) is { } problem)
            {
                if (lenient)
                {
                    continue;
                }

                return new Fit(null, $"{name} = {value.ToString("R", CultureInfo.InvariantCulture)} does not fit ({problem})");
            }

            parameters[name] = mapped;
        }

        return new Fit(parameters.ToImmutable(), null);
    }

    private sealed record Fit(ImmutableDictionary<string, double>? Parameters, string? Reason);
}
