using System;
using System.Threading;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// The packed package and the kill test's worker built from it once, for every test of <see cref="KillCollection"/>:
/// one build of the worker serves the SQLite and the PostgreSQL runs, and it stays on disk until they all ended.
/// </summary>
public sealed class KillWorker : IDisposable
{
    private readonly Lazy<string> _dll;

    public KillWorker()
    {
        Package = new PackedPackage();
        _dll = new Lazy<string>(() => KillDriver.BuildWorker(Package), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public PackedPackage Package { get; }

    /// <summary>The worker's dll, built on first use (the first test pays for it, and says so).</summary>
    public string Dll => _dll.Value;

    public bool IsBuilt => _dll.IsValueCreated;

    public void Dispose() => Package.Dispose();
}
