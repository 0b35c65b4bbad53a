using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace AttrTune.EndToEnd.Tests;

/// <summary>A kill test's SQLite file, checked with SQLite's own integrity and foreign-key checks.</summary>
public sealed class SqliteKillDatabase : KillDatabase
{
    private readonly string _path;

    /// <summary>The study file at <paramref name="path"/> (created by the first worker); it is its own evidence.</summary>
    public SqliteKillDatabase(string path) => _path = path;

    /// <inheritdoc />
    public override string WorkerStorage => _path;

    /// <inheritdoc />
    public override DbConnection OpenForChecks()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <inheritdoc />
    public override string CheckIntegrity(DbConnection connection, string study, Action<string> violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        string integrity = string.Join("; ", KillChecks.Rows(connection, "PRAGMA integrity_check;", r => r.GetString(0)));
        if (integrity != "ok")
        {
            violation($"(d) PRAGMA integrity_check: {integrity}");
        }

        List<string> foreignKeys = KillChecks.Rows(connection, "PRAGMA foreign_key_check;", r => $"{r.GetString(0)} row {r.GetInt64(1)} -> {r.GetString(2)}");
        if (foreignKeys.Count > 0)
        {
            violation($"(d) PRAGMA foreign_key_check: {foreignKeys.Count} dangling rows, e.g. {foreignKeys.First()}");
        }

        return $"integrity_check {integrity}, {foreignKeys.Count} dangling rows";
    }
}
