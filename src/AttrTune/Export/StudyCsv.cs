using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using AttrTune.SearchSpaces;

namespace AttrTune.Export;

/// <summary>The CSV layout of <see cref="StudyExport.WriteCsv"/>.</summary>
internal static class StudyCsv
{
    // RFC 4180 ends records with CRLF whatever the platform's newline is.
    private const string RecordEnd = "\r\n";

    private static readonly char[] NeedsQuoting = [',', '"', '\r', '\n'];

    public static void Write(SearchSpaceDescriptor descriptor, MultiObjective.MetricsDescriptor? metrics, bool withSpaceVersion, IReadOnlyList<FrozenTrial> trials, IReadOnlyList<object?[]> typedValues, TextWriter writer)
    {
        string[] attributeKeys = trials
            .SelectMany(t => t.UserAttributes.Keys)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

        var header = new List<string> { "number", "state", "value" };
        if (metrics is not null)
        {
            header.AddRange(metrics.Objectives.Select(o => "objective:" + o.Name));
            header.AddRange(metrics.Constraints.Select(c => "constraint:" + c.Name));
            if (metrics.Constraints.Count > 0)
            {
                header.Add("feasible");
            }
        }

        header.AddRange(["started", "completed", "duration_seconds"]);
        if (withSpaceVersion)
        {
            header.Add("space_version");
        }

        header.AddRange(descriptor.Parameters.Select(p => p.Name));
        header.AddRange(attributeKeys.Select(key => "attr:" + key));
        header.Add("intermediate_values");
        header.Add("fail_reason");
        WriteRecord(writer, header);

        var cells = new List<string>(header.Count);
        for (int t = 0; t < trials.Count; t++)
        {
            FrozenTrial trial = trials[t];
            cells.Clear();
            cells.Add(trial.Number.ToString(CultureInfo.InvariantCulture));
            cells.Add(trial.State.ToString());
            cells.Add(trial.Value is { } value ? ParameterValues.ToText(value) : string.Empty);
            if (metrics is not null)
            {
                AddValues(cells, trial.Values, metrics.Objectives.Count);
                AddValues(cells, trial.ConstraintValues, metrics.Constraints.Count);
                if (metrics.Constraints.Count > 0)
                {
                    cells.Add(trial.ConstraintValues.Length == metrics.Constraints.Count ? (metrics.Violation(trial.ConstraintValues.AsSpan()) <= 0 ? "true" : "false") : string.Empty);
                }
            }

            cells.Add(trial.Started?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
            cells.Add(trial.Completed?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty);
            cells.Add(trial.Duration is { } duration ? ParameterValues.ToText(duration.TotalSeconds) : string.Empty);
            if (withSpaceVersion)
            {
                cells.Add(trial.SpaceVersion.ToString(CultureInfo.InvariantCulture));
            }

            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                cells.Add(ParameterValues.ToText(typedValues[t][parameter.Index]));
            }

            foreach (string key in attributeKeys)
            {
                cells.Add(trial.UserAttributes.GetValueOrDefault(key, string.Empty));
            }

            cells.Add(trial.IntermediateValues.Count == 0
                ? string.Empty
                : JsonSerializer.Serialize<IReadOnlyDictionary<long, double>>(trial.IntermediateValues, StudyExport.Compact.IReadOnlyDictionaryInt64Double));
            cells.Add(trial.FailReason ?? string.Empty);
            WriteRecord(writer, cells);
        }
    }

    // A trial without values (not complete) leaves its cells empty.
    private static void AddValues(List<string> cells, System.Collections.Immutable.ImmutableArray<double> values, int count)
    {
        for (int i = 0; i < count; i++)
        {
            cells.Add(values.Length == count ? ParameterValues.ToText(values[i]) : string.Empty);
        }
    }

    private static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            WriteField(writer, fields[i]);
        }

        writer.Write(RecordEnd);
    }

    private static void WriteField(TextWriter writer, string field)
    {
        if (field.AsSpan().IndexOfAny(NeedsQuoting) < 0)
        {
            writer.Write(field);
            return;
        }

        writer.Write('"');
        writer.Write(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
