using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>The browser tests share one session (tool, dashboard, reports, browser) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSession>
{
    public const string Name = "browser";
}
