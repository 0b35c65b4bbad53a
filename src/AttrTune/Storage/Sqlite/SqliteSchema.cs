using Microsoft.Data.Sqlite;

namespace AttrTune.Storage;

/// <summary>
/// The versioned schema of a study file and the migrations that bring an older file up to date. Each migration runs
/// in the opening transaction, so a file is either fully migrated or left as it was.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>The schema this version reads and writes.</summary>
    public const int Version = 4;

    // Index i holds the statements that take a file from version i to i + 1; version 0 is an empty file.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE IF NOT EXISTS studies(
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, direction INTEGER NOT NULL,
            fingerprint TEXT NOT NULL, space TEXT NOT NULL, created TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS trials(
            id INTEGER PRIMARY KEY, study_id INTEGER NOT NULL REFERENCES studies(id), number INTEGER NOT NULL,
            state INTEGER NOT NULL, value REAL, claim_key TEXT, worker TEXT, started TEXT, completed TEXT, fail_reason TEXT,
            UNIQUE(study_id, number));
        CREATE UNIQUE INDEX IF NOT EXISTS trials_by_claim ON trials(study_id, claim_key) WHERE claim_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS trials_by_state ON trials(study_id, state);
        CREATE TABLE IF NOT EXISTS trial_params(
            trial_id INTEGER NOT NULL REFERENCES trials(id), name TEXT NOT NULL, value REAL NOT NULL, distribution TEXT NOT NULL,
            PRIMARY KEY(trial_id, name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trial_intermediate(
            trial_id INTEGER NOT NULL REFERENCES trials(id), step INTEGER NOT NULL, value REAL NOT NULL,
            PRIMARY KEY(trial_id, step)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trial_attributes(
            trial_id INTEGER NOT NULL REFERENCES trials(id), key TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY(trial_id, key)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS workers(id TEXT PRIMARY KEY, heartbeat TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS trial_checkpoints(
            trial_id INTEGER PRIMARY KEY REFERENCES trials(id), data BLOB NOT NULL, saved TEXT NOT NULL);
        """,

        // Version 2: the best complete trial is found through an index instead of a scan of every trial.
        """
        CREATE INDEX IF NOT EXISTS trials_by_value ON trials(study_id, state, value, number);
        """,

        // Version 3: the space as JSON for tools without the config type, and a failing exception field by field.
        // Existing rows keep NULL there: their fail_reason already holds the exception's whole text.
        """
        ALTER TABLE studies ADD COLUMN space_json TEXT;
        ALTER TABLE trials ADD COLUMN fail_type TEXT;
        ALTER TABLE trials ADD COLUMN fail_message TEXT;
        ALTER TABLE trials ADD COLUMN fail_stack TEXT;
        """,

        // Version 4: studies whose objective returns a metrics type keep it, and their trials every objective's and
        // constraint's value, as JSON arrays on the trial row (no table of values: finishing stays one UPDATE).
        // Existing rows keep NULL there: they are studies and trials with one value. Studies resumed with a changed
        // space keep each space they had (study_spaces, written on the first change), and each trial the version of
        // the space it was evaluated in; existing rows are version 0.
        """
        ALTER TABLE studies ADD COLUMN metrics_json TEXT;
        ALTER TABLE trials ADD COLUMN objective_values TEXT;
        ALTER TABLE trials ADD COLUMN constraint_values TEXT;
        ALTER TABLE studies ADD COLUMN space_version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE trials ADD COLUMN space_version INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS study_spaces(
            study_id INTEGER NOT NULL REFERENCES studies(id), version INTEGER NOT NULL, fingerprint TEXT NOT NULL,
            space TEXT NOT NULL, space_json TEXT, adopted TEXT NOT NULL, PRIMARY KEY(study_id, version)) WITHOUT ROWID;
        """,
    ];

    /// <summary>
    /// Creates the schema in an empty file, or migrates an older one; refuses a newer one, or a database of another
    /// application, unchanged. The file was inspected before it was opened for writing; the check is repeated here,
    /// inside the write transaction, in case another process changed it in between.
    /// </summary>
    /// <exception cref="UnsupportedSchemaException">The file was written by a newer schema version.</exception>
    /// <exception cref="StorageOpenException">The file is a database of another application.</exception>
    public static void CreateOrMigrate(SqliteConnection connection, string path)
    {
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        SqliteFileCheck.Classify(connection, transaction, path);
        int stored = ReadVersion(connection, transaction);

        for (int version = stored; version < Version; version++)
        {
            Execute(connection, transaction, Migrations[version]);
        }

        if (stored != Version)
        {
            Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL); DELETE FROM schema_version;");
            Execute(connection, transaction, $"INSERT INTO schema_version(version) VALUES ({Version});");
        }

        transaction.Commit();
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using SqliteCommand exists = connection.CreateCommand();
        exists.Transaction = transaction;
        exists.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version';";
        if (exists.ExecuteScalar() is null)
        {
            return 0;
        }

        using SqliteCommand read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT MAX(version) FROM schema_version;";
        return read.ExecuteScalar() is long version ? checked((int)version) : 0;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
