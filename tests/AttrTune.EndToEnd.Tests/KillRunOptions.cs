using System;

namespace AttrTune.EndToEnd.Tests;

/// <summary>How a kill test runs: how many workers, how many kills, how big a grid, on which database, with what faults.</summary>
public sealed record KillRunOptions
{
    /// <summary>Worker processes running at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>
    /// SIGKILLs to send (and restart) before the phase ends with a kill of every worker still running; the study is
    /// then finished without kills.
    /// </summary>
    public int Kills { get; init; } = 20;

    /// <summary>Points of X per row; the grid has 10 rows, so 10 x this many points.</summary>
    public int PointsPerRow { get; init; } = 100;

    /// <summary>The fraction of trials whose objective fails on purpose (they are retried at the end).</summary>
    public double FailureRate { get; init; } = 0.02;

    /// <summary>
    /// A worker is killed a random time in [0, this) after its first trial finished, or a random 0-25 ms after it
    /// logged a random number of finishes in [0, <see cref="MaxFinishesPerLife"/>) (0: once the study is open),
    /// whichever comes first. Timed by the worker's own progress, the kills land among running trials however slowly
    /// a loaded machine starts processes, and still come before the grid runs out on a fast one.
    /// </summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>See <see cref="MaxLifetime"/>.</summary>
    public int MaxFinishesPerLife { get; init; } = 20;

    /// <summary>
    /// The fraction of launches whose kill counts the trials they started instead of those they finished: killed as
    /// soon as their first or second trial started, so while they hold it. Where a storage call takes longer than a
    /// trial (a server over the network, a loaded machine), a kill just after a finish lands mostly in the next ask,
    /// before any trial is running.
    /// </summary>
    public double InTrialKillFraction { get; init; }

    /// <summary>The fraction of launches killed instead a random 0-500 ms after they start opening the study (recovering dead workers' trials).</summary>
    public double OpeningKillFraction { get; init; } = 0.1;

    /// <summary>The kill phase stops here even if fewer kills were sent (a slow machine); the report says so.</summary>
    public TimeSpan KillPhaseDeadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the workers that finish the study (no kills) may take.</summary>
    public TimeSpan FinishDeadline { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Workers that finish the study after the kill phase; <see cref="Workers"/> when null.</summary>
    public int? FinishWorkers { get; init; }

    /// <summary>Seeds the kill schedule and each launch's own choices.</summary>
    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>Where to keep the side logs (and the SQLite file); a new temporary folder when null.</summary>
    public string? Directory { get; init; }

    /// <summary>The study's database; a SQLite file <c>study.db</c> in the run's folder when null.</summary>
    public KillDatabase? Database { get; init; }

    /// <summary>
    /// Restarts the database server (it returns once the server accepts connections again). Called
    /// <see cref="ServerRestarts"/> times during the kill phase, spread evenly over the kills, on a thread of its own
    /// so kills and launches go on while the server is down.
    /// </summary>
    public Action? RestartServer { get; init; }

    /// <summary>How many times <see cref="RestartServer"/> is called during the kill phase.</summary>
    public int ServerRestarts { get; init; }

    /// <summary>The workers' heartbeat (study and loop); the worker's default, 500 ms, when null.</summary>
    public TimeSpan? HeartbeatInterval { get; init; }

    /// <summary>The workers' <c>StudyOptions.DeadWorkerTimeout</c>; the library's default when null.</summary>
    public TimeSpan? DeadWorkerTimeout { get; init; }

    /// <summary>The workers' <c>StudyOptions.StorageRetryDeadline</c> (also bounding their own retries of opening); the library's default when null.</summary>
    public TimeSpan? StorageRetryDeadline { get; init; }
}
