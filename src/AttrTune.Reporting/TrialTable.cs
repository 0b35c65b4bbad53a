using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;

namespace AttrTune.Reporting;

/// <summary>
/// The trial table as JSON, the same for a report (every row, filtered in the page) and the dashboard (one page of
/// rows per request, filtered on the server): a row is <c>[number, state, value, seconds, started, worker,
/// parameters...]</c>, a parameter as the configuration saw it (a choice's label, a number) or null where inactive.
/// </summary>
public static class TrialTable
{
    /// <summary>The fixed columns before the parameters.</summary>
    public static ImmutableArray<string> FixedColumns { get; } = ["number", "state", "value", "duration", "started", "worker"];

    /// <summary>
    /// Writes <c>"columns": [...]</c>: each column's <c>name</c> and <c>kind</c> (<c>number</c>, <c>text</c>,
    /// <c>state</c>, or <c>choice</c> with its <c>choices</c>), so a page can offer the right filter.
    /// </summary>
    public static void WriteColumns(Utf8JsonWriter json, SearchSpaceDescriptor space)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(space);
        json.WriteStartArray("columns");
        foreach (string name in FixedColumns)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("kind", name is "state" ? "state" : name is "started" or "worker" ? "text" : "number");
            json.WriteBoolean("parameter", false);
            json.WriteEndObject();
        }

        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            json.WriteStartObject();
            json.WriteString("name", parameter.Name);
            json.WriteBoolean("parameter", true);
            if (parameter.Distribution is CategoricalDistribution categorical)
            {
                json.WriteString("kind", "choice");
                json.WriteStartArray("choices");
                for (int k = 0; k < categorical.Count; k++)
                {
                    json.WriteStringValue(ChoiceText(categorical, k));
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteString("kind", "number");
                json.WriteBoolean("log", parameter.Distribution is FloatDistribution { IsLog: true } or IntDistribution { IsLog: true });
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Writes one trial as a row (a JSON array).</summary>
    public static void WriteRow(Utf8JsonWriter json, SearchSpaceDescriptor space, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        json.WriteStartArray();
        json.WriteNumberValue(trial.Number);
        json.WriteStringValue(Plots.StudyFigures.StateName(trial.State));
        WriteNumber(json, trial.Value);
        WriteNumber(json, trial.Duration?.TotalSeconds);
        if (trial.Started is { } started)
        {
            json.WriteStringValue(started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteStringValue(trial.Worker);
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            if (!trial.Parameters.TryGetValue(parameter.Name, out double stored))
            {
                json.WriteNullValue();
            }
            else if (parameter.Distribution is CategoricalDistribution categorical && categorical.Contains(stored))
            {
                json.WriteStringValue(ChoiceText(categorical, (int)stored));
            }
            else
            {
                WriteNumber(json, stored);
            }
        }

        json.WriteEndArray();
    }

    /// <summary>A choice as the table shows it and its filter matches it: the value as the configuration holds it (a string unquoted).</summary>
    public static string ChoiceText(CategoricalDistribution choices, int index)
    {
        ArgumentNullException.ThrowIfNull(choices);
        return ParameterText.Format(choices.GetChoice(index));
    }

    // Full precision: the table shows what storage holds. JSON has no NaN or infinity, so those are their text.
    private static void WriteNumber(Utf8JsonWriter json, double? value)
    {
        if (value is not { } v)
        {
            json.WriteNullValue();
        }
        else if (double.IsFinite(v))
        {
            json.WriteNumberValue(v);
        }
        else
        {
            json.WriteStringValue(v.ToString(CultureInfo.InvariantCulture));
        }
    }
}
