namespace AttrTune.Storage;

/// <summary>
/// When a commit is synced to disk. In WAL mode a FULL commit also syncs every earlier NORMAL commit, so syncing only
/// the commits that finish a trial (or save a checkpoint) makes every finished trial durable at one fsync per trial,
/// while starts, reports and heartbeats cost no fsync of their own.
/// </summary>
internal sealed class SqliteDurability(SqliteStatementCache statements, bool syncFinishedTrials)
{
    private bool _synchronousFull;

    /// <summary>The next commit only needs to survive a process crash (it is synced with the next finish).</summary>
    public void ForRoutineWrite() => Set(full: false);

    /// <summary>The next commit is a result or a checkpoint: synced unless the user turned syncing off.</summary>
    public void ForFinishingWrite() => Set(full: syncFinishedTrials);

    private void Set(bool full)
    {
        if (full != _synchronousFull)
        {
            statements.Get(full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;", null).ExecuteNonQuery();
            _synchronousFull = full;
        }
    }
}
