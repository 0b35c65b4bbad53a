using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using Microsoft.Playwright;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>The trial table as a user sees and drives it: its cells, its filters, its pages.</summary>
internal static class TrialTableProbe
{
    /// <summary>The header names and the visible rows' cell texts.</summary>
    public static async Task<(List<string> Columns, List<List<string>> Rows)> ReadAsync(IPage page)
    {
        List<string> columns = (await page.Locator("#trial-table thead th").AllTextContentsAsync()).Select(c => c.Replace(" ▲", string.Empty).Replace(" ▼", string.Empty)).ToList();
        var rows = new List<List<string>>();
        foreach (ILocator row in await page.Locator("#trial-table tbody tr").AllAsync())
        {
            rows.Add((await row.Locator("td").AllTextContentsAsync()).ToList());
        }

        return (columns, rows);
    }

    /// <summary>Waits until the count above the table reads <paramref name="count"/> trials.</summary>
    public static Task WaitForCountAsync(IPage page, int count, float timeout = 10_000) =>
        page.WaitForFunctionAsync("n => document.querySelector('#trial-count') && document.querySelector('#trial-count').textContent === n + (n === 1 ? ' trial' : ' trials')", count, new PageWaitForFunctionOptions { Timeout = timeout });

    /// <summary>Every visible row shows its trial's stored value and parameters: numbers exactly, choices by value, inactive ones empty.</summary>
    public static async Task AssertShowsStoredValuesAsync(IPage page, SearchSpaceDescriptor space, IReadOnlyList<FrozenTrial> trials)
    {
        (List<string> columns, List<List<string>> rows) = await ReadAsync(page);
        Assert.NotEmpty(rows);
        Dictionary<int, FrozenTrial> byNumber = trials.ToDictionary(t => t.Number);
        foreach (List<string> row in rows)
        {
            FrozenTrial trial = byNumber[int.Parse(row[0], CultureInfo.InvariantCulture)];
            Assert.Equal(trial.State.ToString().ToLowerInvariant(), row[columns.IndexOf("state")]);
            string value = row[columns.IndexOf("value")];
            if (trial.Value is { } stored)
            {
                Assert.Equal(stored, double.Parse(value, CultureInfo.InvariantCulture));
            }
            else
            {
                Assert.Equal(string.Empty, value);
            }

            foreach (ParameterDescriptor parameter in space.Parameters)
            {
                string cell = row[columns.IndexOf(parameter.Name)];
                if (!trial.Parameters.TryGetValue(parameter.Name, out double internalValue))
                {
                    Assert.Equal(string.Empty, cell);
                }
                else if (parameter.Distribution is CategoricalDistribution choices)
                {
                    Assert.Equal(choices.GetChoice((int)internalValue)?.ToString(), cell);
                }
                else
                {
                    Assert.Equal(internalValue, double.Parse(cell, CultureInfo.InvariantCulture));
                }
            }
        }
    }

    /// <summary>Filters by state, then by a numeric range, then clears both, checking the counts against storage.</summary>
    public static async Task AssertFiltersAsync(IPage page, IReadOnlyList<FrozenTrial> trials, string parameter, double min, double max)
    {
        int pruned = trials.Count(t => t.State == TrialState.Pruned);
        int failed = trials.Count(t => t.State == TrialState.Failed);
        string state = pruned > 0 ? "pruned" : "failed";
        int inState = pruned > 0 ? pruned : failed;
        Assert.True(inState > 0, "the study has neither pruned nor failed trials to filter on");
        await page.SelectOptionAsync("#filter-state", state);
        await WaitForCountAsync(page, inState);
        Assert.All((await ReadAsync(page)).Rows, row => Assert.Equal(state, row[1]));

        await page.SelectOptionAsync("#filter-state", string.Empty);
        await page.SelectOptionAsync("#filter-param", parameter);
        await page.Locator("#filter-min").FillAsync(min.ToString("R", CultureInfo.InvariantCulture));
        await page.Locator("#filter-max").FillAsync(max.ToString("R", CultureInfo.InvariantCulture));
        await page.Locator("#filter-max").DispatchEventAsync("change");
        int inRange = trials.Count(t => t.Parameters.TryGetValue(parameter, out double v) && v >= min && v <= max);
        Assert.True(inRange > 0 && inRange < trials.Count, $"the range [{min}, {max}] of {parameter} should hold some trials but not all; it holds {inRange} of {trials.Count}");
        await WaitForCountAsync(page, inRange);

        await page.SelectOptionAsync("#filter-param", string.Empty);
        await WaitForCountAsync(page, trials.Count);
    }
}
