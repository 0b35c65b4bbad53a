using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>48 grid points: small enough to run whole, large enough for several workers to race for them.</summary>
[SearchSpace]
public partial class WorkerGrid
{
    [IntRange(0, 7)] public int A { get; set; }

    [Choice("x", "y", "z")] public string B { get; set; } = "x";

    [Uniform(0, 1, GridPoints = 2)] public double C { get; set; }
}

/// <summary>Many workers on one PostgreSQL study, and a server that restarts under them.</summary>
public sealed class PostgresWorkerTests
{
    private const int GridSize = 48;

    [SkippableFact]
    public async Task Workers_with_their_own_connections_evaluate_every_grid_point_exactly_once()
    {
        string url = PostgresServer.Instance.CreateDatabase();
        var storages = Enumerable.Range(0, 4).Select(_ => new PostgresStorage(url)).ToList();
        try
        {
            await Task.WhenAll(storages.Select(storage => Task.Run(() =>
                Study<WorkerGrid>.CreateOrResume("grid", new StudyOptions { Storage = storage, Sampler = new GridSampler() })
                    .OptimizeAsync(async (_, _, ct) => { await Task.Yield(); return 1.0; }, new OptimizeOptions { Parallelism = 2 }))));

            AssertEveryPointOnce(storages[0]);
        }
        finally
        {
            storages.ForEach(s => s.Dispose());
        }
    }

    [SkippableFact]
    public async Task A_server_restart_mid_study_is_ridden_out_with_no_trial_lost_duplicated_or_left_running()
    {
        using var server = PostgresServer.StartPrivate();
        using var storage = new PostgresStorage(server.CreateDatabase());
        var log = new CapturingLogger();
        var study = Study<WorkerGrid>.CreateOrResume("restart", new StudyOptions { Storage = storage, Sampler = new GridSampler(), StorageRetryDeadline = TimeSpan.FromMinutes(1), Logger = log });
        int calls = 0;
        Task? restart = null;
        await study.OptimizeAsync(
            async (_, _, ct) =>
            {
                if (Interlocked.Increment(ref calls) == 10)
                {
                    // Immediate stop: every pooled connection breaks, the next calls fail until the server is back.
                    restart = Task.Run(server.Restart, ct);
                }

                await Task.Delay(20, ct);
                return 1.0;
            },
            new OptimizeOptions { Parallelism = 2 });

        Assert.NotNull(restart);
        await restart!;
        AssertEveryPointOnce(storage);

        // The restart was felt: calls failed and were retried (logged with the server's error), not merely missed.
        Assert.Contains(log.Events, e => e.Id == 7 && e.Exception is Npgsql.NpgsqlException);
    }

    [SkippableFact]
    public void The_password_appears_in_no_name_message_or_log()
    {
        string url = PostgresServer.Instance.CreateDatabase().Replace("attrtune@", "attrtune:s3cr%40t@", StringComparison.Ordinal);
        using (IStudyStorage storage = StudyStorage.Open(url))
        {
            Assert.DoesNotContain("s3cr", storage.ToString(), StringComparison.Ordinal);
            Assert.Contains("PostgreSQL database", storage.ToString(), StringComparison.Ordinal);
        }

        // Nothing listens on port 1: the connection error names the server, never the password.
        var refused = Assert.ThrowsAny<Exception>(() => StudyStorage.Open("postgresql://attrtune:s3cr%40t@127.0.0.1:1/x?Timeout=2"));
        Assert.DoesNotContain("s3cr", refused.ToString(), StringComparison.Ordinal);
        var malformed = Assert.Throws<ArgumentException>(() => StudyStorage.Open("postgresql://attrtune:s3cr%40t@127.0.0.1:5432/x?Nonsense%20Key=1"));
        Assert.DoesNotContain("s3cr", malformed.ToString(), StringComparison.Ordinal);
        Assert.Contains("attrtune:***@", malformed.Message, StringComparison.Ordinal);
    }

    private static void AssertEveryPointOnce(IStudyStorage storage)
    {
        StudyRecord study = storage.FindStudy(storage.GetStudyNames().Single())!;
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Id);
        Assert.Equal(Enumerable.Range(0, trials.Count), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(GridSize, trials.Count);
        Assert.Equal(GridSize, trials.Select(t => t.ClaimKey).Distinct().Count());
        Assert.Equal(GridSize, trials.Select(t => string.Join(",", t.Parameters.OrderBy(p => p.Key).Select(p => p.Value))).Distinct().Count());
    }
}
