using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using AttrTune.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// Worker processes of one PostgreSQL study, built from the package, SIGKILLed at random while the server restarts
/// under them or while a proxy between them and the server drops and delays their connections. The same driver and
/// checks as the SQLite kill test (<see cref="KillTests"/>), on a throwaway cluster: skipped with the reason where
/// PostgreSQL's binaries are missing, a failure in CI.
/// </summary>
[Collection(KillCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class PostgresFaultTests
{
    private const int Workers = 8;

    // The restart test's kills, as the issue asks; the proxy test's faults are its drops, so fewer kills serve it.
    private const int Kills = 50;
    private const int KillsBehindProxy = 16;

    private readonly KillWorker _worker;
    private readonly ITestOutputHelper _output;

    public PostgresFaultTests(KillWorker worker, ITestOutputHelper output)
    {
        _worker = worker;
        _output = output;
    }

    [SkippableFact]
    public void Workers_killed_while_the_server_restarts_twice_lose_no_acknowledged_trial_duplicate_none_and_leave_none_running()
    {
        var clock = Stopwatch.StartNew();
        using PostgresServer server = PostgresServer.StartPrivate();
        var database = new PostgresKillDatabase(server, server.CreateDatabase());
        string worker = Worker(clock);
        var cpu = new CpuMeter(server);

        KillReport report = Run(worker, database, new KillRunOptions { Kills = Kills, ServerRestarts = 2, RestartServer = server.Restart });
        _output.WriteLine($"total {clock.Elapsed.TotalSeconds:0.0} s; {cpu}");

        Judge(report, database, () =>
        {
            AssertHeld(report, "the restarts", Kills);
            Assert.True(report.Restarts.Count == 2, $"{report.Restarts.Count} restarts of the 2 asked for\n{report}");
            foreach (ServerRestart restart in report.Restarts)
            {
                // Mid-run: trials had finished before it, and finished again after the server was back, with kills still to come.
                Assert.True(restart.Error is null && restart.FinishesBefore > 0 && restart.RecoveredAfter is not null && restart.KillsBefore < Kills, $"{restart}\n{report}");
            }

            // The server really went down: it started again at the last restart, and the workers felt the outages.
            DateTimeOffset started = database.ServerStarted();
            Assert.True(started >= report.Restarts[^1].StartedUtc - TimeSpan.FromSeconds(1), $"the server's start time {started:O} is before the last restart\n{report}");
            Assert.True(report.StorageRetries + report.OpenRetries > 0, $"no worker retried a storage call: the restarts were not felt\n{report}");
        });
    }

    [SkippableFact]
    public void Workers_killed_behind_a_proxy_that_drops_and_delays_their_connections_lose_no_acknowledged_trial_duplicate_none_and_leave_none_running()
    {
        var clock = Stopwatch.StartNew();
        int seed = Environment.TickCount;
        using PostgresServer server = PostgresServer.StartPrivate();
        using var proxy = new FaultyProxy(
            server.Port,
            seed,
            minDropInterval: TimeSpan.FromMilliseconds(200),
            maxDropInterval: TimeSpan.FromMilliseconds(1000),
            refuseFraction: 0.05,
            replyDropFraction: 0.02,
            delayFraction: 0.05,
            maxDelay: TimeSpan.FromMilliseconds(50));
        var database = new PostgresKillDatabase(server, server.CreateDatabase(), proxy.Port);
        string worker = Worker(clock);
        var cpu = new CpuMeter(server);

        KillReport report = Run(worker, database, new KillRunOptions { Kills = KillsBehindProxy, Seed = seed });
        proxy.StopFaults();
        _output.WriteLine(proxy.ToString());
        _output.WriteLine($"total {clock.Elapsed.TotalSeconds:0.0} s; {cpu}");

        Judge(report, database, () =>
        {
            AssertHeld(report, "the proxy's faults", KillsBehindProxy);
            // Replies are dropped by traffic (about 20 a run), connections at random moments and at their start by chance:
            // bounds a working proxy misses about once in ten thousand runs.
            Assert.True(proxy.RepliesDropped >= 5 && proxy.Drops + proxy.Refused > 0 && proxy.Delays > 0, $"the proxy did too little: {proxy}\n{report}");
            Assert.True(report.StorageRetries > 0, $"no worker retried a storage call: the drops were not felt\n{report}");
        });
    }

    private string Worker(Stopwatch clock)
    {
        bool built = _worker.IsBuilt;
        string dll = _worker.Dll;
        _output.WriteLine(built ? $"server up in {clock.Elapsed.TotalSeconds:0.0} s, worker built by an earlier test" : $"server up and worker built in {clock.Elapsed.TotalSeconds:0.0} s");
        return dll;
    }

    // 8 workers on a 400-point grid, each killed within a second of trials or 0-25 ms after its first 0-5 finishes
    // (half of them as soon as their first or second trial started instead, since a PostgreSQL call outlasts a 0-20 ms
    // trial): the kills and restarts, then a kill of the 8 still running, and 3 workers finish the study without
    // faults. 58 launches of at most ~8 claims each leave the grid points to spare, so the kills come among trials.
    // Short heartbeats and retry deadlines keep a broken guarantee from stalling the run: it fails with the report.
    private KillReport Run(string worker, KillDatabase database, KillRunOptions faults)
    {
        KillReport report = KillDriver.Run(
            worker,
            faults with
            {
                Database = database,
                Workers = Workers,
                PointsPerRow = 40,
                MaxFinishesPerLife = 6,
                InTrialKillFraction = 0.5,
                FinishWorkers = 3,
                HeartbeatInterval = TimeSpan.FromMilliseconds(500),
                DeadWorkerTimeout = TimeSpan.FromSeconds(5),
                StorageRetryDeadline = TimeSpan.FromSeconds(20),
                KillPhaseDeadline = TimeSpan.FromSeconds(90),
                FinishDeadline = TimeSpan.FromSeconds(60),
            },
            _output.WriteLine);
        _output.WriteLine(report.ToString());
        return report;
    }

    // The database dump, the server's log, the side logs and the failed workers' output stay in the report's folder
    // when a check fails; all is removed when they hold.
    private static void Judge(KillReport report, PostgresKillDatabase database, Action checks)
    {
        try
        {
            checks();
        }
        catch
        {
            if (!report.Violations.Any())
            {
                database.KeepEvidence(report.Directory); // The driver kept it already when a check of the study failed.
            }

            throw;
        }

        Directory.Delete(report.Directory, recursive: true);
    }

    // What the run cost the machine, apart from the other work on it: the wall time on a shared machine says little.
    private sealed class CpuMeter(PostgresServer server)
    {
        private readonly TimeSpan _process = ProcessCpu.OfThisProcessAndItsChildren();
        private readonly TimeSpan _server = server.CpuTime;

        public override string ToString() =>
            $"CPU {(ProcessCpu.OfThisProcessAndItsChildren() - _process).TotalSeconds:0.0} s in the test process and its workers, {(server.CpuTime - _server).TotalSeconds:0.0} s in PostgreSQL";
    }

    private static void AssertHeld(KillReport report, string faults, int kills)
    {
        Assert.True(report.Violations.ToList() is [], $"with {faults}:\n{report}");
        Assert.True(report.Kills >= kills, $"only {report.Kills} kills were sent\n{report}");
        Assert.True(report.KillsAmongTrials > 0 && report.Checks.FailedAsDead > 0 && report.Checks.LoggedFinishes > 0, $"the kills hit no running trial\n{report}");
    }
}
