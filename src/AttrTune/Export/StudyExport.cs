using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Export;

/// <summary>
/// Writes a study's trials as CSV or JSON, with every parameter in the form the configuration saw it (the choice
/// itself, not its index) and, in JSON, the stored internal values beside it.
/// </summary>
/// <remarks>
/// Both writers check every trial against the space before writing anything, so a failed export leaves nothing
/// half-written. They do not close the writer or stream.
/// </remarks>
public static class StudyExport
{
    // Exports are files for people and tools, never HTML: keep non-ASCII text readable instead of \uXXXX escapes.
    // JSON's own escaping of quotes, backslashes and control characters still applies.
    internal static readonly StudyExportJsonContext Indented = CreateContext(indented: true);

    internal static readonly StudyExportJsonContext Compact = CreateContext(indented: false);

    /// <summary>
    /// Writes the trials as RFC 4180 CSV (CRLF line ends, fields quoted only when they hold a comma, quote, CR or LF).
    /// Columns: <c>number, state, value, started, completed, duration_seconds</c>; one column per parameter path,
    /// holding the value as the configuration saw it (culture-invariant; strings as they are, booleans as
    /// <c>true</c>/<c>false</c>, enums by name, numbers in round-trip form); <c>attr:&lt;key&gt;</c> for every user
    /// attribute key of any trial (ordinal order); <c>intermediate_values</c>, a compact JSON object of step to
    /// value; <c>fail_reason</c>. A study whose objective returns a metrics type adds, after <c>value</c>, one
    /// <c>objective:&lt;name&gt;</c> column per objective, one <c>constraint:&lt;name&gt;</c> column per constraint
    /// (the value as returned) and <c>feasible</c> when there are constraints; a study resumed with a changed space adds
    /// <c>space_version</c> after <c>duration_seconds</c> (a trial of an earlier space shows the values that fit the
    /// current one). A cell is empty when the trial has no such value, the parameter is inactive, or
    /// its choice is null (the JSON export tells those two apart).
    /// </summary>
    /// <param name="descriptor">The study's search space.</param>
    /// <param name="study">The study as stored.</param>
    /// <param name="trials">The trials to write, in order.</param>
    /// <param name="writer">Where to write; it is not closed.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The study was stored with another space, a trial is null, or a trial holds a parameter the space does not
    /// have or a value outside its distribution; the message names it.
    /// </exception>
    public static void WriteCsv(SearchSpaceDescriptor descriptor, StudyRecord study, IReadOnlyList<FrozenTrial> trials, TextWriter writer)
    {
        CheckArguments(descriptor, study, trials);
        ArgumentNullException.ThrowIfNull(writer);
        StudyCsv.Write(descriptor, study.Metrics, study.SpaceVersion > 0, trials, Decode(descriptor, trials), writer);
    }

    /// <summary>
    /// Writes the study, its parameters and every trial as indented UTF-8 JSON in the shape of
    /// <see cref="StudyExportDocument"/>: parameters as typed JSON values (<c>params</c>) and as stored internal
    /// values (<c>internalParams</c>), intermediate values, user attributes, timings (ISO 8601) and the failure reason.
    /// </summary>
    /// <param name="descriptor">The study's search space.</param>
    /// <param name="study">The study as stored.</param>
    /// <param name="trials">The trials to write, in order.</param>
    /// <param name="stream">Where to write; it is not closed.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The stream is not writable, the study was stored with another space, a trial is null, or a trial holds a
    /// parameter the space does not have or a value outside its distribution; the message names it.
    /// </exception>
    public static void WriteJson(SearchSpaceDescriptor descriptor, StudyRecord study, IReadOnlyList<FrozenTrial> trials, Stream stream)
    {
        CheckArguments(descriptor, study, trials);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException($"The JSON export of study '{study.Name}' needs a writable stream; this {stream.GetType().Name} cannot be written.", nameof(stream));
        }

