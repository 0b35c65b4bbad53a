using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace AttrTune.Storage;

/// <summary>
/// Hot statements prepared once per connection and reused: SQLite compiles a statement's text on every new command
/// otherwise, which was a measurable part of a trial's storage cost. Not thread-safe: the storage's lock guards it.
/// </summary>
internal sealed class SqliteStatementCache(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private readonly Dictionary<int, SqliteCommand> _parameterInserts = new();

    /// <summary>The cached command for <paramref name="sql"/>, bound to <paramref name="transaction"/>.</summary>
    public SqliteCommand Get(string sql, SqliteTransaction? transaction, params string[] parameterNames)
    {
        if (!_prepared.TryGetValue(sql, out SqliteCommand? command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (string name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            _prepared.Add(sql, command);
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// One multi-row insert of <paramref name="count"/> parameters (prepared per count) instead of one statement per
    /// parameter. Its parameters are $trial, then $n{i}, $v{i}, $d{i} for each row; names and distributions are bound
    /// as UTF-8 bytes (<see cref="SqliteValues.Text(string?)"/>) and cast to text.
    /// </summary>
    public SqliteCommand ParameterInsert(int count, SqliteTransaction transaction)
    {
        if (!_parameterInserts.TryGetValue(count, out SqliteCommand? command))
        {
            string[] names = Enumerable.Range(0, count).SelectMany(i => new[] { $"$n{i}", $"$v{i}", $"$d{i}" }).Prepend("$trial").ToArray();
            string sql = "INSERT INTO trial_params(trial_id, name, value, distribution) VALUES "
                + string.Join(", ", Enumerable.Range(0, count).Select(i => $"($trial, CAST($n{i} AS TEXT), $v{i}, CAST($d{i} AS TEXT))")) + ";";
            _parameterInserts[count] = command = Get(sql, transaction, names);
        }

        command.Transaction = transaction;
        return command;
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        _parameterInserts.Clear();
    }
}
