using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.MultiObjective;
using AttrTune.Reporting.Plots;
using AttrTune.SearchSpaces;
using Microsoft.AspNetCore.Http;

namespace AttrTune.Cli.Dashboard;

/// <summary>
/// One page of the trial table, as <c>/api/trials</c> asks for it: a state, a range of a parameter (or the value) or
/// one of its choices, a metric's range, a sort column and direction, a page. The same rules as the report's table, which filters in
/// the page (attrtune.js): inactive parameters never match a range or a choice, and sort last.
/// </summary>
internal sealed class TrialQuery
{
    public const int MaxPageSize = 500;

    public TrialState? State { get; private init; }

    public string? Parameter { get; private init; }

    public double? Min { get; private init; }

    public double? Max { get; private init; }

    public string? Choice { get; private init; }

    public string Sort { get; private init; } = "number";

    public bool Descending { get; private init; }

    public int Page { get; private init; }

    public int PageSize { get; private init; } = 50;

    /// <summary>Reads the query string; null and a reason when a value is malformed or names no column.</summary>
    public static (TrialQuery? Query, string? Error) Parse(IQueryCollection query, SearchSpaceDescriptor space, MetricsDescriptor? metrics = null)
    {
        var metricColumns = Reporting.TrialTable.MetricColumns(metrics);
        string? Text(string key) => query.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
        TrialState? state = null;
        if (Text("state") is { } stateText)
        {
            state = StateColors.All.Select(s => (TrialState?)s.Key).FirstOrDefault(s => StudyFigures.StateName(s!.Value) == stateText);
            if (state is null)
            {
                return (null, "state: not a state (complete, pruned, failed, running, waiting)");
            }
        }

        string? parameter = Text("param");
        if (parameter is not null && parameter != "value" && !metricColumns.Contains(parameter) && !space.TryGetIndex(parameter, out _))
        {
            return (null, "param: not a parameter of the study");
        }

        string sort = Text("sort") ?? "number";
        if (!Reporting.TrialTable.FixedColumns.Contains(sort) && !metricColumns.Contains(sort) && !space.TryGetIndex(sort, out _))
        {
            return (null, "sort: not a column of the table");
        }

        if (!TryNumber(Text("min"), out double? min) || !TryNumber(Text("max"), out double? max))
        {
            return (null, "min, max: not numbers");
        }

        if (!TryInt(Text("page"), 0, int.MaxValue, 0, out int page) || !TryInt(Text("size"), 1, MaxPageSize, 50, out int size))
        {
            return (null, $"page, size: not whole numbers (size at most {MaxPageSize})");
        }

        return (new TrialQuery
        {
            State = state,
            Parameter = parameter,
            Min = min,
            Max = max,
            Choice = Text("choice"),
            Sort = sort,
            Descending = Text("desc") is "true" or "1",
            Page = page,
            PageSize = size,
        }, null);
    }

    /// <summary>The matching trials, sorted (ties by number); the caller pages them.</summary>
    public List<FrozenTrial> Apply(IReadOnlyList<FrozenTrial> trials, SearchSpaceDescriptor space, MetricsDescriptor? metrics = null)
    {
        bool metric = metrics is not null && Parameter is not null && Reporting.TrialTable.MetricColumns(metrics).Contains(Parameter);
        ParameterDescriptor? filtered = Parameter is not null && Parameter != "value" && !metric ? space[Parameter] : null;
        var matching = new List<FrozenTrial>(trials.Count);
        foreach (FrozenTrial trial in trials)
        {
            if ((State is null || trial.State == State) && (metric ? MatchesMetric(trial, metrics!) : Matches(trial, filtered)))
            {
                matching.Add(trial);
            }
        }

        Comparison<FrozenTrial> order = Order(space, metrics);
        matching.Sort((a, b) =>
        {
            int c = order(a, b);
            return c != 0 ? c : a.Number.CompareTo(b.Number);
        });
        return matching;
    }

