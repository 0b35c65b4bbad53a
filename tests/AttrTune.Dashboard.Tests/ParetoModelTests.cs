using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using AttrTune.Analysis;
using AttrTune.MultiObjective;
using AttrTune.Reporting;
using AttrTune.Reporting.Plots;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>The plot model of studies with a metrics type, from hand-made trials in an in-memory storage, against a brute-force front.</summary>
public sealed class ParetoModelTests
{
    private const string MarkupLoss = "<b>loss</b> & co";

    private static readonly StudyRecord Space = new(0, "space", StudyDirection.Minimize, HostileConfig.Descriptor.Fingerprint, HostileConfig.Descriptor.ToString())
    {
        SpaceJson = HostileConfig.Descriptor.ToJson(),
    };

    private static (StudyRecord Study, IReadOnlyList<FrozenTrial> Trials) Write(MetricsDescriptor metrics)
    {
        var storage = new InMemoryStorage();
        StudyRecord study = ParetoStudy.Write(storage, "pareto", metrics, Space, i => new Dictionary<string, double>
        {
            ["Mode"] = 0,
            ["Scale"] = 0.01 * (i + 1),
            ["Layers"] = 1 + (i % 5),
            ["Extra"] = i / 40.0,
        });
        return (study, storage.GetTrials(study.Id));
    }

    private static int[] Numbers(Figure figure, string series) => figure.Series.Single(s => s.Name == series).TrialNumbers.ToArray();

