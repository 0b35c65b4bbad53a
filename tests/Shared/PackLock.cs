using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace AttrTune.TestSupport;

/// <summary>
/// Serialises <c>dotnet pack</c> of the library across test processes. <c>dotnet test AttrTune.sln</c> runs the test
/// projects side by side, and two of them pack AttrTune: two packs at once would both run the library's (up to date)
/// build, which still rewrites files in its obj folder, and one can fail on a file the other holds. Linked into each
/// test project that packs.
/// </summary>
internal sealed class PackLock : IDisposable
{
    private readonly FileStream _file;

    private PackLock(FileStream file) => _file = file;

    /// <summary>Waits for the lock (a file in the library's obj folder held open exclusively) for up to 15 minutes.</summary>
    public static PackLock Acquire(string repositoryRoot)
    {
        string folder = Path.Combine(repositoryRoot, "src", "AttrTune", "obj");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "attrtune-pack.lock");
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new PackLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (clock.Elapsed < TimeSpan.FromMinutes(15))
            {
                // Another test process is packing; a pack takes seconds, so look again shortly.
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
