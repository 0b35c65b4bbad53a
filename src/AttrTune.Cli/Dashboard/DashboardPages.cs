using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AttrTune.Analysis;
using AttrTune.Reporting;
using AttrTune.Reporting.Plots;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Dashboard;

/// <summary>
/// The dashboard's HTML, rendered on the server. Every text from storage (study names, choices, attribute values,
/// exception messages and stack traces, worker names) goes through <see cref="HtmlEncoder"/>, and every link is
/// built from <see cref="Uri.EscapeDataString(string)"/> and then encoded too, so no stored text can become markup.
/// Study pages are filled by attrtune.js from the JSON API.
/// </summary>
internal static class DashboardPages
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Studies(IReadOnlyList<(StudyRecord Study, IReadOnlyList<FrozenTrial> Trials)> studies, string storage)
    {
        var page = new StringBuilder();
        page.Append("<main id=\"studies\">\n<h2>Studies</h2>\n");
        if (studies.Count == 0)
        {
            page.Append("<p class=\"note\">").Append(Html.Encode(storage)).Append(" holds no studies.</p>\n");
        }
        else
        {
            page.Append("<table class=\"studies\">\n<thead><tr><th>study</th><th>direction</th><th>trials</th><th>complete</th><th>pruned</th><th>failed</th><th>running</th><th>best value</th><th>last activity</th></tr></thead>\n<tbody>\n");
            foreach ((StudyRecord study, IReadOnlyList<FrozenTrial> trials) in studies)
            {
                int Count(TrialState state) => trials.Count(t => t.State == state);
                string best = BestText(study, trials);
                DateTimeOffset? last = trials.Select(t => t.Completed ?? t.Started).Where(t => t is not null).Max();
                page.Append("<tr><td><a href=\"").Append(Html.Encode(StudyHref(study.Name))).Append("\">").Append(Html.Encode(study.Name)).Append("</a></td>")
                    .Append("<td>").Append(study.Direction == StudyDirection.Minimize ? "minimize" : "maximize").Append("</td>")
                    .Append(Number(trials.Count)).Append(Number(Count(TrialState.Complete))).Append(Number(Count(TrialState.Pruned)))
                    .Append(Number(Count(TrialState.Failed))).Append(Number(Count(TrialState.Running)))
                    .Append("<td class=\"num\">").Append(Html.Encode(best)).Append("</td>")
                    .Append("<td>").Append(Stamp(last)).Append("</td></tr>\n");
            }

            page.Append("</tbody>\n</table>\n");
        }

        page.Append("</main>\n");
        return Layout("AttrTune studies", "studies", page.ToString(), null, writes: false);
    }

    // The best value, the best feasible one for a study with constraints, or "3 objectives": a study with several has
    // no one best value, and its first objective's best would mislead.
    private static string BestText(StudyRecord study, IReadOnlyList<FrozenTrial> trials)
    {
        if (study.Metrics is { } metrics)
        {
            if (metrics.HasSeveralObjectives)
            {
                return metrics.Objectives.Count.ToString(CultureInfo.InvariantCulture) + " objectives";
            }

            return ParetoTrials.BestFeasible(metrics, trials) is { } feasible ? feasible.Values[0].ToString("R", CultureInfo.InvariantCulture) : "-";
        }

        double? best = trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))
            .Select(t => t.Value!.Value)
            .Aggregate((double?)null, (b, v) => b is null || study.Direction.IsBetter(v, b.Value) ? v : b);
        return best is { } value ? value.ToString("R", CultureInfo.InvariantCulture) : "-";
    }

    public static string Study(string name, bool writes) =>
        Layout(
            "AttrTune study " + name,
            "study",
            "<main id=\"attrtune-main\"><p class=\"note\">Loading…</p><noscript><p>This page draws its plots and tables with JavaScript.</p></noscript></main>\n",
            name,
            writes);

    public static string Trial(StudyRecord study, SearchSpaceDescriptor space, FrozenTrial trial)
    {
        var page = new StringBuilder();
        page.Append("<main id=\"trial\">\n<p><a href=\"").Append(Html.Encode(StudyHref(study.Name))).Append("\">← study ").Append(Html.Encode(study.Name)).Append("</a></p>\n");
        page.Append("<h2>Trial ").Append(trial.Number.ToString(CultureInfo.InvariantCulture)).Append("</h2>\n<table class=\"trial\"><tbody>\n");
        Row(page, "state", StudyFigures.StateName(trial.State));
        Row(page, trial.State == TrialState.Pruned ? "last reported value" : "value", trial.Value is { } value ? value.ToString("R", CultureInfo.InvariantCulture) : "-");
        Row(page, "worker", trial.Worker ?? "-");
        Row(page, "started", Stamp(trial.Started));
        Row(page, "finished", Stamp(trial.Completed));
        Row(page, "duration", trial.Duration is { } d ? d.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s" : "-");
        page.Append("</tbody></table>\n");

        page.Append("<section id=\"parameters\"><h2>Parameters</h2>\n<table class=\"parameters\"><thead><tr><th>parameter</th><th>value</th><th>stored</th></tr></thead><tbody>\n");
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            page.Append("<tr><td>").Append(Html.Encode(parameter.Name)).Append("</td>");
            if (trial.Parameters.TryGetValue(parameter.Name, out double stored))
            {
                page.Append("<td>").Append(Html.Encode(ParameterText.Format(ParameterText.Decode(parameter, stored)))).Append("</td><td class=\"num\">")
                    .Append(stored.ToString("R", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
            else
            {
                page.Append("<td class=\"note\">inactive</td><td></td></tr>\n");
            }
        }

        page.Append("</tbody></table></section>\n");

        if (trial.Failure is { } failure)
        {
            page.Append("<section id=\"failure\"><h2>Failure</h2>\n<p class=\"exception\"><code>").Append(Html.Encode(failure.ExceptionType)).Append("</code>: ")
                .Append(Html.Encode(failure.Message)).Append("</p>\n<pre class=\"stack\">").Append(Html.Encode(failure.StackTrace)).Append("</pre></section>\n");
        }
        else if (trial.FailReason is { } reason)
        {
            page.Append("<section id=\"failure\"><h2>Failure</h2>\n<pre class=\"stack\">").Append(Html.Encode(reason)).Append("</pre></section>\n");
        }

        page.Append("<section id=\"attributes\"><h2>Attributes</h2>\n");
        if (trial.UserAttributes.IsEmpty)
        {
            page.Append("<p class=\"note\">none</p>\n");
        }
        else
        {
            page.Append("<table class=\"attributes\"><thead><tr><th>key</th><th>value</th></tr></thead><tbody>\n");
            foreach ((string key, string text) in trial.UserAttributes.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                page.Append("<tr><td>").Append(Html.Encode(key)).Append("</td><td><pre>").Append(Html.Encode(text)).Append("</pre></td></tr>\n");
            }

            page.Append("</tbody></table>\n");
        }

        page.Append("</section>\n<section id=\"intermediate\"><h2>Intermediate values</h2>\n");
        string? figureJson = null;
        if (trial.IntermediateValues.Count == 0)
        {
            page.Append("<p class=\"note\">none reported</p>\n");
        }
        else
        {
            var analysis = new StudyAnalysis(space, study.Direction, [trial]);
            Figure curve = StudyFigures.IntermediateValues(analysis.GetIntermediateValues()) with { Title = "Intermediate values of trial " + trial.Number.ToString(CultureInfo.InvariantCulture) };
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartArray();
                PlotlyJson.Write(json, curve);
                json.WriteEndArray();
            }

            // The default encoder escapes <, > and &: nothing in the JSON can end the script element.
            figureJson = Encoding.UTF8.GetString(stream.ToArray());
            page.Append("<div class=\"figures\" id=\"figures\"></div>\n<table class=\"intermediate\"><thead><tr><th>step</th><th>value</th></tr></thead><tbody>\n");
            foreach ((long step, double reported) in trial.IntermediateValues)
            {
                page.Append("<tr><td class=\"num\">").Append(step.ToString(CultureInfo.InvariantCulture)).Append("</td><td class=\"num\">")
                    .Append(reported.ToString("R", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            page.Append("</tbody></table>\n");
        }

        page.Append("</section>\n</main>\n");
        if (figureJson is not null)
        {
            page.Append("<script type=\"application/json\" id=\"attrtune-figures\">").Append(figureJson).Append("</script>\n");
        }

        return Layout($"AttrTune trial {trial.Number.ToString(CultureInfo.InvariantCulture)} of {study.Name}", "trial", page.ToString(), study.Name, writes: false);
    }

    public static string Message(string title, string message) =>
        Layout(title, "message", $"<main><h2>{Html.Encode(title)}</h2><p>{Html.Encode(message)}</p><p><a href=\"/\">All studies</a></p></main>\n", null, writes: false);

    public static string StudyHref(string name) => "/study?name=" + Uri.EscapeDataString(name);

    private static string Layout(string title, string mode, string content, string? study, bool writes)
    {
        string version = Uri.EscapeDataString(ReportAssets.Version);
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.Encode(title)).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/static/attrtune.css?v=").Append(version).Append("\">\n")

            // No icon to fetch: a browser would otherwise ask for /favicon.ico on every page.
            .Append("<link rel=\"icon\" href=\"data:,\">\n</head>\n")
            .Append("<body data-mode=\"").Append(mode).Append('"');
        if (study is not null)
        {
            page.Append(" data-study=\"").Append(Html.Encode(study)).Append('"');
        }

        if (writes)
        {
            page.Append(" data-writes=\"true\"");
        }

        page.Append(">\n<header><h1><a href=\"/\">AttrTune</a>");
        if (study is not null)
        {
            page.Append(" · <a class=\"study-name\" href=\"").Append(Html.Encode(StudyHref(study))).Append("\">").Append(Html.Encode(study)).Append("</a>");
        }

        page.Append("</h1></header>\n").Append(content);
        if (mode is "study" or "trial")
        {
            page.Append("<script src=\"/static/plotly.min.js?v=").Append(version).Append("\"></script>\n")
                .Append("<script src=\"/static/attrtune.js?v=").Append(version).Append("\"></script>\n");
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static void Row(StringBuilder page, string name, string value) =>
        page.Append("<tr><th>").Append(Html.Encode(name)).Append("</th><td>").Append(Html.Encode(value)).Append("</td></tr>\n");

    private static string Number(int count) => "<td class=\"num\">" + count.ToString(CultureInfo.InvariantCulture) + "</td>";

    private static string Stamp(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