    // Slices, contour, parallel coordinates and the EDF show the first objective of such a study: their value axes say
    // which (markup kept as text), where a study with one value says "objective value"; so does the colour bar.
    [Fact]
    public void The_figures_of_the_first_objective_name_it_on_their_value_axis()
    {
        MetricsDescriptor metrics = ParetoStudy.TwoObjectives(MarkupLoss);
        (_, IReadOnlyList<FrozenTrial> trials) = Write(metrics);
        var analysis = new StudyAnalysis(HostileConfig.Descriptor, StudyDirection.Minimize, trials);
        string first = MarkupLoss + " (minimize)";
        Assert.Equal(first, StudyFigures.ObjectiveTitleOf(metrics));
        Assert.Equal(StudyFigures.ObjectiveTitle, StudyFigures.ObjectiveTitleOf(null));

        System.Collections.Immutable.ImmutableArray<Figure> figures = StudyFigures.All(analysis, importances: null, contour: null, metrics: metrics);
        Figure[] slices = figures.Where(f => f.Key.StartsWith("slice", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(slices);
        Assert.All(slices, f => Assert.Equal(first, f.Y.Title));
        Figure parallel = figures.Single(f => f.Key == "parallel-coordinates");
        Assert.Equal(first, parallel.Y.Title);
        Assert.Equal(first, parallel.Dimensions[^1].Title);
        Assert.Equal(first, figures.Single(f => f.Key == "edf").X.Title);

        using var written = new MemoryStream();
        using (var json = new Utf8JsonWriter(written))
        {
            PlotlyJson.Write(json, parallel);
        }

        using JsonDocument document = JsonDocument.Parse(written.ToArray());
        string[] colourBars = document.RootElement.GetProperty("data").EnumerateArray()
            .Where(t => t.TryGetProperty("marker", out JsonElement m) && m.TryGetProperty("colorbar", out _))
            .Select(t => t.GetProperty("marker").GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString()!)
            .ToArray();
        Assert.Single(colourBars);
        Assert.Contains("loss", colourBars[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", colourBars[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_pareto_plot_draws_the_brute_force_front_with_dominated_and_infeasible_trials_apart()
    {
        MetricsDescriptor metrics = ParetoStudy.TwoObjectives(MarkupLoss);
        (_, IReadOnlyList<FrozenTrial> trials) = Write(metrics);
        int[] expected = ParetoStudy.BruteForceFront(metrics, trials);
        Assert.Equal([10, 23, 24], expected);
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();

        Figure figure = Assert.Single(StudyFigures.ParetoFronts(metrics, trials));
        Assert.Equal("pareto-front", figure.Key);
        Assert.Equal(MarkupLoss + " (minimize)", figure.X.Title);
        Assert.Equal("accuracy (maximize)", figure.Y.Title);

        // The front: the brute-force trials, joined in front order (loss rising, accuracy rising with it).
        PlotSeries front = figure.Series.Single(s => s.Name == StudyFigures.FrontSeries);
        Assert.Equal(SeriesKind.LinesAndMarkers, front.Kind);
        Assert.Equal(expected, front.TrialNumbers.Order().ToArray());
        Assert.Equal(front.X.Order().ToArray(), front.X.ToArray());
        for (int p = 0; p < front.X.Length; p++)
        {
            FrozenTrial trial = trials.Single(t => t.Number == front.TrialNumbers[p]);
            Assert.Equal(ParetoStudy.Objective(trial.Number, 0), front.X[p]);
            Assert.Equal(ParetoStudy.Objective(trial.Number, 1), front.Y[p]);
            Assert.Equal($"{MarkupLoss}: {trial.Values[0]:R}\naccuracy: {trial.Values[1]:R}\nlatency: {trial.ConstraintValues[0]:R}\nfeasible", front.HoverTexts[p]);
        }

        // Every other complete trial once: feasible ones as dominated, the others crossed out as infeasible.
        int[] infeasible = complete.Where(t => !ParetoStudy.Feasible(t.Number)).Select(t => t.Number).ToArray();
        Assert.Contains(5, infeasible);
        Assert.Equal(infeasible, Numbers(figure, StudyFigures.InfeasibleSeries));
        Assert.Equal("x", figure.Series.Single(s => s.Name == StudyFigures.InfeasibleSeries).Symbol);
        Assert.Equal(complete.Select(t => t.Number).Except(infeasible).Except(expected).ToArray(), Numbers(figure, StudyFigures.DominatedSeries));
        Assert.Equal(complete.Count, figure.PointCount);

        // Metric names reach plotly escaped, in titles and hover text alike.
        using JsonDocument document = JsonDocument.Parse(PlotlyJson.ToJson(figure));
        Assert.Equal("&lt;b&gt;loss&lt;/b&gt; &amp; co (minimize)", document.RootElement.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.All(
            document.RootElement.GetProperty("data").EnumerateArray().SelectMany(t => t.GetProperty("hovertext").EnumerateArray()),
            text => Assert.DoesNotContain("<b>", text.GetString(), StringComparison.Ordinal));
        JsonElement frontTrace = document.RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == StudyFigures.FrontSeries);
        Assert.Equal("lines+markers", frontTrace.GetProperty("mode").GetString());
        Assert.StartsWith("&lt;b&gt;loss&lt;/b&gt; &amp; co: ", frontTrace.GetProperty("hovertext")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("<br>accuracy: ", frontTrace.GetProperty("hovertext")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_of_several_objectives_lists_the_front_instead_of_a_best_trial()
    {
        MetricsDescriptor metrics = ParetoStudy.TwoObjectives(MarkupLoss);
        (StudyRecord study, IReadOnlyList<FrozenTrial> trials) = Write(metrics);
        var report = new StudyReport(study, trials);
        Assert.Null(report.Best);
        Assert.Equal(ParetoStudy.BruteForceFront(metrics, trials), report.ParetoFront.Select(t => t.Number).ToArray());
        Assert.Equal("pareto-front", report.Figures[0].Key);
        Figure history = report.Figures.Single(f => f.Key == "history");
        Assert.DoesNotContain(history.Series, s => s.Kind == SeriesKind.Steps);

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            report.WriteJson(json, includeTrials: true);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        JsonElement root = document.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("best").ValueKind);
        Assert.Equal(ParetoStudy.BruteForceFront(metrics, trials), root.GetProperty("front").GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("number").GetInt32()).ToArray());
        string[] columns = root.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(["objective:" + MarkupLoss, "objective:accuracy", "constraint:latency", "feasible"], columns[TrialTable.FixedColumns.Length..(TrialTable.FixedColumns.Length + 4)]);
        JsonElement row5 = root.GetProperty("rows").EnumerateArray().Single(r => r[0].GetInt32() == 5);
        Assert.Equal(ParetoStudy.Objective(5, 1), row5[TrialTable.FixedColumns.Length + 1].GetDouble());
        Assert.Equal("no", row5[TrialTable.FixedColumns.Length + 3].GetString());
    }

    [Fact]
    public void Three_objectives_give_a_plot_per_pair_each_with_the_front_over_all_three()
    {
        MetricsDescriptor metrics = ParetoStudy.ThreeObjectives();
        (_, IReadOnlyList<FrozenTrial> trials) = Write(metrics);
        int[] expected = ParetoStudy.BruteForceFront(metrics, trials);
        Assert.Equal([0, 5, 10, 18, 23, 24, 26], expected);

        var figures = StudyFigures.ParetoFronts(metrics, trials);
        Assert.Equal(["loss × accuracy", "loss × size", "accuracy × size"], figures.Select(f => f.Parameter));
        Assert.All(figures, figure =>
        {
            Assert.Equal(expected, Numbers(figure, StudyFigures.FrontSeries).Order().ToArray());
            Assert.Equal(SeriesKind.Markers, figure.Series.Single(s => s.Name == StudyFigures.FrontSeries).Kind);
            Assert.Contains("front over all 3 objectives", figure.Title, StringComparison.Ordinal);
        });
        Assert.Equal("size (minimize)", figures[2].Y.Title);
    }

    [Fact]
    public void A_constrained_single_objective_study_has_its_running_best_and_best_among_feasible_trials_only()
    {
        MetricsDescriptor metrics = ParetoStudy.OneObjectiveConstrained();
        (StudyRecord study, IReadOnlyList<FrozenTrial> trials) = Write(metrics);
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        FrozenTrial bestFeasible = complete.Where(t => ParetoStudy.Feasible(t.Number)).MinBy(t => t.Values[0])!;
        Assert.True(complete.Min(t => t.Values[0]) < bestFeasible.Values[0], "the lowest loss should break the constraint");

        var analysis = new StudyAnalysis(HostileConfig.Descriptor, study.Direction, trials);
        Figure history = StudyFigures.History(analysis.GetHistory(), byTime: false, metrics, trials);
        Assert.Equal("loss (minimize)", history.Y.Title);
        Assert.Equal(complete.Where(t => !ParetoStudy.Feasible(t.Number)).Select(t => t.Number).ToArray(), Numbers(history, StudyFigures.InfeasibleSeries));
        PlotSeries running = history.Series.Single(s => s.Kind == SeriesKind.Steps);
        Assert.Equal(bestFeasible.Values[0], running.Y[^1]);
        Assert.All(running.TrialNumbers, n => Assert.True(ParetoStudy.Feasible(n), $"trial {n} holds the running best but is infeasible"));

        var report = new StudyReport(study, trials);
        Assert.Equal(bestFeasible.Number, report.Best?.Number);
        Assert.Empty(report.ParetoFront);
        Assert.DoesNotContain(report.Figures, f => f.Key == "pareto-front");
    }
}
