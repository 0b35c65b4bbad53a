using System;
using AttrTune.Pruners;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune;

/// <summary>How a study is created or resumed.</summary>
public sealed record StudyOptions
{
    /// <summary>Minimize (default) or maximize the objective.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>The sampler; by default an <see cref="AutoSampler"/> seeded with <see cref="Seed"/>, which picks GP, CMA-ES or TPE by the space.</summary>
    public ISampler? Sampler { get; init; }

    /// <summary>Where trials are kept; by default in memory (use <see cref="SqliteStorage"/> for durable studies).</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>Decides <see cref="Trial.ShouldPrune"/> (median, percentile, ASHA, Hyperband, patience); none by default.</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>Seed of the default sampler.</summary>
    public ulong? Seed { get; init; }

    /// <summary>On resume, enqueue again the parameters of trials whose worker died while running them.</summary>
    public bool RetryTrialsOfDeadWorkers { get; init; }

    /// <summary>A worker on another host is presumed dead after this long without a heartbeat.</summary>
    public TimeSpan DeadWorkerTimeout { get; init; } = TimeSpan.FromMinutes(2);
}
