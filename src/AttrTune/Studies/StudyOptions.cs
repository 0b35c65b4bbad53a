using System;
using AttrTune.Pruners;
using AttrTune.Samplers;
using AttrTune.Storage;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AttrTune;

/// <summary>How a study is created or resumed.</summary>
public sealed record StudyOptions
{
    /// <summary>Minimize (default) or maximize the objective.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>
    /// The sampler; by default an <see cref="AutoSampler"/> seeded with <see cref="Seed"/>, which routes by the
    /// space: multivariate TPE on conditional spaces and on spaces where most parameters are choices, GP-screened
    /// CMA-ES on every other space (see <see cref="AutoSampler.Route"/>).
    /// </summary>
    public ISampler? Sampler { get; init; }

    /// <summary>Where trials are kept; by default in memory (use <see cref="SqliteStorage"/> for durable studies).</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>Decides <see cref="Trial.ShouldPrune()"/> (median, percentile, ASHA, Hyperband, patience); none by default.</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>
    /// Seed of the default sampler. A sampler passed in <see cref="Sampler"/> takes its seed in its own constructor;
    /// setting both is an error rather than a seed silently ignored.
    /// </summary>
    public ulong? Seed { get; init; }

    /// <summary>
    /// Whether the objective is noisy (two evaluations of one configuration can differ: a random split, a random
    /// initialisation). Off by default, and then no sampler proposes a configuration the study already holds
    /// (complete, running or waiting) while the space has others left. On, samplers may evaluate a configuration
    /// again, which on a noisy objective is information.
    /// </summary>
    public bool NoisyObjective { get; init; }

    /// <summary>
    /// Whether to resume a study whose stored space differs from the config type's (a range changed, a parameter added
    /// or removed, a choice added). Off by default: resuming is refused with both spaces in the message. On, the study
    /// adopts the new space as its next version (<see cref="Storage.IStudyStorage.GetSpaceHistory"/>) and keeps every
    /// trial: a trial of an earlier space feeds the sampler when its values lie in the new space (a removed parameter
    /// is ignored, an added one is missing to the sampler and takes its default in the typed config, a choice is
    /// matched by its value), and is left out of the sampler's view when one does not. Each trial records the space
    /// version it was evaluated in (<see cref="FrozenTrial.SpaceVersion"/>).
    /// </summary>
    public bool AcceptChangedSpace { get; init; }

    /// <summary>On resume, enqueue again the parameters of trials whose worker died while running them.</summary>
    public bool RetryTrialsOfDeadWorkers { get; init; }

    /// <summary>A worker on another host is presumed dead after this long without a heartbeat.</summary>
    public TimeSpan DeadWorkerTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How often the heartbeat of trials handed out by <c>Ask</c> is written while this process holds them (the
    /// optimisation loop has its own, <see cref="OptimizeOptions.HeartbeatInterval"/>). Keep it well under
    /// <see cref="DeadWorkerTimeout"/>.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a trial's result is retried when the storage reports a transient failure (a busy or locked
    /// database), before the failure is thrown.
    /// </summary>
    public TimeSpan StorageRetryDeadline { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where the study logs (trials finished, pruned and failed with their exception, trials of dead workers failed,
    /// the sampler's route and restarts, storage retries), as category <c>AttrTune.Study</c>. Silent when neither
    /// this nor <see cref="Logger"/> is set.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>A logger to use instead of one from <see cref="LoggerFactory"/>.</summary>
    public ILogger? Logger { get; init; }

    internal ILogger ResolveLogger() => Logger ?? LoggerFactory?.CreateLogger("AttrTune.Study") ?? NullLogger.Instance;

    /// <summary>The clock of the study (timeouts, heartbeats; and of the default in-memory storage); the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        if (Sampler is not null && Seed is not null)
        {
            throw new ArgumentException(
                $"StudyOptions.Seed ({Seed}) seeds only the default sampler, and a {Sampler.GetType().Name} was given: pass the seed to its constructor (e.g. new {Sampler.GetType().Name}(seed: {Seed})) and leave StudyOptions.Seed unset.",
                nameof(Seed));
        }

        if (DeadWorkerTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(DeadWorkerTimeout), DeadWorkerTimeout, "DeadWorkerTimeout must be positive.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval >= DeadWorkerTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, $"HeartbeatInterval must be positive and shorter than DeadWorkerTimeout ({DeadWorkerTimeout}), or live workers would look dead.");
        }

        if (StorageRetryDeadline < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StorageRetryDeadline), StorageRetryDeadline, "StorageRetryDeadline cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
