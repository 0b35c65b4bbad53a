using System;

namespace AttrTune.Storage;

/// <summary>Settings of <see cref="SqliteStorage"/>.</summary>
public sealed record SqliteStorageOptions
{
    /// <summary>
    /// How long a writer waits for another process's transaction before failing. Opening waits as long: a file held
    /// longer is refused with a <see cref="StorageOpenException"/> of <see cref="StorageOpenProblem.Locked"/>. Whole
    /// seconds, at least one.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Sync the file to disk when a trial finishes (one fsync per trial), so a finished trial survives a power loss
    /// as well as a crash. Other writes (a trial starting, a report) are synced with the next finish.
    /// </summary>
    public bool SyncFinishedTrials { get; init; } = true;

    /// <summary>The clock for timestamps and heartbeats (a fake one in tests); the system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
