using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Cli.Tests;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Microsoft.Playwright;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary><c>attrtune dashboard</c> as installed, started on a free port, driven by Chromium.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class DashboardTests
{
    private readonly BrowserSession _session;

    public DashboardTests(BrowserSession session) => _session = session;

    [SkippableFact]
    public async Task The_study_page_draws_every_figure_and_pages_the_table_on_the_server()
    {
        Hostile.SkipUnlessBrowser();
        WatchedPage list = await _session.OpenAsync(_session.Url);
        Assert.Equal(["demo", "empty", StudyWriter.HostileName, "other", StudyWriter.ParetoName, StudyWriter.PbtName], (await list.Page.Locator("table.studies a").AllTextContentsAsync()).Order(StringComparer.Ordinal).ToArray());
        await _session.ScreenshotAsync(list.Page, "dashboard-studies");
        list.AssertClean(_session.Url);

        WatchedPage page = await _session.OpenAsync(_session.Url + "study?name=demo");
        var figures = await RenderedFigure.ReadAsync(page.Page, "importance", "contour");
        using SqliteStorage storage = _session.OpenStorage();
        StudyRecord study = storage.FindStudy("demo")!;
        var trials = storage.GetTrials(study.Id);
        Expectations.CheckFigures(figures, study.Space!, trials);
        await TrialTableProbe.WaitForCountAsync(page.Page, trials.Count);
        await TrialTableProbe.AssertShowsStoredValuesAsync(page.Page, study.Space!, trials);
        await TrialTableProbe.AssertFiltersAsync(page.Page, trials, "LearningRate", 1e-3, 1e-2);
        Assert.Contains("new Maker.Config", await page.Page.Locator("#best .config-csharp").TextContentAsync(), StringComparison.Ordinal);
        await _session.ScreenshotAsync(page.Page, "dashboard-study");

        // The contour of a chosen pair, fitted by the server.
        await page.Page.SelectOptionAsync("#contour-x", "Optimizer");
        await page.Page.SelectOptionAsync("#contour-y", "Momentum");
        await page.Page.WaitForFunctionAsync("() => document.querySelector('.figure[data-key=\"contour\"]').getAttribute('data-parameter') === 'Optimizer × Momentum'");
        RenderedFigure chosen = Expectations.Single(await RenderedFigure.ReadAsync(page.Page), "contour", "Optimizer × Momentum");
        Assert.Equal("Optimizer", chosen.XTitle);
        Assert.Equal("Momentum", chosen.YTitle);
        Assert.Equal(trials.Count(t => t.State == TrialState.Complete && t.Parameters.ContainsKey("Optimizer") && t.Parameters.ContainsKey("Momentum")), chosen.Markers);
        page.AssertClean(_session.Url);
    }

    [SkippableFact]
    public async Task A_trial_written_by_another_process_appears_without_a_reload_within_two_seconds()
    {
        Hostile.SkipUnlessBrowser();
        WatchedPage page = await _session.OpenAsync(_session.Url + "study?name=demo");
        int before;
        using (SqliteStorage storage = _session.OpenStorage())
        {
            before = storage.GetTrials(storage.FindStudy("demo")!.Id).Count;
        }

        await TrialTableProbe.WaitForCountAsync(page.Page, before);
        await page.Page.EvaluateAsync("() => { window.attrtuneNotReloaded = true; }");

        // The study maker (built from the packed library) adds trials in its own process, one every 300 ms.
        ProcessStartInfo start = InstalledTool.Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", _session.Tool.WorkDirectory, [_session.Tool.MakerDll, "add", _session.StudyFile, "demo", "3", "300"]);
        using Process maker = Process.Start(start)!;
        maker.StandardInput.Close();
        Task<string> output = maker.StandardOutput.ReadToEndAsync();
        await maker.WaitForExitAsync();
        Assert.True(maker.ExitCode == 0, await output + await maker.StandardError.ReadToEndAsync());
        var clock = Stopwatch.StartNew();
        await TrialTableProbe.WaitForCountAsync(page.Page, before + 3, timeout: 2_000);
        TimeSpan seen = clock.Elapsed;
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.attrtuneNotReloaded === true"), "the page was reloaded");
        await page.Page.WaitForFunctionAsync("n => document.querySelector('.figure[data-key=\"history\"]').getAttribute('data-points') !== null && Number(document.querySelector('#summary dd:nth-of-type(4)').textContent) === n", before + 3);
        await _session.ScreenshotAsync(page.Page, "dashboard-live");
        page.AssertClean(_session.Url);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the last of 3 new trials appeared {seen.TotalMilliseconds:F0} ms after its writer exited"));
    }

    [SkippableFact]
    public async Task Markup_in_names_choices_attributes_and_exceptions_is_shown_as_text()
    {
        Hostile.SkipUnlessBrowser();
        string name = Uri.EscapeDataString(StudyWriter.HostileName);
        WatchedPage list = await _session.OpenAsync(_session.Url);
        await Hostile.AssertShownAsTextAsync(list.Page, scripts: 0, expectChoices: false);
        list.AssertClean(_session.Url);

        WatchedPage page = await _session.OpenAsync(_session.Url + "study?name=" + name);
        var figures = await RenderedFigure.ReadAsync(page.Page, "importance");
        await TrialTableProbe.WaitForCountAsync(page.Page, StudyWriter.HostileTrials);
        await Hostile.AssertShownAsTextAsync(page.Page, scripts: 2);
        RenderedFigure mode = Expectations.Single(figures, "slice", "Mode");
        Assert.Contains(mode.XTicks, tick => tick.Contains(HostileConfig.ScriptChoice, StringComparison.Ordinal));
        Assert.Contains(mode.XTicks, tick => tick.Contains(HostileConfig.ImageChoice, StringComparison.Ordinal));
        Assert.Equal("page 1 of 3", await page.Page.Locator("#page-info").TextContentAsync());
        await page.Page.ClickAsync("#page-next");
        await page.Page.WaitForFunctionAsync("() => document.querySelector('#page-info').textContent === 'page 2 of 3'");
        Assert.Equal("50", await page.Page.Locator("#trial-table tbody tr").First.GetAttributeAsync("data-number"));
        await _session.ScreenshotAsync(page.Page, "dashboard-hostile");
        page.AssertClean(_session.Url);

        // A failed trial: the exception's message and stack trace, and the attribute, as text.
        WatchedPage trial = await _session.OpenAsync(_session.Url + "trial?study=" + name + "&number=7");
        Assert.Equal("System.InvalidOperationException", await trial.Page.Locator("#failure .exception code").TextContentAsync());
        Assert.Contains(StudyWriter.HostileMessage, await trial.Page.Locator("#failure .exception").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("StudyWriter", await trial.Page.Locator("#failure pre.stack").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(StudyWriter.HostileAttribute, await trial.Page.Locator("#attributes pre").TextContentAsync());
        await trial.Page.WaitForSelectorAsync(".figure .main-svg");
        await Hostile.AssertShownAsTextAsync(trial.Page, scripts: 3, expectChoices: false);
        await _session.ScreenshotAsync(trial.Page, "dashboard-trial");
        trial.AssertClean(_session.Url);
    }
}
