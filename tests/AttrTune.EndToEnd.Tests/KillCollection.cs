using Xunit;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// The tests that run many worker processes (<see cref="KillTests"/>, <see cref="PostgresFaultTests"/>): one after
/// the other, not side by side, since on a small machine two of them at once would each slow the other's workers, and
/// they share one build of the worker.
/// </summary>
[CollectionDefinition(Name)]
public sealed class KillCollection : ICollectionFixture<KillWorker>
{
    public const string Name = "Worker processes killed";
}
