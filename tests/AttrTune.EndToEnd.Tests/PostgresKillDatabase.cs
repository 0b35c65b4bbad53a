using System;
using System.Data.Common;
using System.IO;
using System.Linq;
using AttrTune.TestSupport;
using Npgsql;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// A kill test's PostgreSQL database on a throwaway server. The workers of the kill phase may reach it through a
/// <see cref="FaultyProxy"/>; the finishing workers and the checks always connect directly.
/// </summary>
internal sealed class PostgresKillDatabase : KillDatabase
{
    private readonly PostgresServer _server;
    private readonly string _url;
    private readonly string _name;
    private readonly int? _proxyPort;

    /// <param name="server">The server.</param>
    /// <param name="url">The database's URL (<see cref="PostgresServer.CreateDatabase"/>).</param>
    /// <param name="proxyPort">The port of a proxy to the server the kill phase's workers connect through, or null.</param>
    public PostgresKillDatabase(PostgresServer server, string url, int? proxyPort = null)
    {
        _server = server;
        _url = url;
        _name = url[(url.LastIndexOf('/') + 1)..];
        _proxyPort = proxyPort;
    }

    /// <inheritdoc />
    public override string WorkerStorage => _proxyPort is { } port
        ? _url.Replace($":{_server.Port}/", $":{port}/", StringComparison.Ordinal)
        : _url;

    /// <inheritdoc />
    public override string FinishStorage => _url;

    /// <summary>When the server last started, by its own clock (<c>pg_postmaster_start_time()</c>).</summary>
    public DateTimeOffset ServerStarted()
    {
        using DbConnection connection = OpenForChecks();
        return new DateTimeOffset(KillChecks.Rows(connection, "SELECT pg_postmaster_start_time();", r => r.GetDateTime(0)).Single(), TimeSpan.Zero);
    }

    /// <inheritdoc />
    public override DbConnection OpenForChecks()
    {
        var connection = new NpgsqlConnection(_server.ConnectionString(_name));
        connection.Open();
        return connection;
    }

    /// <summary>
    /// The server's own check of every B-tree index of the study's tables (amcheck; the server was crashed and
    /// recovered under them), and the study's number counter against its trials: the next number handed out must be
    /// the count of trials, or a number was skipped or given twice.
    /// </summary>
    public override string CheckIntegrity(DbConnection connection, string study, Action<string> violation)
    {
        ArgumentNullException.ThrowIfNull(violation);
        string amcheck;
        try
        {
            KillChecks.Rows(connection, "CREATE EXTENSION IF NOT EXISTS amcheck;", _ => 0);
            int indexes = KillChecks.Rows(
                connection,
                """
                SELECT c.relname, bt_index_check(c.oid, true) IS NULL FROM pg_index i
                JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE a.amname = 'btree' AND n.nspname = 'public';
                """,
                r => r.GetString(0)).Count;
            amcheck = $"amcheck of {indexes} B-tree indexes passed";
        }
        catch (PostgresException corrupt)
        {
            amcheck = "amcheck failed";
            violation($"(d) amcheck: {corrupt.MessageText}");
        }

        var counters = KillChecks.Rows(connection, $"SELECT s.next_number, (SELECT COUNT(*) FROM trials t WHERE t.study_id = s.id) FROM studies s WHERE s.name = '{study}';", r => (Next: KillChecks.Integer(r, 0), Trials: KillChecks.Integer(r, 1)));
        foreach ((long next, long trials) in counters.Where(c => c.Next != c.Trials))
        {
            violation($"(d) the study's next trial number is {next}, but it holds {trials} trials");
        }

        return $"{amcheck}, number counter {(counters is [var c] ? $"{c.Next} = trials {c.Trials}" : "missing")}";
    }

    /// <summary>A plain SQL dump of the database and the server's log.</summary>
    public override void KeepEvidence(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "database.sql"), _server.Dump(_name));
        File.Copy(_server.LogPath, Path.Combine(directory, "postgresql.log"), overwrite: true);
    }
}
