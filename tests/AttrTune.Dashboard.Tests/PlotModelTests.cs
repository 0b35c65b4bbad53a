using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AttrTune.Analysis;
using AttrTune.Reporting;
using AttrTune.Reporting.Plots;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>The plot model and its plotly JSON, in process: counts, scales, inactive parameters, escaping, the C# of a config.</summary>
public sealed class PlotModelTests
{
    private static async Task<(Study<HostileConfig> Study, StudyAnalysis Analysis, IReadOnlyList<FrozenTrial> Trials)> StudyAsync(int trials = 60)
    {
        var study = Study<HostileConfig>.CreateOrResume("plots", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new RandomSampler(9) });
        await study.OptimizeAsync((config, trial, ct) =>
        {
            if (trial.Number % 9 == 4)
            {
                throw new InvalidOperationException("fails on purpose");
            }

            return ValueTask.FromResult(config.Scale + config.Layers + (config.Mode == "plain" ? config.Extra : 2));
        }, new OptimizeOptions { MaxTrials = trials });
        IReadOnlyList<FrozenTrial> stored = study.Storage.GetTrials(study.Record.Id);
        return (study, study.Analyze(), stored);
    }

    [Fact]
    public async Task Figures_of_a_very_large_study_keep_at_most_ten_thousand_points_per_series_and_say_so()
    {
        (_, StudyAnalysis analysis, IReadOnlyList<FrozenTrial> trials) = await StudyAsync(25_000);
        ImmutableArrayOfFigures all = new(StudyFigures.All(analysis, null, null));
        Figure slice = all.Single(f => f.Parameter == "Scale" && f.Key.Contains("slice", StringComparison.OrdinalIgnoreCase));
        Figure uncapped = StudyFigures.Slice(analysis.GetSlice("Scale"));
        Assert.True(uncapped.PointCount > 20_000, uncapped.PointCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(slice.PointCount, 9_000, 10_001);
        Assert.Contains($"of {uncapped.PointCount:N0} points shown", slice.Note, StringComparison.Ordinal);
        Assert.Equal(uncapped.Series[0].TrialNumbers[0], slice.Series[0].TrialNumbers[0]);
        Assert.Equal(uncapped.Series[0].TrialNumbers[^1], slice.Series[0].TrialNumbers[^1]);

        // The running best is a step line: through its change points it is the same line, however long the study.
        Figure history = all.First(f => f.Key.Contains("history", StringComparison.OrdinalIgnoreCase));
        Figure fullHistory = StudyFigures.History(analysis.GetHistory(), byTime: false);
        PlotSeries best = history.Series.Single(s => s.Kind == SeriesKind.Steps);
        PlotSeries fullBest = fullHistory.Series.Single(s => s.Kind == SeriesKind.Steps);
        Assert.True(best.X.Length < fullBest.X.Length);
        Assert.Equal(fullBest.Y.Distinct(), best.Y.Distinct());
        Assert.Equal((fullBest.X[^1], fullBest.Y[^1]), (best.X[^1], best.Y[^1]));

        Figure parallel = all.Single(f => f.Kind == FigureKind.ParallelCoordinates);
        Assert.InRange(parallel.PointCount, 9_000, 10_001);
        Assert.All(parallel.Dimensions, d => Assert.Equal(parallel.LineColorValues.Length, d.Values.Length));
        Assert.All(all.Where(f => f.Kind != FigureKind.ParallelCoordinates).SelectMany(f => f.Series).Where(s => s.Kind == SeriesKind.Markers), s => Assert.True(s.PointCount <= 10_001));

        // A study of ordinary size is drawn whole.
        (_, StudyAnalysis small, _) = await StudyAsync();
        Assert.Equal(StudyFigures.Slice(small.GetSlice("Scale")).PointCount, new ImmutableArrayOfFigures(StudyFigures.All(small, null, null)).Single(f => f.Parameter == "Scale" && f.Key.Contains("slice", StringComparison.OrdinalIgnoreCase)).PointCount);
    }

    private sealed class ImmutableArrayOfFigures(System.Collections.Immutable.ImmutableArray<Figure> figures) : IEnumerable<Figure>
    {
        public IEnumerator<Figure> GetEnumerator() => ((IEnumerable<Figure>)figures).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Fact]
    public void The_csharp_of_a_configuration_with_repeated_layers_builds_a_list_not_indexed_members()
    {
        var trial = new FrozenTrial
        {
            Id = 1,
            Number = 0,
            State = TrialState.Complete,
            Value = 1,
            Parameters = new Dictionary<string, double> { ["Layers"] = 2, ["Layer[0].Units"] = 16, ["Layer[0].Activation"] = 1, ["Layer[1].Units"] = 32, ["Layer[1].Activation"] = 0 }
                .ToImmutableDictionary(StringComparer.Ordinal),
        };
        Assert.Equal(
            "new AttrTune.Dashboard.Tests.DeepConfig\n{\n    Layers = 2,\n    Layer =\n    [\n        new()\n        {\n            Units = 16,\n            Activation = \"tanh\",\n        },\n        new()\n        {\n            Units = 32,\n            Activation = \"relu\",\n        },\n    ],\n};",
            ParameterText.ToCSharp(DeepConfig.Descriptor, trial));
    }

    // The trial holds stored names only; the C# must name the properties, or it would not compile.
    [Fact]
    public void The_csharp_of_a_configuration_with_stored_names_uses_the_property_names()
    {
        var trial = new FrozenTrial
        {
            Id = 1,
            Number = 0,
            State = TrialState.Complete,
            Value = 1,
            Parameters = new Dictionary<string, double> { ["n_layers"] = 2, ["layer[0].units"] = 16, ["layer[0].act"] = 1, ["layer[1].units"] = 32, ["layer[1].act"] = 0 }
                .ToImmutableDictionary(StringComparer.Ordinal),
        };
        string expected = "new AttrTune.Dashboard.Tests.RenamedDeepConfig\n{\n    Layers = 2,\n    Layer =\n    [\n        new()\n        {\n            Units = 16,\n            Activation = \"tanh\",\n        },\n        new()\n        {\n            Units = 32,\n            Activation = \"relu\",\n        },\n    ],\n};";
        Assert.Equal(expected, ParameterText.ToCSharp(RenamedDeepConfig.Descriptor, trial));

        // From the stored space alone (the tool and the offline report have no compiled type).
        string json = RenamedDeepConfig.Descriptor.ToJson();
        Assert.Equal(expected, ParameterText.ToCSharp(SearchSpaceDescriptor.FromJson(json), trial, json));
    }

    [Fact]
    public async Task A_slice_has_a_point_per_complete_trial_in_which_its_parameter_is_active()
    {
        (_, StudyAnalysis analysis, IReadOnlyList<FrozenTrial> trials) = await StudyAsync();
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        int activeExtra = complete.Count(t => t.Parameters.ContainsKey("Extra"));
        Assert.InRange(activeExtra, 1, complete.Count - 1);
        Figure extra = StudyFigures.Slice(analysis.GetSlice("Extra"));
        Assert.Equal(activeExtra, extra.PointCount);
        Assert.Equal("Extra", extra.X.Title);
        Assert.Equal(AxisScale.Linear, extra.X.Scale);
        Assert.All(extra.Series[0].TrialNumbers, n => Assert.True(trials.Single(t => t.Number == n).Parameters.ContainsKey("Extra")));
        Assert.Equal(complete.Count, StudyFigures.Slice(analysis.GetSlice("Scale")).PointCount);
    }

    [Fact]
    public async Task Axes_follow_the_space_log_ranges_are_logarithmic_and_choices_categorical()
    {
        (_, StudyAnalysis analysis, _) = await StudyAsync();
        Figure scale = StudyFigures.Slice(analysis.GetSlice("Scale"));
        Assert.Equal(AxisScale.Log, scale.X.Scale);
        Figure mode = StudyFigures.Slice(analysis.GetSlice("Mode"));
        Assert.Equal(AxisScale.Categorical, mode.X.Scale);
        Assert.Equal(3, mode.X.Categories.Length);
        Assert.All(mode.Series[0].X, x => Assert.Contains(x, new[] { 0.0, 1.0, 2.0 }));

        using JsonDocument json = JsonDocument.Parse(PlotlyJson.ToJson(scale));
        Assert.Equal("log", json.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("type").GetString());
        using JsonDocument choices = JsonDocument.Parse(PlotlyJson.ToJson(mode));
        JsonElement axis = choices.RootElement.GetProperty("layout").GetProperty("xaxis");
        Assert.Equal([0, 1, 2], axis.GetProperty("tickvals").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task Parallel_coordinates_leave_an_inactive_parameter_out_instead_of_drawing_its_default()
    {
        (_, StudyAnalysis analysis, IReadOnlyList<FrozenTrial> trials) = await StudyAsync();
        Figure figure = StudyFigures.ParallelCoordinates(analysis.GetParallelCoordinates());
        ParallelDimension extra = figure.Dimensions.Single(d => d.Title == "Extra");
        var complete = trials.Where(t => t.State == TrialState.Complete).OrderBy(t => t.Number).ToList();
        Assert.Equal(complete.Count, figure.PointCount);
        for (int line = 0; line < complete.Count; line++)
        {
            Assert.Equal(complete[line].Number, figure.LineTrialNumbers[line]);
            Assert.Equal(!complete[line].Parameters.ContainsKey("Extra"), double.IsNaN(extra.Values[line]));
        }

        // In the JSON a gap (null) breaks each such line at the Extra axis.
        using JsonDocument json = JsonDocument.Parse(PlotlyJson.ToJson(figure));
        int nulls = json.RootElement.GetProperty("data").EnumerateArray()
            .Where(t => t.TryGetProperty("customdata", out _))
            .Sum(t => t.GetProperty("y").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Null));
        int inactive = complete.Count(t => !t.Parameters.ContainsKey("Extra"));
        int separators = json.RootElement.GetProperty("data").EnumerateArray().Where(t => t.TryGetProperty("customdata", out _)).Sum(t => t.GetProperty("customdata").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Null));
        Assert.Equal(inactive + separators, nulls);
    }

    [Fact]
    public async Task History_timeline_and_edf_count_what_storage_holds()
    {
        (_, StudyAnalysis analysis, IReadOnlyList<FrozenTrial> trials) = await StudyAsync();
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        Figure history = StudyFigures.History(analysis.GetHistory(), byTime: false);
        Assert.Equal(complete.Count, history.Series[0].PointCount);
        Assert.Equal(trials.Count(t => t.Number >= complete.Min(c => c.Number)), history.Series[1].PointCount);
        Figure timeline = StudyFigures.Timeline(trials);
        Assert.Equal(2 * trials.Count, timeline.PointCount);
        Assert.Equal(trials.Count(t => t.State == TrialState.Failed), timeline.Series.Single(s => s.Name == "failed").PointCount / 2);
        Assert.Equal(complete.Select(t => t.Value).Distinct().Count(), StudyFigures.EmpiricalDistribution(analysis.GetEmpiricalDistribution()).PointCount);
    }

    [Fact]
    public async Task Plotly_text_is_escaped_and_the_json_cannot_close_a_script_element()
    {
        (_, StudyAnalysis analysis, _) = await StudyAsync();
        string json = PlotlyJson.ToJson(StudyFigures.Slice(analysis.GetSlice("Mode")));
        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json);
        string[] ticks = document.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("ticktext").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Contains(ticks, t => t.Contains("&lt;script&gt;alert('choice')&lt;/script&gt;", StringComparison.Ordinal));
        Assert.Contains(ticks, t => t.Contains("&quot;", StringComparison.Ordinal) || t.Contains("\"&gt;&lt;img src=x onerror=alert('choice')&gt;", StringComparison.Ordinal));
        Assert.All(ticks, t => Assert.DoesNotContain("<", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_best_configuration_reads_back_as_json_and_as_csharp()
    {
        (Study<HostileConfig> study, _, IReadOnlyList<FrozenTrial> trials) = await StudyAsync();
        FrozenTrial best = trials.Where(t => t.State == TrialState.Complete).MinBy(t => t.Value)!;
        string json = ParameterText.ToJson(HostileConfig.Descriptor, best);
        using JsonDocument parsed = JsonDocument.Parse(json);
        Assert.Equal(best.Parameters.Count, parsed.RootElement.EnumerateObject().Count());
        Assert.Equal(best.Parameters["Scale"], parsed.RootElement.GetProperty("Scale").GetDouble());
        Assert.Equal((long)best.Parameters["Layers"], parsed.RootElement.GetProperty("Layers").GetInt64());

        var hostile = best with { Parameters = best.Parameters.SetItem("Mode", 2).Remove("Extra") };
        string csharp = ParameterText.ToCSharp(HostileConfig.Descriptor, hostile, study.Record.SpaceJson);
        Assert.Equal(
            "new AttrTune.Dashboard.Tests.HostileConfig\n{\n" +
            "    Mode = \"\\\"><img src=x onerror=alert('choice')>\",\n" +
            $"    Scale = {best.Parameters["Scale"].ToString("R", System.Globalization.CultureInfo.InvariantCulture)},\n" +
            $"    Layers = {(long)best.Parameters["Layers"]},\n}};",
            csharp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_study_with_too_few_trials_still_reports_with_a_note_where_a_figure_is_empty(int trials)
    {
        var study = Study<HostileConfig>.CreateOrResume("few", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new RandomSampler(1) });
        if (trials > 0)
        {
            await study.OptimizeAsync((config, trial, ct) => ValueTask.FromResult(1.0), new OptimizeOptions { MaxTrials = trials });
        }

        var report = new StudyReport(study.Record with { SpaceJson = HostileConfig.Descriptor.ToJson() }, study.Storage.GetTrials(study.Record.Id));
        Assert.Null(report.Importances);
        Assert.DoesNotContain(report.Figures, f => f.Key is "importance" or "contour");
        Assert.All(report.Figures.Where(f => f.PointCount == 0), f => Assert.False(string.IsNullOrEmpty(f.Note), f.Key + " " + f.Parameter + " is empty without a note"));
        using var html = new System.IO.MemoryStream();
        report.WriteHtml(html);
        Assert.True(html.Length > 4_000_000);
    }

    [Fact]
    public async Task The_report_is_one_file_with_the_study_inline_and_nothing_to_fetch()
    {
        (Study<HostileConfig> study, _, IReadOnlyList<FrozenTrial> trials) = await StudyAsync(20);
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"attrtune-report-{Guid.NewGuid():N}.html");
        try
        {
            StudyReport report = study.WriteReport(path);
            string html = System.IO.File.ReadAllText(path);
            Assert.Contains("Content-Security-Policy", html, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
            // Outside the inline scripts (plotly.js's code names URLs it never fetches here), no reference to anything.
            string markup = System.Text.RegularExpressions.Regex.Replace(html, "<script[^>]*>.*?</script>", "<script></script>", System.Text.RegularExpressions.RegexOptions.Singleline);
            Assert.DoesNotContain("http:", markup, StringComparison.Ordinal);
            Assert.DoesNotContain("https:", markup, StringComparison.Ordinal);
            Assert.DoesNotContain(" src=", markup, StringComparison.Ordinal);
            Assert.DoesNotContain(" href=", markup, StringComparison.Ordinal);
            Assert.Equal(3, html.Split("<script").Length - 1);
            Assert.Equal(trials.Count, report.Analysis.Trials.Length);
            Assert.Contains(report.Figures, f => f.Key == "importance");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