    // A metric's range, as the report's table filters it: a trial without the value never matches.
    private bool MatchesMetric(FrozenTrial trial, MetricsDescriptor metrics)
    {
        if (Min is null && Max is null)
        {
            return true;
        }

        return Parameter != Reporting.TrialTable.FeasibleColumn && Reporting.TrialTable.MetricValue(metrics, trial, Parameter!) is { } v
            && (Min is null || v >= Min) && (Max is null || v <= Max);
    }

    private bool Matches(FrozenTrial trial, ParameterDescriptor? parameter)
    {
        if (Parameter is null || (Min is null && Max is null && Choice is null))
        {
            return true;
        }

        double? value = parameter is null ? trial.Value : trial.Parameters.TryGetValue(parameter.Name, out double stored) ? stored : null;
        if (value is not { } v)
        {
            return false;
        }

        if (Choice is not null)
        {
            return parameter?.Distribution is CategoricalDistribution categorical && categorical.Contains(v) && Reporting.TrialTable.ChoiceText(categorical, (int)v) == Choice;
        }

        return parameter?.Distribution is not CategoricalDistribution && (Min is null || v >= Min) && (Max is null || v <= Max);
    }

    // Each column sorts as the report's table sorts its cells: numbers by value, texts and choices by their text,
    // missing cells (an inactive parameter, a trial without a value) last in either direction.
    private Comparison<FrozenTrial> Order(SearchSpaceDescriptor space, MetricsDescriptor? metrics)
    {
        int sign = Descending ? -1 : 1;
        Comparison<FrozenTrial> Nullable<T>(Func<FrozenTrial, T?> key, IComparer<T> comparer)
            where T : struct => (a, b) =>
            {
                T? x = key(a), y = key(b);
                return x is null ? (y is null ? 0 : 1) : y is null ? -1 : sign * comparer.Compare(x.Value, y.Value);
            };
        Comparison<FrozenTrial> Text(Func<FrozenTrial, string?> key) => (a, b) =>
        {
            string? x = key(a), y = key(b);
            return x is null ? (y is null ? 0 : 1) : y is null ? -1 : sign * string.CompareOrdinal(x, y);
        };

        switch (Sort)
        {
            case "number":
                return (a, b) => sign * a.Number.CompareTo(b.Number);
            case "state":
                return Text(t => StudyFigures.StateName(t.State));
            case "value":
                return Nullable(t => t.Value, Comparer<double>.Default);
            case "duration":
                return Nullable(t => t.Duration?.TotalSeconds, Comparer<double>.Default);
            case "started":
                return Nullable(t => t.Started, Comparer<DateTimeOffset>.Default);
            case "worker":
                return Text(t => t.Worker);
        }

        if (metrics is not null && Reporting.TrialTable.MetricColumns(metrics).Contains(Sort))
        {
            string column = Sort;
            return column == Reporting.TrialTable.FeasibleColumn
                ? Text(t => Reporting.TrialTable.MetricValue(metrics, t, column) is { } f ? (f > 0 ? "yes" : "no") : null)
                : Nullable(t => Reporting.TrialTable.MetricValue(metrics, t, column), Comparer<double>.Default);
        }

        ParameterDescriptor parameter = space[Sort];
        if (parameter.Distribution is CategoricalDistribution categorical)
        {
            return Text(t => t.Parameters.TryGetValue(parameter.Name, out double v) && categorical.Contains(v) ? Reporting.TrialTable.ChoiceText(categorical, (int)v) : null);
        }

        return Nullable(t => t.Parameters.TryGetValue(parameter.Name, out double v) ? v : (double?)null, Comparer<double>.Default);
    }

    private static bool TryNumber(string? text, out double? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && !double.IsNaN(parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    private static bool TryInt(string? text, int low, int high, int fallback, out int value)
    {
        value = fallback;
        return text is null || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= low && value <= high);
    }
}
