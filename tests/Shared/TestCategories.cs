namespace AttrTune.TestSupport;

/// <summary>
/// Test traits. Suites that start real browsers, terminals, killed processes or restarted database servers are
/// <see cref="Slow"/>: the README's test command (and CI) runs them, and the inner loop leaves them out with
/// <c>--filter "Category!=Slow"</c>.
/// </summary>
internal static class TestCategories
{
    public const string Key = "Category";

    public const string Slow = "Slow";
}
