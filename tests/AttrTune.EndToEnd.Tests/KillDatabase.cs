using System;
using System.Data.Common;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// The database of a kill test: what the workers open, how the checks read it (never through AttrTune), and what is
/// kept as evidence when a check fails. <see cref="SqliteKillDatabase"/> is the file the suite's kill test uses.
/// </summary>
public abstract class KillDatabase
{
    /// <summary>What the workers of the kill phase open: a SQLite file or a <c>postgresql://</c> URL.</summary>
    public abstract string WorkerStorage { get; }

    /// <summary>
    /// What the workers that finish the study open; <see cref="WorkerStorage"/> unless the kill phase reaches the
    /// database through something faulty, which the finishing phase (no faults) goes around.
    /// </summary>
    public virtual string FinishStorage => WorkerStorage;

    /// <summary>A new, open connection for the checks.</summary>
    public abstract DbConnection OpenForChecks();

    /// <summary>The database's own consistency checks; a one-line summary, each failure also given to <paramref name="violation"/>.</summary>
    public abstract string CheckIntegrity(DbConnection connection, string study, Action<string> violation);

    /// <summary>Writes into <paramref name="directory"/> what is needed to investigate a failed check (a dump, a server log).</summary>
    public virtual void KeepEvidence(string directory)
    {
    }
}
