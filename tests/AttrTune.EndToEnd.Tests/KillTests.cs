using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AttrTune.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// Workers of one SQLite study SIGKILLed at random moments, built from the package as a user would build them. The
/// longer run of the same driver is bench/killtest/run.sh.
/// </summary>
[Collection(KillCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public class KillTests
{
    private readonly KillWorker _worker;
    private readonly ITestOutputHelper _output;

    public KillTests(KillWorker worker, ITestOutputHelper output)
    {
        _worker = worker;
        _output = output;
    }

    [Fact]
    public void Workers_killed_at_random_lose_no_acknowledged_trial_duplicate_none_and_leave_none_running()
    {
        var clock = Stopwatch.StartNew();
        bool built = _worker.IsBuilt;
        string worker = _worker.Dll;
        _output.WriteLine(built ? "worker built by an earlier test" : $"worker built in {clock.Elapsed.TotalSeconds:0.0} s");

        // 4 workers on a 400-point grid, each killed within a second of trials or 0-25 ms after its first 0-9 finishes;
        // 12 kills and restarts, then a kill of the 4 still running (bench/killtest runs the long version: 50 and more).
        // 20 launches of at most ~13 finishes each cannot
        // exhaust the grid, however fast the machine, so the kills always come among trials; what they leave, with
        // the dead workers' trials, is finished by 4 workers without kills.
        KillReport report = KillDriver.Run(
            worker,
            new KillRunOptions { Workers = 4, Kills = 12, PointsPerRow = 40, MaxFinishesPerLife = 10 },
            _output.WriteLine);
        _output.WriteLine(report.ToString());
        _output.WriteLine($"total {clock.Elapsed.TotalSeconds:0.0} s");

        // The database and side logs stay in the report's folder when a check fails: they are the evidence.
        Assert.True(report.Violations.ToList() is [], report.ToString());
        Directory.Delete(report.Directory, recursive: true);
        Assert.True(report.Kills >= 12, $"only {report.Kills} kills were sent\n{report}");
        Assert.True(report.KillsAmongTrials > 0 && report.Checks.FailedAsDead > 0 && report.Checks.LoggedFinishes > 0, $"the kills hit no running trial\n{report}");
    }
}
