using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using AttrTune.Distributions;
using AttrTune.MultiObjective;
using AttrTune.SearchSpaces;

namespace AttrTune.Reporting;

/// <summary>
/// The trial table as JSON, the same for a report (every row, filtered in the page) and the dashboard (one page of
/// rows per request, filtered on the server): a row is <c>[number, state, value, seconds, started, worker,
/// metrics..., parameters...]</c>, a parameter as the configuration saw it (a choice's label, a number) or null where
/// inactive. The metrics are those of a study with a metrics type (<see cref="MetricColumns"/>), none otherwise.
/// </summary>
public static class TrialTable
{
    /// <summary>The fixed columns before the parameters.</summary>
    public static ImmutableArray<string> FixedColumns { get; } = ["number", "state", "value", "duration", "started", "worker"];

    /// <summary>
    /// Writes <c>"columns": [...]</c>: each column's <c>name</c> and <c>kind</c> (<c>number</c>, <c>text</c>,
    /// <c>state</c>, or <c>choice</c> with its <c>choices</c>), so a page can offer the right filter.
    /// </summary>
    public static void WriteColumns(Utf8JsonWriter json, SearchSpaceDescriptor space, MetricsDescriptor? metrics = null)
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

        foreach (string name in MetricColumns(metrics))
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("kind", name == FeasibleColumn ? "text" : "number");
            json.WriteBoolean("parameter", false);
            json.WriteBoolean("metric", true);
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

    /// <summary>The column of whether a trial keeps every constraint: <c>yes</c>, <c>no</c>, or empty without values.</summary>
    public const string FeasibleColumn = "feasible";

    /// <summary>
    /// The metrics' columns, named as the CSV export names them: <c>objective:&lt;name&gt;</c> per objective,
    /// <c>constraint:&lt;name&gt;</c> per constraint, and <see cref="FeasibleColumn"/> when there are constraints;
    /// empty for null (a study with one value per trial).
    /// </summary>
    public static ImmutableArray<string> MetricColumns(MetricsDescriptor? metrics)
    {
        if (metrics is null)
        {
            return [];
        }

        var names = ImmutableArray.CreateBuilder<string>();
        foreach (MetricDescriptor objective in metrics.Objectives)
        {
            names.Add("objective:" + objective.Name);
        }

        foreach (MetricDescriptor constraint in metrics.Constraints)
        {
            names.Add("constraint:" + constraint.Name);
        }

        if (metrics.Constraints.Count > 0)
        {
            names.Add(FeasibleColumn);
        }

        return names.ToImmutable();
    }

    /// <summary>
    /// A trial's cell in a metric column (<see cref="MetricColumns"/>) as a number, for sorting and filtering: the
    /// stored value, 1 or 0 for <see cref="FeasibleColumn"/>; null when the trial has no values or the column is not a
    /// metric's.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static double? MetricValue(MetricsDescriptor metrics, FrozenTrial trial, string column)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(column);
        if (column == FeasibleColumn)
        {
            return metrics.Constraints.Count == 0 ? null : ParetoTrials.IsFeasible(metrics, trial) is { } feasible ? (feasible ? 1 : 0) : null;
        }

        for (int i = 0; i < metrics.Objectives.Count; i++)
        {
            if (column == "objective:" + metrics.Objectives[i].Name)
            {
                return trial.Values.Length == metrics.Objectives.Count ? trial.Values[i] : null;
            }
        }

        for (int i = 0; i < metrics.Constraints.Count; i++)
        {
            if (column == "constraint:" + metrics.Constraints[i].Name)
            {
                return trial.ConstraintValues.Length == metrics.Constraints.Count ? trial.ConstraintValues[i] : null;
            }
        }

        return null;
    }

    /// <summary>Writes one trial as a row (a JSON array), with its metrics' cells when <paramref name="metrics"/> is given.</summary>
    public static void WriteRow(Utf8JsonWriter json, SearchSpaceDescriptor space, FrozenTrial trial, MetricsDescriptor? metrics = null)
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
        foreach (string column in MetricColumns(metrics))
        {
            double? cell = MetricValue(metrics!, trial, column);
            if (column == FeasibleColumn)
            {
                json.WriteStringValue(cell is { } feasible ? (feasible > 0 ? "yes" : "no") : null);
            }
            else
            {
                WriteNumber(json, cell);
            }
        }

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
