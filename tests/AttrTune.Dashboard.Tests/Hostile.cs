using System;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>Checks that the hostile study's markup reached the page as text and nowhere as markup.</summary>
internal static class Hostile
{
    /// <summary>Skips without Chromium, except in CI (CI=true), where a missing browser is a failure.</summary>
    public static void SkipUnlessBrowser()
    {
        if (BrowserSession.Unavailable is { } reason)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", reason);
            Skip.If(true, reason);
        }
    }

    /// <summary>
    /// No element the payloads would create exists (no img, no script beyond the page's own
    /// <paramref name="scripts"/>), and the payloads are on the page as the text they are.
    /// </summary>
    public static async Task AssertShownAsTextAsync(IPage page, int scripts, bool expectChoices = true, bool expectName = true)
    {
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('img').length"));
        Assert.Equal(scripts, await page.EvaluateAsync<int>("() => document.querySelectorAll('script').length"));
        string text = await page.EvaluateAsync<string>("() => document.body.innerText");
        if (expectName)
        {
            Assert.Contains(StudyWriter.HostileName, text, StringComparison.Ordinal);
        }

        if (expectChoices)
        {
            Assert.Contains(HostileConfig.ScriptChoice, text, StringComparison.Ordinal);
            Assert.Contains(HostileConfig.ImageChoice, text, StringComparison.Ordinal);
        }
    }
}
