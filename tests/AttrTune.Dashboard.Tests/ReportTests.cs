using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>The file <c>attrtune report</c> writes, opened from file:// in Chromium with no server.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class ReportTests
{
    private readonly BrowserSession _session;

    public ReportTests(BrowserSession session) => _session = session;

    [SkippableFact]
    public async Task The_report_draws_every_figure_and_the_stored_trials_offline()
    {
        SkipUnlessBrowser();
        WatchedPage page = await _session.OpenAsync(new Uri(_session.Reports["demo"]).AbsoluteUri);
        var figures = await RenderedFigure.ReadAsync(page.Page, "importance", "contour");
        using SqliteStorage storage = _session.OpenStorage();
        StudyRecord study = storage.FindStudy("demo")!;
        var trials = storage.GetTrials(study.Id).Where(t => t.Number < 30).ToList();
        Expectations.CheckFigures(figures, study.Space!, trials);

        await TrialTableProbe.WaitForCountAsync(page.Page, trials.Count);
        await TrialTableProbe.AssertShowsStoredValuesAsync(page.Page, study.Space!, trials);
        await TrialTableProbe.AssertFiltersAsync(page.Page, trials, "LearningRate", 1e-3, 1e-2);
        FrozenTrial best = trials.Where(t => t.State == TrialState.Complete).OrderBy(t => t.Value).ThenBy(t => t.Number).First();
        Assert.Equal(best.Value!.Value, double.Parse((await page.Page.Locator("#best .best-value").TextContentAsync())!, System.Globalization.CultureInfo.InvariantCulture));
        await _session.ScreenshotAsync(page.Page, "report");
        page.AssertClean("file://");

        // Self-contained and small: plotly.js (4.6 MB) plus the study.
        Assert.True(new FileInfo(_session.Reports["demo"]).Length < 5_000_000 + 1_000_000, "the report is larger than plotly.js and 1 MB");
    }

    [SkippableFact]
    public async Task The_report_pages_its_table_and_shows_markup_as_text()
    {
        SkipUnlessBrowser();
        WatchedPage page = await _session.OpenAsync(new Uri(_session.Reports[StudyWriter.HostileName]).AbsoluteUri);
        await TrialTableProbe.WaitForCountAsync(page.Page, StudyWriter.HostileTrials);
        Assert.Equal("page 1 of 3", await page.Page.Locator("#page-info").TextContentAsync());
        Assert.Equal(50, await page.Page.Locator("#trial-table tbody tr").CountAsync());
        await page.Page.ClickAsync("#page-next");
        await page.Page.WaitForFunctionAsync("() => document.querySelector('#page-info').textContent === 'page 2 of 3'");
        Assert.Equal("50", await page.Page.Locator("#trial-table tbody tr").First.GetAttributeAsync("data-number"));

        await Hostile.AssertShownAsTextAsync(page.Page, scripts: 3);
        await _session.ScreenshotAsync(page.Page, "report-hostile");
        page.AssertClean("file://");
    }

    [SkippableFact]
    public async Task The_report_of_a_population_based_training_study_draws_its_lineage()
    {
        SkipUnlessBrowser();
        WatchedPage page = await _session.OpenAsync(new Uri(_session.Reports[StudyWriter.PbtName]).AbsoluteUri);
        var figures = await RenderedFigure.ReadAsync(page.Page, "pbt-lineage");
        using SqliteStorage storage = _session.OpenStorage();
        StudyRecord study = storage.FindStudy(StudyWriter.PbtName)!;
        Expectations.CheckPbt(figures, study.Space!, storage.GetTrials(study.Id));
        await _session.ScreenshotAsync(page.Page, "report-pbt");
        page.AssertClean("file://");
    }

    private static void SkipUnlessBrowser() => Hostile.SkipUnlessBrowser();
}
