using System;

namespace AttrTune.Storage;

/// <summary>Options of <see cref="PostgresStorage"/>.</summary>
public sealed record PostgresStorageOptions
{
    /// <summary>
    /// A clock to use instead of the database's (tests with a fake clock). By default every timestamp and every
    /// staleness judgement uses the database server's clock, so workers on machines whose clocks disagree still agree
    /// on who is alive.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>How long a connection attempt may take before it fails (and, through the engine, is retried).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