        StudyExportDocument document = CreateDocument(descriptor, study, trials);
        JsonSerializer.Serialize(stream, document, Indented.StudyExportDocument);
    }

    /// <summary>The document <see cref="WriteJson"/> serializes.</summary>
    internal static StudyExportDocument CreateDocument(SearchSpaceDescriptor descriptor, StudyRecord study, IReadOnlyList<FrozenTrial> trials)
    {
        CheckArguments(descriptor, study, trials);
        IReadOnlyList<object?[]> typed = Decode(descriptor, trials);
        MultiObjective.MetricsDescriptor? metrics = study.Metrics;
        var exported = new ExportedTrial[trials.Count];
        for (int t = 0; t < trials.Count; t++)
        {
            FrozenTrial trial = trials[t];
            var parameters = new OrderedDictionary<string, JsonNode?>(StringComparer.Ordinal);
            var internalValues = new OrderedDictionary<string, double>(StringComparer.Ordinal);
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                if (trial.Parameters.TryGetValue(parameter.Name, out double internalValue))
                {
                    parameters.Add(parameter.Name, ParameterValues.ToJson(typed[t][parameter.Index]));
                    internalValues.Add(parameter.Name, internalValue);
                }
            }

            exported[t] = new ExportedTrial
            {
                Number = trial.Number,
                State = trial.State,
                Value = trial.Value,
                Values = metrics is null || trial.Values.Length != metrics.Objectives.Count ? null : Named(metrics.Objectives, trial.Values),
                Constraints = metrics is null || metrics.Constraints.Count == 0 || trial.ConstraintValues.Length != metrics.Constraints.Count ? null : Named(metrics.Constraints, trial.ConstraintValues),
                SpaceVersion = study.SpaceVersion > 0 ? trial.SpaceVersion : null,
                Feasible = metrics is null || metrics.Constraints.Count == 0 || trial.ConstraintValues.Length != metrics.Constraints.Count ? null : metrics.Violation(trial.ConstraintValues.AsSpan()) <= 0,
                Started = trial.Started,
                Completed = trial.Completed,
                DurationSeconds = trial.Duration?.TotalSeconds,
                Worker = trial.Worker,
                Params = parameters,
                InternalParams = internalValues,
                IntermediateValues = trial.IntermediateValues,
                UserAttributes = SortedAttributes(trial),
                FailReason = trial.FailReason,
            };
        }

        return new StudyExportDocument
        {
            Study = study.Name,
            Direction = study.Direction,
            ConfigType = descriptor.TypeName,
            SpaceFingerprint = descriptor.Fingerprint,
            Parameters = descriptor.Parameters
                .Select(p => new ExportedParameter
                {
                    Name = p.Name,
                    Distribution = p.Distribution.CanonicalText,
                    Condition = p.Condition is null ? null : descriptor.DescribeCondition(p),
                })
                .ToArray(),
            Metrics = metrics?.Metrics
                .Select(m => new ExportedMetric
                {
                    Name = m.Name,
                    Direction = m.Direction switch { StudyDirection.Minimize => "minimize", StudyDirection.Maximize => "maximize", _ => null },
                    Constraint = m.IsConstraint,
                    Min = m.Min,
                    Max = m.Max,
                })
                .ToArray(),
            Trials = exported,
        };
    }

    private static OrderedDictionary<string, double> Named(IReadOnlyList<MultiObjective.MetricDescriptor> metrics, System.Collections.Immutable.ImmutableArray<double> values)
    {
        var named = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        for (int i = 0; i < metrics.Count; i++)
        {
            named.Add(metrics[i].Name, values[i]);
        }

        return named;
    }

    /// <summary>User attributes in ordinal key order, so that the same trial always exports the same text.</summary>
    internal static IReadOnlyDictionary<string, string> SortedAttributes(FrozenTrial trial) =>
        trial.UserAttributes.ToImmutableSortedDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Each trial's typed parameter values by parameter index (null for inactive parameters and null choices),
    /// decoded up front so that a bad trial stops the export before anything is written.
    /// </summary>
    private static IReadOnlyList<object?[]> Decode(SearchSpaceDescriptor descriptor, IReadOnlyList<FrozenTrial> trials)
    {
        var decoded = new object?[trials.Count][];
        for (int t = 0; t < trials.Count; t++)
        {
            FrozenTrial trial = trials[t] ?? throw new ArgumentException($"trials[{t.ToString(CultureInfo.InvariantCulture)}] is null; every exported trial must be a stored trial.", nameof(trials));
            foreach (string name in trial.Parameters.Keys)
            {
                if (!descriptor.TryGetIndex(name, out _))
                {
                    throw new ArgumentException(
                        $"Trial {trial.Number.ToString(CultureInfo.InvariantCulture)} cannot be exported: it has the parameter '{name}', which {descriptor.TypeName} does not have " +
                        $"(its parameters are: {string.Join(", ", descriptor.Parameters.Select(p => p.Name))}).",
                        nameof(trials));
                }
            }

            var values = new object?[descriptor.Count];
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                if (trial.Parameters.TryGetValue(parameter.Name, out double internalValue))
                {
                    values[parameter.Index] = ParameterValues.Decode(parameter, internalValue, trial.Number);
                }
            }

            decoded[t] = values;
        }

        return decoded;
    }

    private static void CheckArguments(SearchSpaceDescriptor descriptor, StudyRecord study, IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(trials);

        // Decoding a choice index with another space's choices would export plausible but wrong values.
        if (!string.Equals(study.SpaceFingerprint, descriptor.Fingerprint, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Study '{study.Name}' was stored with the search space fingerprint {study.SpaceFingerprint}, but the descriptor of {descriptor.TypeName} " +
                $"has fingerprint {descriptor.Fingerprint}; export it with the space it was created with.",
                nameof(descriptor));
        }
    }

    private static StudyExportJsonContext CreateContext(bool indented) =>
        new(new JsonSerializerOptions(StudyExportJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
        });
}
