using System;

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

/// <summary>When <c>OptimizeAsync</c> stops, and how it runs trials. Any stop condition that is met ends it.</summary>
public sealed record OptimizeOptions
{
    /// <summary>How many trials to run in this call (null: no limit).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Stop starting new trials after this much wall time (running trials finish).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Stop once a complete trial is at least this good.</summary>
    public double? TargetValue { get; init; }

    /// <summary>How many trials run concurrently in this process.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Stop the study (and rethrow) when an objective throws, instead of recording the failure and going on.</summary>
    public bool StopOnFailure { get; init; }

    /// <summary>How often the worker's heartbeat is written while trials run.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(20);

    internal void Validate()
    {
        if (MaxTrials is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxTrials), MaxTrials, "MaxTrials must be positive (or null for no limit).");
        }

        if (Parallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "Parallelism must be at least 1.");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "Timeout must be positive (or null for no limit).");
        }

        if (TargetValue is { } target && !double.IsFinite(target))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetValue), target, "TargetValue must be a finite number.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "HeartbeatInterval must be positive.");
        }
    }
}

/// <summary>Passed to the callback after each trial: the result, and a way to stop the study.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class TrialFinishedContext<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly Action _stop;

    internal TrialFinishedContext(Study<TConfig> study, TrialResult<TConfig> trial, Action stop)
    {
        Study = study;
        Trial = trial;
        _stop = stop;
    }

    /// <summary>The study.</summary>
    public Study<TConfig> Study { get; }

    /// <summary>The trial that just finished.</summary>
    public TrialResult<TConfig> Trial { get; }

    /// <summary>Starts no further trial; running ones finish.</summary>
    public void Stop() => _stop();
}

/// <summary>A trial handed out by <see cref="Study{TConfig}.Ask"/>: the typed config to evaluate and the trial to report to.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class TrialHandle<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    internal TrialHandle(TConfig config, Trial trial)
    {
        Config = config;
        Trial = trial;
    }

    /// <summary>The configuration to evaluate.</summary>
    public TConfig Config { get; }

    /// <summary>The running trial.</summary>
    public Trial Trial { get; }
}
