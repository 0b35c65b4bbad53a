using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using AttrTune.Cli.Tests;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Microsoft.Playwright;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>
/// What every browser test shares, made once: the packed and installed <c>attrtune</c> tool, a study file (the
/// command-line tests' "demo" study, plus a study full of markup and a PBT study), one <c>attrtune dashboard</c>
/// process on a free port serving it, the reports <c>attrtune report</c> wrote of it, and one headless Chromium
/// (Debian's, never a downloaded one) driven by Playwright.
/// </summary>
public sealed class BrowserSession : IAsyncLifetime
{
    /// <summary>Debian's Chromium; .ci/run installs it.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private Process? _dashboard;
    private IPlaywright? _playwright;

    public InstalledTool Tool { get; private set; } = null!;

    /// <summary>The study file the dashboard serves and the reports were written from.</summary>
    public string StudyFile { get; private set; } = null!;

    public const string StorageUrl = "sqlite:///dashboard.db";

    /// <summary>The dashboard's URL, ending in '/'.</summary>
    public string Url { get; private set; } = null!;

    /// <summary>What the dashboard printed when it started (stdout and stderr).</summary>
    public List<string> DashboardOutput { get; } = [];

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Reports by study name: demo, the hostile study, pbt, pareto.</summary>
    public Dictionary<string, string> Reports { get; } = new(StringComparer.Ordinal);

    /// <summary>Where screenshots go: TestResults/screenshots beside the project (or $ATTRTUNE_SCREENSHOTS).</summary>
    public string Screenshots { get; private set; } = null!;

    /// <summary>Null when Chromium can run here; otherwise why not (the tests skip, or fail in CI).</summary>
    public static string? Unavailable =>
        File.Exists(ChromiumPath) ? null : $"{ChromiumPath} is missing: apt-get install chromium (.ci/run does).";

    public async Task InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return;
        }

        Tool = InstalledTool.Shared;
        Screenshots = Environment.GetEnvironmentVariable("ATTRTUNE_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Tool.RepositoryRoot, "tests", "AttrTune.Dashboard.Tests", "TestResults", "screenshots");
        Directory.CreateDirectory(Screenshots);
        StudyFile = Tool.CopyStudyFile("dashboard.db");
        await StudyWriter.WriteAsync(StudyFile);

        // Four reports and the browser side by side with the dashboard's start: each waits on its own process.
        var reports = new[] { ("demo", "demo-report.html"), (StudyWriter.HostileName, "hostile-report.html"), (StudyWriter.PbtName, "pbt-report.html"), (StudyWriter.ParetoName, "pareto-report.html") }
            .Select(r => Task.Run(() =>
            {
                ProcessResult result = Tool.Run("report", r.Item1, "--storage", StorageUrl, "-o", r.Item2);
                Assert.True(result.ExitCode == 0, result.ToString());
                return (r.Item1, Path.Combine(Tool.WorkDirectory, r.Item2));
            }))
            .ToList();
        Task<IPlaywright> playwright = Playwright.CreateAsync();
        StartDashboard();
        _playwright = await playwright;
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
        });
        foreach ((string study, string path) in await Task.WhenAll(reports))
        {
            Reports[study] = path;
        }
    }

    /// <summary>
    /// Opens <paramref name="url"/> in a new page that records console errors, uncaught exceptions, dialogs
    /// (an alert would mean injected script ran) and every request's URL.
    /// </summary>
    public async Task<WatchedPage> OpenAsync(string url)
    {
        IPage page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var watched = new WatchedPage(page);
        await page.GotoAsync(url);
        return watched;
    }

    /// <summary>Saves a full-page screenshot as a test artifact, and one of the plots as the viewport shows them.</summary>
    public async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        if (await page.QuerySelectorAsync("#plots") is { } plots)
        {
            await plots.ScrollIntoViewIfNeededAsync();
            await page.EvaluateAsync("() => document.querySelector('#plots').scrollIntoView()");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + "-plots.png") });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_dashboard is { HasExited: false })
        {
            _dashboard.Kill(entireProcessTree: true);
            await _dashboard.WaitForExitAsync();
        }

        _dashboard?.Dispose();
    }

    private void StartDashboard()
    {
        ProcessStartInfo start = InstalledTool.Start(Tool.Executable, Tool.WorkDirectory, ["dashboard", "--storage", StorageUrl, "--port", "0"]);
        _dashboard = Process.Start(start)!;
        _dashboard.StandardInput.Close();
        _dashboard.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (DashboardOutput)
                {
                    DashboardOutput.Add(e.Data);
                }
            }
        };
        _dashboard.BeginErrorReadLine();
        Task<string?> line = _dashboard.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is not { } first)
        {
            throw new InvalidOperationException("attrtune dashboard printed no URL within 60 s: " + string.Join('\n', DashboardOutput));
        }

        DashboardOutput.Add(first);
        Match url = Regex.Match(first, @"http://127\.0\.0\.1:\d+/");
        Url = url.Success ? url.Value : throw new InvalidOperationException("attrtune dashboard printed no loopback URL: " + first);
    }

    /// <summary>Opens the study file with the library, as the dashboard does, to know what the pages must show.</summary>
    public SqliteStorage OpenStorage() => new(StudyFile);
}
