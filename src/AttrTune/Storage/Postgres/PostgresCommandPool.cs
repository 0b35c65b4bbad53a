using System;
using System.Collections.Concurrent;
using Npgsql;
using NpgsqlTypes;

namespace AttrTune.Storage;

/// <summary>
/// One statement of the trial path, built once and reused: a worker runs one or two per trial, and building a command
/// (its parameter collection, a parameter object per value, a name lookup, the rewriting of named placeholders into
/// positional ones, a type inferred from each value) cost more client CPU than binding values into one already built.
/// Parameters are positional (<c>$1</c>, <c>$2</c>, ...) so Npgsql sends the text as it is, and typed so it resolves
/// no type per value. A command is rented for one call and handed back after it, so concurrent callers never share one.
/// </summary>
internal sealed class PostgresCommandPool
{
    private readonly ConcurrentBag<NpgsqlCommand> _idle = new();
    private readonly string _sql;
    private readonly NpgsqlDbType[] _types;

    public PostgresCommandPool(string sql, params NpgsqlDbType[] types)
    {
        // Positional commands are not split into statements by Npgsql: a trailing semicolon would be an empty second one.
        _sql = sql.TrimEnd().TrimEnd(';');
        _types = types;
    }

    public NpgsqlCommand Rent(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        if (!_idle.TryTake(out NpgsqlCommand? command))
        {
            command = new NpgsqlCommand(_sql);
            foreach (NpgsqlDbType type in _types)
            {
                // A real-array parameter is typed by its CLR type too: bound to DBNull with only NpgsqlDbType given,
                // Npgsql 8 builds the array type's converter afresh on every execution.
                command.Parameters.Add(type == (NpgsqlDbType.Array | NpgsqlDbType.Double) ? new NpgsqlParameter<double[]> { NpgsqlDbType = type } : new NpgsqlParameter { NpgsqlDbType = type });
            }
        }

        command.Connection = connection;
        command.Transaction = transaction;
        return command;
    }

    // Only after a call that completed: a command whose execution threw is dropped rather than reused.
    public void Return(NpgsqlCommand command)
    {
        command.Connection = null;
        command.Transaction = null;
        _idle.Add(command);
    }

    public static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    // Null stores SQL NULL.
    public static void SetReals(NpgsqlParameter parameter, double[]? values) => ((NpgsqlParameter<double[]>)parameter).TypedValue = values;
}
