using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.MultiObjective;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Microsoft.Playwright;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>A study with two objectives and a constraint in the dashboard and its report: the Pareto plot, the front list, the metric columns.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ParetoPageTests
{
    private readonly BrowserSession _session;

    public ParetoPageTests(BrowserSession session) => _session = session;

    [SkippableFact]
    public async Task The_dashboard_draws_the_pareto_front_lists_it_and_has_a_column_per_metric()
    {
        Hostile.SkipUnlessBrowser();
        WatchedPage list = await _session.OpenAsync(_session.Url);
        string row = (await list.Page.Locator("table.studies tr", new PageLocatorOptions { HasText = StudyWriter.ParetoName }).Last.TextContentAsync())!;
        Assert.Contains("2 objectives", row, StringComparison.Ordinal);
        list.AssertClean(_session.Url);

        WatchedPage page = await _session.OpenAsync(_session.Url + "study?name=" + Uri.EscapeDataString(StudyWriter.ParetoName));
        await CheckAsync(page);
        await _session.ScreenshotAsync(page.Page, "dashboard-pareto");
        page.AssertClean(_session.Url);
    }

    [SkippableFact]
    public async Task The_report_draws_the_same_pareto_front_offline()
    {
        Hostile.SkipUnlessBrowser();
        WatchedPage page = await _session.OpenAsync(new Uri(_session.Reports[StudyWriter.ParetoName]).AbsoluteUri);
        await CheckAsync(page);
        await _session.ScreenshotAsync(page.Page, "report-pareto");
        page.AssertClean("file://");
    }

    private async Task CheckAsync(WatchedPage page)
    {
        using SqliteStorage storage = _session.OpenStorage();
        StudyRecord study = storage.FindStudy(StudyWriter.ParetoName)!;
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Id);
        MetricsDescriptor metrics = study.Metrics!;
        int[] front = ParetoStudy.BruteForceFront(metrics, trials);
        Assert.True(front.Length >= 2, "the study's front should have several trials");
        int complete = trials.Count(t => t.State == TrialState.Complete);

        // The plot: plotly's front trace holds the brute-force trials, and the SVG has a marker per complete trial.
        IReadOnlyList<RenderedFigure> figures = await RenderedFigure.ReadAsync(page.Page, "pareto-front");
        RenderedFigure pareto = Expectations.Single(figures, "pareto-front", StudyWriter.HostileMetric + " × accuracy");
        Assert.Equal(complete, pareto.Declared);
        Assert.Equal(complete, pareto.Plotted);
        Assert.Equal(complete, pareto.Markers);
        Assert.Equal(StudyWriter.HostileMetric + " (minimize)", pareto.XTitle);
        Assert.Equal("accuracy (maximize)", pareto.YTitle);
        int[] drawn = await page.Page.EvaluateAsync<int[]>(
            "() => document.querySelector('.figure[data-key=\"pareto-front\"] .plot').data.find(t => t.name === 'Pareto front').customdata");
        Assert.Equal(front, drawn.Order().ToArray());
        int frontMarkers = await page.Page.EvaluateAsync<int>(
            "() => { const gd = document.querySelector('.figure[data-key=\"pareto-front\"] .plot'); const i = gd.data.findIndex(t => t.name === 'Pareto front'); return gd.querySelectorAll('.scatterlayer .trace')[i].querySelectorAll('path.point').length; }");
        Assert.Equal(front.Length, frontMarkers);

        // The front list instead of a best trial, a row per front trial with its metrics.
        Assert.Equal("Pareto front", await page.Page.Locator("#best h2").TextContentAsync());
        string?[] listed = (await page.Page.Locator("#pareto-front tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.getAttribute('data-number'))")).ToArray();
        Assert.Equal(front.Select(n => n.ToString(CultureInfo.InvariantCulture)), listed);
        FrozenTrial first = trials.Single(t => t.Number == front[0]);
        IReadOnlyList<string> cells = await page.Page.Locator("#pareto-front tbody tr").First.Locator("td").AllTextContentsAsync();
        Assert.Equal(first.Values[0], double.Parse(cells[1], CultureInfo.InvariantCulture));
        Assert.Equal(first.Values[1], double.Parse(cells[2], CultureInfo.InvariantCulture));
        Assert.Equal(first.ConstraintValues[0], double.Parse(cells[3], CultureInfo.InvariantCulture));
        Assert.Contains("\"Depth\"", await page.Page.Locator("#pareto-front .config-json").First.TextContentAsync(), StringComparison.Ordinal);

        // The table: a column per objective and constraint, and whether the trial is feasible.
        await TrialTableProbe.WaitForCountAsync(page.Page, trials.Count);
        (List<string> columns, List<List<string>> rows) = await TrialTableProbe.ReadAsync(page.Page);
        string[] metricColumns = ["objective:" + StudyWriter.HostileMetric, "objective:accuracy", "constraint:latency", "feasible"];
        Assert.All(metricColumns, c => Assert.Contains(c, columns));
        foreach (List<string> cellsOfRow in rows)
        {
            int number = int.Parse(cellsOfRow[0], CultureInfo.InvariantCulture);
            FrozenTrial trial = trials.Single(t => t.Number == number);
            string feasible = cellsOfRow[columns.IndexOf("feasible")];
            Assert.Equal(trial.State == TrialState.Complete ? (ParetoStudy.Feasible(number) ? "yes" : "no") : string.Empty, feasible);
            string accuracy = cellsOfRow[columns.IndexOf("objective:accuracy")];
            Assert.Equal(trial.State == TrialState.Complete ? trial.Values[1].ToString("R", CultureInfo.InvariantCulture) : string.Empty, accuracy);
        }

        // Sorting by a metric's column works the same live (on the server) and in the report (in the page).
        await page.Page.ClickAsync("#trial-table th[data-column=\"objective:accuracy\"]");
        await page.Page.WaitForFunctionAsync("() => document.querySelector('#trial-table th[data-column=\"objective:accuracy\"]').className.indexOf('sorted') >= 0");
        string? top = await page.Page.Locator("#trial-table tbody tr").First.GetAttributeAsync("data-number");
        FrozenTrial lowest = trials.Where(t => t.State == TrialState.Complete).OrderBy(t => t.Values[1]).ThenBy(t => t.Number).First();
        Assert.Equal(lowest.Number.ToString(CultureInfo.InvariantCulture), top);

        // The metric's markup stayed text everywhere.
        Assert.Equal(0, await page.Page.Locator("img").CountAsync());
        Assert.Contains(StudyWriter.HostileMetric + " (minimize)", await page.Page.Locator("#summary").TextContentAsync(), StringComparison.Ordinal);
    }
}
