using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttrTune.Export;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Output;

/// <summary>
/// Trials as CSV or JSON. A study whose space is known is written by the library's own export
/// (<see cref="StudyExport"/>), so the tool's files are the files a program's <c>ExportCsv</c>/<c>ExportJson</c>
/// writes. A study stored without its space gets the same layout with the stored values (a choice as its index),
/// because that is all the file holds.
/// </summary>
internal static class TrialsFile
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteCsv(StudyRecord study, SearchSpaceDescriptor? space, IReadOnlyList<FrozenTrial> trials, TextWriter writer)
    {
        if (space is not null)
        {
            StudyExport.WriteCsv(space, study, trials, writer);
            return;
        }

        IReadOnlyList<string> names = ParameterValues.Names(null, trials);
        string[] attributeKeys = trials.SelectMany(t => t.UserAttributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var header = new List<string> { "number", "state", "value", "started", "completed", "duration_seconds" };
        header.AddRange(names);
        header.AddRange(attributeKeys.Select(k => "attr:" + k));
        header.Add("intermediate_values");
        header.Add("fail_reason");
        WriteRecord(writer, header);
        foreach (FrozenTrial trial in trials)
        {
            var cells = new List<string>
            {
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.State.ToString(),
                ValueText.Exact(trial.Value),
                trial.Started?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                trial.Completed?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                ValueText.Exact(trial.Duration?.TotalSeconds),
            };
            cells.AddRange(names.Select(n => trial.Parameters.TryGetValue(n, out double v) ? ValueText.Exact(v) : string.Empty));
            cells.AddRange(attributeKeys.Select(k => trial.UserAttributes.GetValueOrDefault(k, string.Empty)));
            cells.Add(trial.IntermediateValues.Count == 0 ? string.Empty : Intermediate(trial).ToJsonString());
            cells.Add(trial.FailReason ?? string.Empty);
            WriteRecord(writer, cells);
        }
    }

    public static void WriteJson(StudyRecord study, SearchSpaceDescriptor? space, IReadOnlyList<FrozenTrial> trials, Stream stream)
    {
        if (space is not null)
        {
            StudyExport.WriteJson(space, study, trials, stream);
            return;
        }

        IReadOnlyList<string> names = ParameterValues.Names(null, trials);
        var document = new JsonObject
        {
            ["study"] = study.Name,
            ["direction"] = study.Direction.ToString(),
            ["configType"] = study.ConfigType,
            ["spaceFingerprint"] = study.SpaceFingerprint,
            ["parameters"] = new JsonArray(names.Select(n => (JsonNode?)new JsonObject { ["name"] = n }).ToArray()),
            ["trials"] = new JsonArray(trials.Select(t => (JsonNode?)Trial(t, names)).ToArray()),
        };
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = Indented.Encoder });
        document.WriteTo(writer, Indented);
    }

    private static JsonObject Trial(FrozenTrial trial, IReadOnlyList<string> names)
    {
        var parameters = new JsonObject();
        foreach ((string name, object? value) in ParameterValues.Of(null, names, trial))
        {
            parameters[name] = ValueText.Json(value);
        }

        return new JsonObject
        {
            ["number"] = trial.Number,
            ["state"] = trial.State.ToString(),
            ["value"] = ValueText.Json(trial.Value),
            ["started"] = trial.Started?.ToString("O", CultureInfo.InvariantCulture),
            ["completed"] = trial.Completed?.ToString("O", CultureInfo.InvariantCulture),
            ["durationSeconds"] = ValueText.Json(trial.Duration?.TotalSeconds),
            ["worker"] = trial.Worker,
            ["params"] = parameters,
            ["internalParams"] = parameters.DeepClone(),
            ["intermediateValues"] = Intermediate(trial),
            ["userAttributes"] = new JsonObject(trial.UserAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => KeyValuePair.Create(a.Key, (JsonNode?)a.Value))),
            ["failReason"] = trial.FailReason,
        };
    }

    private static JsonObject Intermediate(FrozenTrial trial) =>
        new(trial.IntermediateValues.Select(v => KeyValuePair.Create(v.Key.ToString(CultureInfo.InvariantCulture), ValueText.Json(v.Value))));

    // RFC 4180, as the library's export writes it: CRLF after every record, a field quoted only when it must be.
    private static void WriteRecord(TextWriter writer, IReadOnlyList<string> fields)
    {
        var line = new StringBuilder();
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            string field = fields[i];
            line.Append(field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        }

        writer.Write(line.Append("\r\n").ToString());
    }
}
