using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace AttrTune.Storage;

/// <summary>
/// Checks every backend makes before writing, so bad input never changes stored data and every backend refuses the
/// same input with the same error.
/// </summary>
internal static class StorageChecks
{
    private static readonly Dictionary<string, string> EmptyTexts = new();

    public static void StudyName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A study needs a non-empty name.", nameof(name));
        }

        Text(name, "study name", nameof(name));
    }

    public static void Study(string name, string spaceFingerprint, string spaceDescription, string? spaceJson, string? metricsJson)
    {
        StudyName(name);
        ArgumentNullException.ThrowIfNull(spaceFingerprint);
        ArgumentNullException.ThrowIfNull(spaceDescription);
        Text(spaceFingerprint, "space fingerprint", nameof(spaceFingerprint));
        Text(spaceDescription, "space description", nameof(spaceDescription));
        Text(spaceJson, "space JSON", nameof(spaceJson));
        if (metricsJson is not null)
        {
            ParseMetrics(metricsJson);
        }
    }

    public static void Space(string spaceFingerprint, string spaceDescription, string? spaceJson)
    {
        ArgumentException.ThrowIfNullOrEmpty(spaceFingerprint);
        ArgumentException.ThrowIfNullOrEmpty(spaceDescription);
        Text(spaceFingerprint, "space fingerprint", nameof(spaceFingerprint));
        Text(spaceDescription, "space description", nameof(spaceDescription));
        Text(spaceJson, "space JSON", nameof(spaceJson));
    }

    /// <summary>
    /// Refuses text that cannot be stored exactly. Any string of valid UTF-16 is kept as given, NUL characters
    /// included; a lone surrogate (half of a pair, or a pair in the wrong order) is not text: UTF-8 cannot encode it,
    /// so a backend storing UTF-8 would return U+FFFD in its place. Every backend refuses it here instead.
    /// </summary>
    /// <param name="text">The text; null passes (nullness is checked where it matters).</param>
    /// <param name="field">What the text is, for the message ("study name", "value of attribute").</param>
    /// <param name="parameterName">The argument that carried it.</param>
    /// <param name="owner">Whose text it is, quoted after <paramref name="field"/> ("value of attribute 'fold'"): passed
    /// apart so the message is only built when it is needed, since every stored trial passes through here.</param>
    public static void Text(string? text, string field, string parameterName, string? owner = null)
    {
        if (text is null)
        {
            return;
        }

        ReadOnlySpan<char> rest = text;
        int offset = 0;
        while (true)
        {
            int found = rest.IndexOfAnyInRange('\uD800', '\uDFFF');
            if (found < 0)
            {
                return;
            }

            int at = offset + found;
            if (char.IsHighSurrogate(text[at]) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]))
            {
                offset = at + 2;
                rest = text.AsSpan(offset);
                continue;
            }

            string half = char.IsHighSurrogate(text[at]) ? "high surrogate without a low one after it" : "low surrogate without a high one before it";
            throw new ArgumentException(
                $"The {field}{(owner is null ? "" : $" '{owner}'")} has a lone UTF-16 surrogate, U+{(int)text[at]:X4} at position {at} (a {half}): it is not Unicode text, and stored text is UTF-8, which cannot hold it. Remove it or complete the pair.",
                parameterName);
        }
    }

    public static void Worker(string? worker, string parameterName) => Text(worker, "worker", parameterName);

    public static void Attribute(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Text(key, "attribute key", nameof(key));
        Text(value, "value of attribute", nameof(value), key);
    }

    public static void FailReason(string? failReason) => Text(failReason, "fail reason", nameof(failReason));

    // A trial copied from another storage keeps every field, so it must already keep every rule a stored trial keeps.
    public static void Imported(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.State == TrialState.Complete && !(trial.Value is { } finished && double.IsFinite(finished)))
        {
            throw new ArgumentException($"Trial {trial.Number} cannot be imported: it is complete and its value is {(trial.Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "missing")}; a complete trial has a finite value.", nameof(trial));
        }

        foreach ((string name, double parameter) in trial.Parameters)
        {
            Text(name, "parameter name", nameof(trial));
            if (double.IsNaN(parameter))
            {
                throw new ArgumentException($"Trial {trial.Number} cannot be imported: parameter '{name}' is NaN.", nameof(trial));
            }
        }

        foreach ((long step, double report) in trial.IntermediateValues)
        {
            IntermediateValue(step, report);
        }

        foreach ((string key, string attribute) in trial.UserAttributes)
        {
            Attribute(key, attribute);
        }

        Metrics(trial.State, trial.Value, trial.Values, trial.ConstraintValues, nameof(trial), trial.Number);
        Text(trial.ClaimKey, "claim key", nameof(trial));
        Text(trial.Worker, "worker", nameof(trial));
        FailReason(trial.FailReason);
        Failure(trial.Failure);
    }

    public static void Failure(TrialFailure? failure)
    {
        if (failure is null)
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(failure.ExceptionType, "failure.ExceptionType");
        ArgumentNullException.ThrowIfNull(failure.Message, "failure.Message");
        ArgumentNullException.ThrowIfNull(failure.StackTrace, "failure.StackTrace");
        Text(failure.ExceptionType, "exception type", nameof(failure));
        Text(failure.Message, "exception message", nameof(failure));
        Text(failure.StackTrace, "stack trace", nameof(failure));
    }

    public static void Compatible(StudyRecord existing, StudyDirection direction, string fingerprint, string description, string? metricsJson)
    {
        if (existing.MetricsJson != metricsJson)
        {
            CompatibleMetrics(existing, metricsJson);
        }

        if (existing.Direction != direction)
        {
            throw new IncompatibleStudyException(existing.Name, $"Study '{existing.Name}' exists with direction {existing.Direction}; it cannot be resumed to {direction}.");
        }

        // The config type's name is informative only: the fingerprint covers every parameter's path, distribution
        // and condition, so a renamed or moved class with the same space produces trials the stored ones mix with.
        if (existing.SpaceFingerprint != fingerprint)
        {
            string configType = description.Split(' ', 2)[0];
            string types = existing.ConfigType == configType ? string.Empty : $" (created for the config type {existing.ConfigType}, now {configType})";
            throw new IncompatibleStudyException(
                existing.Name,
                $"Study '{existing.Name}' was created with another search space{types} (fingerprint {existing.SpaceFingerprint}, now {fingerprint}); resuming would mix incompatible trials. Use a new study name, or resume it with StudyOptions.AcceptChangedSpace = true: the trials that fit the new space feed the sampler, and the study keeps both spaces.\nStored space:\n{existing.SpaceDescription}\nCurrent space:\n{description}");
        }
    }

    // The stored and the requested metrics are compared as metrics, not as text: another release may write the same
    // metrics with other JSON, and the metrics type's name is informative only (renaming it keeps the study).
    private static void CompatibleMetrics(StudyRecord existing, string? metricsJson)
    {
        MultiObjective.MetricsDescriptor? stored = existing.Metrics;
        MultiObjective.MetricsDescriptor? requested = metricsJson is null ? null : ParseMetrics(metricsJson);
        if (stored is null && requested is null || stored is not null && requested is not null && stored.IsCompatibleWith(requested))
        {
            return;
        }

        string Describe(MultiObjective.MetricsDescriptor? metrics) => metrics is null ? "one value per trial (a double objective)" : metrics.ToString();
        throw new IncompatibleStudyException(
            existing.Name,
            $"Study '{existing.Name}' was created with {Describe(stored)}; it cannot be resumed with {Describe(requested)}, because its trials' values would mean something else. Open it with the metrics it was created with, or use a new study name.");
    }

    public static MultiObjective.MetricsDescriptor ParseMetrics(string metricsJson)
    {
        try
        {
            return MultiObjective.MetricsDescriptor.FromJson(metricsJson);
        }
        catch (FormatException bad)
        {
            throw new ArgumentException($"The metrics JSON is not valid: {bad.Message}", nameof(metricsJson), bad);
        }
    }

    public static void NewTrial(NewTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.State is not (TrialState.Running or TrialState.Waiting))
        {
            throw new ArgumentException($"A new trial is Running or Waiting, not {trial.State}; finish it with FinishTrial.", nameof(trial));
        }

        foreach ((string name, double value) in trial.Parameters)
        {
            Text(name, "parameter name", nameof(trial));
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Parameter {name} has the non-finite internal value {value.ToString(CultureInfo.InvariantCulture)}.", nameof(trial));
            }
        }

        Text(trial.ClaimKey, "claim key", nameof(trial));
        Text(trial.Worker, "worker", nameof(trial));
        foreach ((string name, string distribution) in trial.Distributions ?? EmptyTexts)
        {
            Text(name, "parameter name", nameof(trial));
            Text(distribution, "distribution of parameter", nameof(trial), name);
        }

        foreach ((string key, string value) in trial.Attributes ?? EmptyTexts)
        {
            Text(key, "attribute key", nameof(trial));
            Text(value, "value of attribute", nameof(trial), key);
        }
    }

    public static void Finish(TrialState state, double? value, MetricValues? metrics = null)
    {
        if (metrics is not null)
        {
            Metrics(state, value, metrics.Values, metrics.ConstraintValues, "metrics", null);
        }

        if (!state.IsFinished())
        {
            throw new ArgumentException($"A trial finishes as Complete, Pruned or Failed, not {state}.", nameof(state));
        }

        if (state == TrialState.Complete && (value is null || !double.IsFinite(value.Value)))
        {
            throw new ArgumentException($"A complete trial needs a finite value, got {value?.ToString(CultureInfo.InvariantCulture) ?? "none"}.", nameof(value));
        }
    }

    // A trial's several values: the same rules for a finished trial and an imported one.
    private static void Metrics(TrialState state, double? value, ImmutableArray<double> values, ImmutableArray<double> constraints, string parameterName, int? number)
    {
        string trial = number is { } n ? $"Trial {n.ToString(CultureInfo.InvariantCulture)}" : "A trial";
        if (values.IsDefaultOrEmpty)
        {
            if (!constraints.IsDefaultOrEmpty)
            {
                throw new ArgumentException($"{trial} has constraint values but no objective values; constraints belong to a study with a metrics type, whose trials store every objective.", parameterName);
            }

            return;
        }

        if (state != TrialState.Complete)
        {
            throw new ArgumentException($"{trial} is {state}, but only a complete trial stores objective values.", parameterName);
        }

        CheckFinite(values, "objective", trial, parameterName);
        CheckFinite(constraints.IsDefault ? ImmutableArray<double>.Empty : constraints, "constraint", trial, parameterName);
        if (value is not { } first || !first.Equals(values[0]))
        {
            throw new ArgumentException(
                $"{trial}'s value ({value?.ToString("R", CultureInfo.InvariantCulture) ?? "none"}) must be its first objective's value ({values[0].ToString("R", CultureInfo.InvariantCulture)}), so that tools reading one value read a meaningful one.",
                parameterName);
        }
    }

    private static void CheckFinite(ImmutableArray<double> values, string what, string trial, string parameterName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{trial}'s {what} value {i.ToString(CultureInfo.InvariantCulture)} is {values[i].ToString(CultureInfo.InvariantCulture)}; stored {what} values are finite numbers.", parameterName);
            }
        }
    }

    public static void IntermediateValue(long step, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The intermediate value at step {step} is {value.ToString(CultureInfo.InvariantCulture)}; it must be a finite number.", nameof(value));
        }
    }

    public static void Running(FrozenTrial trial, string action)
    {
        if (trial.State != TrialState.Running)
        {
            throw new TrialStateException(trial.Number, trial.State, $"Cannot {action} trial {trial.Number}: it is {trial.State}, and only running trials can change.");
        }
    }

    public static void NotFinished(FrozenTrial trial, string action)
    {
        if (trial.State.IsFinished())
        {
            throw new TrialStateException(trial.Number, trial.State, $"Cannot {action} trial {trial.Number}: it is {trial.State}, and finished trials are immutable.");
        }
    }
}
