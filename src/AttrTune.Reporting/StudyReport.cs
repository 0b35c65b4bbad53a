using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AttrTune.Analysis;
using AttrTune.MultiObjective;
using AttrTune.Reporting.Plots;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Reporting;

/// <summary>
/// A study made ready to look at: its analysis, importances, contour and figures, its best trial, and the JSON
/// document a page renders (summary, best configuration as JSON and C#, search space with its fingerprint,
/// importances, figures, trial table). <see cref="WriteHtml(string)"/> writes it as one self-contained HTML file
/// (plotly.js, the data and the script inline; no network access) that opens offline from <c>file://</c>; the
/// <c>attrtune dashboard</c> serves the same document live.
/// </summary>
public sealed class StudyReport
{
    private StudyReport(StudyRecord study, SearchSpaceDescriptor space, StudyAnalysis analysis, ParameterImportances? importances, ContourPlot? contour, DateTimeOffset? now, DateTimeOffset generatedAt)
    {
        Study = study;
        Space = space;
        Analysis = analysis;
        Importances = importances;
        Contour = contour;
        GeneratedAt = generatedAt;
        Metrics = study.Metrics;
        Figures = StudyFigures.All(analysis, importances, contour, now, Metrics);
        if (Metrics is null)
        {
            Best = analysis.Trials
                .Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))
                .Aggregate((FrozenTrial?)null, (best, t) => best is null || study.Direction.IsBetter(t.Value!.Value, best.Value!.Value) ? t : best);
            ParetoFront = [];
        }
        else
        {
            // No one trial is best with several objectives; with one, the best is among the feasible trials only.
            Best = Metrics.HasSeveralObjectives ? null : ParetoTrials.BestFeasible(Metrics, analysis.Trials);
            ParetoFront = Metrics.HasSeveralObjectives ? ParetoTrials.Front(Metrics, analysis.Trials) : [];
        }
    }

    /// <summary>
    /// Analyses <paramref name="trials"/> of <paramref name="study"/>: importances (with two complete trials or more)
    /// and the contour of the two most important parameters, or of the pair <paramref name="options"/> names.
    /// </summary>
    /// <param name="study">The study as storage holds it; its stored space names the parameters and their scales.</param>
    /// <param name="trials">Its trials.</param>
    /// <param name="options">The importance method and contour pair; <see cref="ReportOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="study"/> or <paramref name="trials"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The study was stored without its search space (by an older release).</exception>
    /// <exception cref="ArgumentException">A contour parameter is not in the space, or both are the same.</exception>
    public StudyReport(StudyRecord study, IReadOnlyList<FrozenTrial> trials, ReportOptions? options = null)
        : this(study, trials, options ?? ReportOptions.Default, SpaceOf(study))
    {
    }

    private StudyReport(StudyRecord study, IReadOnlyList<FrozenTrial> trials, ReportOptions options, SearchSpaceDescriptor space)
        : this(study, space, new StudyAnalysis(space, study.Direction, trials), options)
    {
    }

    private StudyReport(StudyRecord study, SearchSpaceDescriptor space, StudyAnalysis analysis, ReportOptions options)
        : this(study, space, analysis, ImportancesOf(analysis, options), options)
    {
    }

    private StudyReport(StudyRecord study, SearchSpaceDescriptor space, StudyAnalysis analysis, ParameterImportances? importances, ReportOptions options)
        : this(study, space, analysis, importances, ContourOf(analysis, importances, options), null, options.GeneratedAt ?? DateTimeOffset.UtcNow)
    {
    }

    /// <summary>
    /// A report from an analysis whose importances and contour were computed elsewhere (or not yet: null leaves their
    /// figures out), as a live view does: importances of a large study take seconds, the rest milliseconds.
    /// </summary>
    /// <param name="study">The study as storage holds it.</param>
    /// <param name="analysis">The analysis of its trials, over its stored space.</param>
    /// <param name="importances">The importances, or null.</param>
    /// <param name="contour">The contour, or null.</param>
    /// <param name="now">The current time: where the timeline's running trials end.</param>
    /// <exception cref="ArgumentNullException"><paramref name="study"/> or <paramref name="analysis"/> is null.</exception>
    public static StudyReport Create(StudyRecord study, StudyAnalysis analysis, ParameterImportances? importances, ContourPlot? contour, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(analysis);
        return new StudyReport(study, analysis.Descriptor, analysis, importances, contour, now, now);
    }

    /// <summary>The study.</summary>
    public StudyRecord Study { get; }

    /// <summary>The study's search space, as stored with it.</summary>
    public SearchSpaceDescriptor Space { get; }

    /// <summary>The analysis the figures come from.</summary>
    public StudyAnalysis Analysis { get; }

    /// <summary>The importances, or null (fewer than two complete trials, or not computed).</summary>
    public ParameterImportances? Importances { get; }

    /// <summary>The contour, or null (no importances, fewer than two parameters, or not computed).</summary>
    public ContourPlot? Contour { get; }

    /// <summary>The figures, in the order the report shows them.</summary>
    public ImmutableArray<Figure> Figures { get; }

    /// <summary>
    /// The best complete trial (the first to reach the best value), or null; for a study with constraints the best
    /// feasible one, and null for a study with several objectives, which has <see cref="ParetoFront"/> instead.
    /// </summary>
    public FrozenTrial? Best { get; }

    /// <summary>The study's objectives and constraints (<see cref="StudyRecord.Metrics"/>), or null for a study with one value per trial.</summary>
    public MetricsDescriptor? Metrics { get; }

    /// <summary>The Pareto front of a study with several objectives (<see cref="ParetoTrials.Front"/>), by number; empty otherwise.</summary>
    public ImmutableArray<FrozenTrial> ParetoFront { get; }

    /// <summary>When the report was made.</summary>
    public DateTimeOffset GeneratedAt { get; }

    /// <summary>
    /// Writes the study's JSON document (one object): what a page renders. With <paramref name="includeTrials"/>
    /// it holds every trial's row (a report); without, the trial table is fetched page by page (the dashboard).
    /// </summary>
    public void WriteJson(Utf8JsonWriter json, bool includeTrials)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("name", Study.Name);
        json.WriteString("direction", Study.Direction == StudyDirection.Minimize ? "minimize" : "maximize");
        json.WriteString("configType", Space.TypeName);
        json.WriteString("fingerprint", Study.SpaceFingerprint);
        json.WriteString("generated", Stamp(GeneratedAt));
        json.WriteString("version", ReportAssets.Version);
        json.WriteNumber("total", Analysis.Trials.Length);
        json.WriteStartObject("counts");
        foreach ((TrialState state, _) in StateColors.All)
        {
            json.WriteNumber(StudyFigures.StateName(state), Analysis.Trials.Count(t => t.State == state));
        }

        json.WriteEndObject();
        DateTimeOffset? first = Analysis.Trials.Select(t => t.Started).Where(t => t is not null).Min();
        DateTimeOffset? last = Analysis.Trials.Select(t => t.Completed).Where(t => t is not null).Max();
        json.WriteString("firstStarted", first is { } f ? Stamp(f) : null);
        json.WriteString("lastFinished", last is { } l ? Stamp(l) : null);
        json.WriteNumber("workers", Analysis.Trials.Select(t => t.Worker).Where(w => w is not null).Distinct(StringComparer.Ordinal).Count());
        if (Best is { } best)
        {
            json.WriteStartObject("best");
            json.WriteNumber("number", best.Number);
            json.WriteNumber("value", best.Value!.Value);
            json.WriteString("json", ParameterText.ToJson(Space, best));
            json.WriteString("csharp", ParameterText.ToCSharp(Space, best, Study.SpaceJson));
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("best");
        }

        WriteMetrics(json);

        json.WriteStartArray("space");
        foreach (ParameterDescriptor parameter in Space.Parameters)
        {
            json.WriteStartObject();
            json.WriteString("name", parameter.Name);
            json.WriteString("distribution", parameter.Distribution.CanonicalText);
            json.WriteString("condition", Space.DescribeCondition(parameter));
            json.WriteBoolean("mutable", parameter.IsMutable);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (Importances is { } importances)
        {
            json.WriteStartObject("importance");
            json.WriteString("evaluator", importances.EvaluatorName);
            json.WriteNumber("trials", importances.TrialCount);
            json.WriteStartArray("parameters");
            foreach (ParameterImportance parameter in importances.Parameters)
            {
                json.WriteStartObject();
                json.WriteString("name", parameter.Name);
                json.WriteNumber("importance", parameter.Importance);
                json.WriteNumber("activeTrials", parameter.ActiveTrials);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("importance");
        }

        json.WriteStartArray("figures");
        foreach (Figure figure in Figures)
        {
            PlotlyJson.Write(json, figure);
        }

        json.WriteEndArray();
        TrialTable.WriteColumns(json, Space, Metrics);
        if (includeTrials)
        {
            json.WriteStartArray("rows");
            foreach (FrozenTrial trial in Analysis.Trials)
            {
                TrialTable.WriteRow(json, Space, trial, Metrics);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>Writes the report as one self-contained HTML file at <paramref name="path"/> (created or replaced).</summary>
    public void WriteHtml(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using FileStream file = File.Create(path);
        WriteHtml(file);
    }

    /// <summary>
    /// Writes the report as one self-contained HTML document: plotly.js, AttrTune's script and the study's JSON
    /// (compressed) inline, under a Content-Security-Policy that runs those two scripts only (by hash) and allows no network
    /// request at all.
    /// </summary>
    public void WriteHtml(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        string plotly = ReportAssets.Plotly;
        string script = ReportAssets.Script;
        // The study's JSON, gzipped and in base64 (a third of its size: a 10,000-trial study fits in an email), which
        // the script inflates with the browser's DecompressionStream. Base64 has no character that could end the
        // script element it sits in.
        using var data = new MemoryStream();
        using (var gzip = new GZipStream(data, CompressionLevel.SmallestSize, leaveOpen: true))
        using (var json = new Utf8JsonWriter(gzip))
        {
            WriteJson(json, includeTrials: true);
        }

        string encoded = Convert.ToBase64String(data.GetBuffer(), 0, (int)data.Length);

        HtmlEncoder html = HtmlEncoder.Default;
        using var writer = new StreamWriter(destination, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src '{Hash(plotly)}' '{Hash(script)}'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'\">\n");
        writer.Write($"<meta name=\"generator\" content=\"AttrTune.Reporting {html.Encode(ReportAssets.Version)}\">\n");
        writer.Write($"<title>AttrTune report: {html.Encode(Study.Name)}</title>\n<style>");
        writer.Write(ReportAssets.Stylesheet);
        writer.Write("</style>\n</head>\n<body data-mode=\"report\">\n");
        writer.Write(PageSkeleton.Study(Study.Name, html));
        writer.Write("<script type=\"application/octet-stream\" id=\"attrtune-study\" data-encoding=\"gzip-base64\">");
        writer.Write(encoded);
        writer.Write("</script>\n<script>");
        writer.Write(plotly);
        writer.Write("</script>\n<script>");
        writer.Write(script);
        writer.Write("</script>\n</body>\n</html>\n");
    }

    // "metrics": each metric's name, role and bounds, or null; "front": the Pareto front of several objectives, a trial
    // each with its metric values and configuration, or null.
    private void WriteMetrics(Utf8JsonWriter json)
    {
        if (Metrics is not { } metrics)
        {
            json.WriteNull("metrics");
            json.WriteNull("front");
            return;
        }

        json.WriteStartArray("metrics");
        foreach (MetricDescriptor metric in metrics.Metrics)
        {
            json.WriteStartObject();
            json.WriteString("name", metric.Name);
            json.WriteString("text", metric.ToString());
            json.WriteString("direction", metric.Direction switch { StudyDirection.Minimize => "minimize", StudyDirection.Maximize => "maximize", _ => null });
            json.WriteBoolean("constraint", metric.IsConstraint);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (!metrics.HasSeveralObjectives)
        {
            json.WriteNull("front");
            return;
        }

        json.WriteStartObject("front");
        json.WriteStartArray("objectives");
        foreach (MetricDescriptor objective in metrics.Objectives)
        {
            json.WriteStringValue(objective.ToString());
        }

        json.WriteEndArray();
        json.WriteStartArray("constraints");
        foreach (MetricDescriptor constraint in metrics.Constraints)
        {
            json.WriteStringValue(constraint.ToString());
        }

        json.WriteEndArray();
        json.WriteStartArray("trials");
        foreach (FrozenTrial trial in ParetoFront)
        {
            json.WriteStartObject();
            json.WriteNumber("number", trial.Number);
            json.WriteStartArray("values");
            foreach (double value in trial.Values)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
            json.WriteStartArray("constraints");
            foreach (double value in trial.ConstraintValues)
            {
                if (double.IsFinite(value))
                {
                    json.WriteNumberValue(value);
                }
                else
                {
                    json.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
                }
            }

            json.WriteEndArray();
            json.WriteString("json", ParameterText.ToJson(Space, trial));
            json.WriteString("csharp", ParameterText.ToCSharp(Space, trial, Study.SpaceJson));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Hash(string script) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static SearchSpaceDescriptor SpaceOf(StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Space ?? throw new InvalidOperationException($"Study '{study.Name}' was stored without its search space (by an older AttrTune release); a report needs the space to name parameters and their scales.");
    }

    private static ParameterImportances? ImportancesOf(StudyAnalysis analysis, ReportOptions options) =>
        analysis.CompleteTrialCount >= 2 ? analysis.GetImportance(options.Importance) : null;

    private static ContourPlot? ContourOf(StudyAnalysis analysis, ParameterImportances? importances, ReportOptions options)
    {
        if (options.ContourX is not null || options.ContourY is not null)
        {
            if (options.ContourX is null || options.ContourY is null)
            {
                throw new ArgumentException("A contour needs both parameters: give ContourX and ContourY, or neither.", nameof(options));
            }

            foreach (string name in new[] { options.ContourX, options.ContourY })
            {
                if (!analysis.Descriptor.TryGetIndex(name, out _))
                {
                    throw new ArgumentException($"The contour parameter '{name}' is not in the space; its parameters: {string.Join(", ", analysis.Descriptor.Parameters.Select(p => p.Name))}.", nameof(options));
                }
            }

            return analysis.GetContour(options.ContourX, options.ContourY, options: options.Importance);
        }

        return importances is { Parameters.Length: >= 2 } ? analysis.GetContour(importances.Parameters[0].Name, importances.Parameters[1].Name, options: options.Importance) : null;
    }
}
