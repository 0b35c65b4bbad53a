using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Playwright;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>A browser page with everything a test must see go wrong recorded.</summary>
public sealed class WatchedPage
{
    private readonly List<string> _errors = [];
    private readonly List<string> _dialogs = [];
    private readonly List<string> _requests = [];

    public WatchedPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
            {
                _errors.Add($"uncaught: {error}");
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add(dialog.Message);
            }

            await dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request.Url);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>
    /// No console error, no uncaught exception, no dialog, and no request to anywhere but <paramref name="origin"/>
    /// (the dashboard) or the report's own file.
    /// </summary>
    public void AssertClean(string origin)
    {
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, $"errors in the page {Page.Url}:\n{string.Join('\n', _errors)}\nrequests:\n{string.Join('\n', Requests)}");
        }

        lock (_dialogs)
        {
            Assert.True(_dialogs.Count == 0, "a dialog opened (injected script ran): " + string.Join(" | ", _dialogs));
        }

        string[] elsewhere = Requests.Where(url => !url.StartsWith(origin, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)).ToArray();
        Assert.True(elsewhere.Length == 0, "requests left the dashboard or the file: " + string.Join(", ", elsewhere));
    }

    public async System.Threading.Tasks.Task CloseAsync() => await Page.CloseAsync();
}
