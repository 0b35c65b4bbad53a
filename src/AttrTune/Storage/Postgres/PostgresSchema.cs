using Npgsql;

namespace AttrTune.Storage;

/// <summary>
/// The versioned schema of a PostgreSQL study database: the same tables and columns as a SQLite study file (schema 4
/// there), in PostgreSQL's types. Creation and migrations run in one transaction under an advisory lock, so workers
/// that start together create it once.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The schema this version reads and writes.</summary>
    public const int Version = 2;

    // Any constant shared by every AttrTune process: the advisory lock that serialises schema creation.
    private const long SchemaLock = 0x4174_7472_5475_6E65;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE attrtune_schema(version integer NOT NULL);
        CREATE TABLE studies(
            id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, direction integer NOT NULL,
            fingerprint text NOT NULL, space text NOT NULL, space_json text, created timestamptz NOT NULL,
            next_number integer NOT NULL DEFAULT 0);
        CREATE TABLE trials(
            id bigserial PRIMARY KEY, study_id bigint NOT NULL REFERENCES studies(id) ON DELETE CASCADE, number integer NOT NULL,
            state integer NOT NULL, value double precision, claim_key text, worker text, started timestamptz, completed timestamptz,
            fail_reason text, fail_type text, fail_message text, fail_stack text,
            UNIQUE(study_id, number));
        CREATE UNIQUE INDEX trials_by_claim ON trials(study_id, claim_key) WHERE claim_key IS NOT NULL;
        CREATE INDEX trials_by_state ON trials(study_id, state, number);
        CREATE INDEX trials_by_value ON trials(study_id, state, value, number);
        CREATE TABLE trial_params(
            trial_id bigint NOT NULL REFERENCES trials(id) ON DELETE CASCADE, name text NOT NULL, value double precision NOT NULL,
            distribution text NOT NULL, PRIMARY KEY(trial_id, name));
        CREATE TABLE trial_intermediate(
            trial_id bigint NOT NULL REFERENCES trials(id) ON DELETE CASCADE, step bigint NOT NULL, value double precision NOT NULL,
            PRIMARY KEY(trial_id, step));
        CREATE TABLE trial_attributes(
            trial_id bigint NOT NULL REFERENCES trials(id) ON DELETE CASCADE, key text NOT NULL, value text NOT NULL,
            PRIMARY KEY(trial_id, key));
        CREATE TABLE workers(id text PRIMARY KEY, heartbeat timestamptz NOT NULL);
        CREATE TABLE trial_checkpoints(
            trial_id bigint PRIMARY KEY REFERENCES trials(id) ON DELETE CASCADE, data bytea NOT NULL, saved timestamptz NOT NULL);
        """,

        // Version 2 (SQLite's 4): studies whose objective returns a metrics type keep it, and their trials every
        // objective's and constraint's value, as arrays on the trial row, so finishing stays one statement; the spaces
        // a study was resumed with, and each trial's space version.
        """
        ALTER TABLE studies ADD COLUMN metrics_json text;
        ALTER TABLE trials ADD COLUMN objective_values double precision[], ADD COLUMN constraint_values double precision[];
        ALTER TABLE studies ADD COLUMN space_version integer NOT NULL DEFAULT 0;
        ALTER TABLE trials ADD COLUMN space_version integer NOT NULL DEFAULT 0;
        CREATE TABLE study_spaces(
            study_id bigint NOT NULL REFERENCES studies(id) ON DELETE CASCADE, version integer NOT NULL, fingerprint text NOT NULL,
            space text NOT NULL, space_json text, adopted timestamptz NOT NULL, PRIMARY KEY(study_id, version));
        """,
    ];

    /// <exception cref="UnsupportedSchemaException">The database was written by a newer schema version.</exception>
    public static void CreateOrMigrate(NpgsqlConnection connection, string database)
    {
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({SchemaLock});");
        int stored = ReadVersion(connection, transaction);
        if (stored > Version)
        {
            throw new UnsupportedSchemaException(database, stored, Version);
        }

        for (int version = stored; version < Version; version++)
        {
            Execute(connection, transaction, Migrations[version]);
        }

        if (stored != Version)
        {
            Execute(connection, transaction, $"DELETE FROM attrtune_schema; INSERT INTO attrtune_schema(version) VALUES ({Version});");
        }

        transaction.Commit();
    }

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var exists = new NpgsqlCommand("SELECT to_regclass('attrtune_schema') IS NOT NULL;", connection, transaction);
        if (exists.ExecuteScalar() is not true)
        {
            return 0;
        }

        using var read = new NpgsqlCommand("SELECT MAX(version) FROM attrtune_schema;", connection, transaction);
        return read.ExecuteScalar() is int version ? version : 0;
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }
}
