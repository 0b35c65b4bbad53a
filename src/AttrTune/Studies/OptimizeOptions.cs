using System;

namespace AttrTune;

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

    /// <summary>
    /// How many times a configuration whose objective threw is tried again (as Optuna's RetryFailedTrialCallback): the
    /// failed trial's configuration is queued once, recording the trial it retries in
    /// <see cref="Study{TConfig}.RetryOfAttribute"/>, until a chain of retries reaches this count. 0 (the default)
    /// retries nothing. Cancelled trials and trials failed with <see cref="StopOnFailure"/> are not retried.
    /// </summary>
    public int MaxRetries { get; init; }

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

        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be 0 (no retry) or more.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "HeartbeatInterval must be positive.");
        }
    }
}
