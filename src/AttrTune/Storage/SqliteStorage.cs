using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace AttrTune.Storage;

/// <summary>
/// Studies in one SQLite file: the embedded default for durable studies. Several processes on one machine can
/// share a file: trial numbers and claims are allocated in <c>BEGIN IMMEDIATE</c> transactions, so no trial is
/// lost or duplicated. Every finished trial is durable (its commit is synced to disk) unless
/// <see cref="SqliteStorageOptions.SyncFinishedTrials"/> is turned off.
/// </summary>
/// <remarks>
/// Thread-safe (one connection per instance, one lock). Schema: <c>schema_version</c>, <c>studies</c>,
/// <c>trials</c> (unique number per study; unique claim key where one is set), <c>trial_params</c> (value and distribution),
/// <c>trial_intermediate</c>, <c>trial_attributes</c>, <c>trial_checkpoints</c>, <c>workers</c> (heartbeats). Finished trials are immutable,
/// so they are cached after the first read and snapshots only read what changed.
/// </remarks>
public sealed class SqliteStorage : IStudyStorage, ICheckpointStore
{
    /// <summary>The schema this version reads and writes; older files are migrated when opened.</summary>
    public const int SchemaVersion = SqliteSchema.Version;

    private readonly object _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteStorageOptions _options;
    private readonly TimeProvider _time;
    private readonly SqliteStatementCache _statements;
    private readonly SqliteDurability _durability;
    private readonly SqliteSnapshotCache _snapshots = new();
    private readonly HashSet<long> _knownStudies = new();
    private readonly Dictionary<long, FrozenTrial> _runningHere = new();
    private bool _disposed;

    /// <summary>Opens (or creates) the study file at <paramref name="path"/>, migrating an older schema.</summary>
    /// <remarks>
    /// The file is looked at before anything is written to it: a new path, an empty file or a SQLite database without
    /// tables becomes a study file; a study file is opened (and migrated); anything else is refused and left byte for
    /// byte as it was. A failed open leaves no handle on the file.
    /// </remarks>
    /// <exception cref="UnsupportedSchemaException">The file was written by a newer schema version.</exception>
    /// <exception cref="StorageOpenException">
    /// The file cannot be used, and the message says why: it is a database of another application, not a SQLite
    /// database, damaged, read-only, in a read-only or missing folder, a folder, or locked by another process for
    /// longer than <see cref="SqliteStorageOptions.BusyTimeout"/>.
    /// </exception>
    public SqliteStorage(string path, SqliteStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _options = options ?? new SqliteStorageOptions();
        _time = _options.TimeProvider ?? TimeProvider.System;
        Path = path;

        // Read-only first: nothing is written to a file that is not a study file (or new), nor to one of a newer
        // schema.
        SqliteFileKind kind = SqliteFileCheck.Inspect(path, _options.BusyTimeout);

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(_options.BusyTimeout.TotalSeconds)),
        };
        _connection = new SqliteConnection(builder.ToString());
        _statements = new SqliteStatementCache(_connection);
        _durability = new SqliteDurability(_statements, _options.SyncFinishedTrials);
        try
        {
            _connection.Open();

            // SQLite quietly opens a file it cannot write read-only, and would fail at the first write.
            if (SQLitePCL.raw.sqlite3_db_readonly(_connection.Handle, "main") == 1)
            {
                throw SqliteFileCheck.ReadOnlyFile(path);
            }

            Execute($"PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds};");
            if (kind == SqliteFileKind.Empty)
            {
                // Small pages for small rows: a trial touches a handful of pages, and each is written to the WAL (and
                // synced) whole. Takes effect only when the file is created. A new file is WAL from the start, so a
                // process killed while creating the schema leaves a WAL to recover, not a rollback journal that only
                // a writer could roll back (the read-only look at the next open could not).
                Execute("PRAGMA page_size=1024;");
                Execute("PRAGMA journal_mode=WAL;");
            }

            // The schema (and its version) is checked again inside the write transaction, and only then is an
            // existing file switched to WAL: a file refused here is left in the journal mode it had.
            SqliteSchema.CreateOrMigrate(_connection, path);
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA foreign_keys=ON;");
            Execute("PRAGMA synchronous=NORMAL;");
        }
        catch (Exception failure)
        {
            // A failed open must not leave a handle on the file.
            _statements.Dispose();
            _connection.Dispose();
            if (failure is SqliteException sqlite)
            {
                throw SqliteFileCheck.Explain(path, sqlite, _options.BusyTimeout);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription, string? spaceJson = null, string? metricsJson = null)
    {
        StorageChecks.Study(name, spaceFingerprint, spaceDescription, spaceJson, metricsJson);
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            StudyRecord? existing = FindStudyCore(name, transaction);
            if (existing is not null)
            {
                StorageChecks.Compatible(existing, direction, spaceFingerprint, spaceDescription, metricsJson);
                return existing;
            }

            using SqliteCommand insert = Command(
                "INSERT INTO studies(name, direction, fingerprint, space, space_json, metrics_json, created) VALUES (CAST($name AS TEXT), $direction, CAST($fingerprint AS TEXT), CAST($space AS TEXT), CAST($json AS TEXT), CAST($metrics AS TEXT), $created) RETURNING id;",
                transaction);
            insert.Parameters.AddWithValue("$name", SqliteValues.Text(name));
            insert.Parameters.AddWithValue("$direction", (int)direction);
            insert.Parameters.AddWithValue("$fingerprint", SqliteValues.Text(spaceFingerprint));
            insert.Parameters.AddWithValue("$space", SqliteValues.Text(spaceDescription));
            insert.Parameters.AddWithValue("$json", SqliteValues.Text(spaceJson));
            insert.Parameters.AddWithValue("$metrics", SqliteValues.Text(metricsJson));
            insert.Parameters.AddWithValue("$created", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            long id = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return new StudyRecord(id, name, direction, spaceFingerprint, spaceDescription) { SpaceJson = spaceJson, MetricsJson = metricsJson };
        }
    }

    /// <inheritdoc />
    public StudyRecord AdoptSpace(long studyId, string spaceFingerprint, string spaceDescription, string? spaceJson)
    {
        StorageChecks.Space(spaceFingerprint, spaceDescription, spaceJson);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            RequireStudy(studyId, transaction);
            string name = StudyNameOf(studyId, transaction);
            StudyRecord study = FindStudyCore(name, transaction)!;
            if (study.SpaceFingerprint == spaceFingerprint)
            {
                return study;
            }

            // The first change writes the space the study was created with as version 0, so the history is complete.
            using SqliteCommand adopt = Command(
                """
                INSERT OR IGNORE INTO study_spaces(study_id, version, fingerprint, space, space_json, adopted)
                SELECT id, space_version, fingerprint, space, space_json, created FROM studies WHERE id = $study;
                INSERT INTO study_spaces(study_id, version, fingerprint, space, space_json, adopted)
                VALUES ($study, $version, CAST($fingerprint AS TEXT), CAST($space AS TEXT), CAST($json AS TEXT), $adopted);
                UPDATE studies SET fingerprint = CAST($fingerprint AS TEXT), space = CAST($space AS TEXT), space_json = CAST($json AS TEXT), space_version = $version WHERE id = $study;
                """,
                transaction);
            adopt.Parameters.AddWithValue("$study", studyId);
            adopt.Parameters.AddWithValue("$version", study.SpaceVersion + 1);
            adopt.Parameters.AddWithValue("$fingerprint", SqliteValues.Text(spaceFingerprint));
            adopt.Parameters.AddWithValue("$space", SqliteValues.Text(spaceDescription));
            adopt.Parameters.AddWithValue("$json", SqliteValues.Text(spaceJson));
            adopt.Parameters.AddWithValue("$adopted", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            adopt.ExecuteNonQuery();
            transaction.Commit();
            return study with { SpaceFingerprint = spaceFingerprint, SpaceDescription = spaceDescription, SpaceJson = spaceJson, SpaceVersion = study.SpaceVersion + 1 };
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StudySpace> GetSpaceHistory(long studyId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            RequireStudy(studyId, null);
            using SqliteCommand command = Command(
                """
                SELECT version, fingerprint, space, space_json, adopted FROM study_spaces WHERE study_id = $study
                UNION ALL
                SELECT space_version, fingerprint, space, space_json, created FROM studies WHERE id = $study AND NOT EXISTS (SELECT 1 FROM study_spaces WHERE study_id = $study)
                ORDER BY 1;
                """,
                null);
            command.Parameters.AddWithValue("$study", studyId);
            using SqliteDataReader reader = command.ExecuteReader();
            var spaces = new List<StudySpace>();
            while (reader.Read())
            {
                spaces.Add(Checked(
                    () => new StudySpace(
                        checked((int)SqliteValues.Integer(reader, 0, "study_spaces.version")),
                        SqliteValues.Text(reader, 1, "study_spaces.fingerprint"),
                        SqliteValues.Text(reader, 2, "study_spaces.space"),
                        SqliteValues.NullableText(reader, 3, "study_spaces.space_json"),
                        SqliteValues.Timestamp(reader, 4, "study_spaces.adopted")),
                    null,
                    $"the space history of the study with id {studyId}"));
            }

            return spaces;
        }
    }

    /// <inheritdoc />
    public StudyRecord? FindStudy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        StorageChecks.Text(name, "study name", nameof(name));
        lock (_gate)
        {
            ThrowIfDisposed();
            return FindStudyCore(name, null);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteCommand command = Command("SELECT id, name FROM studies;", null);
            using SqliteDataReader reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                names.Add(Checked(() => SqliteValues.Text(reader, 1, "studies.name"), null, $"the name of the study with id {id}"));
            }

            // In UTF-16 order, as every backend lists them (SQLite's own order is of the UTF-8 bytes).
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <inheritdoc />
    public FrozenTrial? TryCreateTrial(long studyId, NewTrial trial)
    {
        StorageChecks.NewTrial(trial);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForRoutineWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            RequireStudy(studyId, transaction);
            FrozenTrial? created = InsertTrial(studyId, trial, transaction);
            if (created is null)
            {
                return null;
            }

            transaction.Commit();
            if (created.State == TrialState.Running)
            {
                _runningHere[created.Id] = created;
            }

            return created;
        }
    }

    /// <inheritdoc />
    public FrozenTrial? TryClaimWaitingTrial(long studyId, string worker)
    {
        StorageChecks.Worker(worker, nameof(worker));
        lock (_gate)
        {
            ThrowIfDisposed();
            // A cheap read first: almost always there is nothing waiting, and then no write transaction is needed.
            SqliteCommand any = _statements.Get("SELECT 1 FROM trials WHERE study_id = $study AND state = 0 LIMIT 1;", null, "$study");
            any.Parameters["$study"].Value = studyId;
            if (any.ExecuteScalar() is null)
            {
                return null;
            }

            _durability.ForRoutineWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            using SqliteCommand claim = Command(
                """
                UPDATE trials SET state = 1, worker = CAST($worker AS TEXT), started = $started
                WHERE id = (SELECT id FROM trials WHERE study_id = $study AND state = 0 ORDER BY number LIMIT 1)
                RETURNING id;
                """,
                transaction);
            claim.Parameters.AddWithValue("$worker", SqliteValues.Text(worker));
            claim.Parameters.AddWithValue("$started", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            claim.Parameters.AddWithValue("$study", studyId);
            object? id = claim.ExecuteScalar();
            transaction.Commit();
            return id is long trialId ? LoadTrial(trialId, null) : null;
        }
    }

    /// <inheritdoc />
    public void ReportIntermediate(long trialId, long step, double value)
    {
        StorageChecks.IntermediateValue(step, value);
        UpsertTrialRow(
            trialId,
            trial => StorageChecks.Running(trial, "report an intermediate value to"),
            "INSERT OR REPLACE INTO trial_intermediate(trial_id, step, value) VALUES ($trial, $key, $value);",
            step,
            value);
    }

    /// <inheritdoc />
    public void SetUserAttribute(long trialId, string key, string value)
    {
        StorageChecks.Attribute(key, value);
        UpsertTrialRow(
            trialId,
            trial => StorageChecks.NotFinished(trial, "set an attribute of"),
            "INSERT OR REPLACE INTO trial_attributes(trial_id, key, value) VALUES ($trial, CAST($key AS TEXT), CAST($value AS TEXT));",
            SqliteValues.Text(key),
            SqliteValues.Text(value));
    }

    /// <inheritdoc />
    public FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure = null, MetricValues? metrics = null)
    {
        StorageChecks.Finish(state, value, metrics);
        StorageChecks.FailReason(failReason);
        StorageChecks.Failure(failure);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            FrozenTrial finished = FinishInTransaction(trialId, state, value, failReason, failure, transaction, metrics);
            transaction.Commit();
            return finished;
        }
    }

    /// <inheritdoc />
    public (FrozenTrial Failed, FrozenTrial? Retry) FailAndRetryTrial(long trialId, string failReason, NewTrial retry)
    {
        ArgumentNullException.ThrowIfNull(failReason);
        StorageChecks.FailReason(failReason);
        StorageChecks.NewTrial(retry);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            FrozenTrial failed = FinishInTransaction(trialId, TrialState.Failed, null, failReason, null, transaction);
            FrozenTrial? retried = InsertTrial(StudyOf(trialId, transaction), retry, transaction);
            transaction.Commit();
            if (retried is { State: TrialState.Running })
            {
                _runningHere[retried.Id] = retried;
            }

            return (failed, retried);
        }
    }

    // The state test in the WHERE clause makes finishing atomic: a trial finished by anyone, anywhere, stays as it is.
    private FrozenTrial FinishInTransaction(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure, SqliteTransaction transaction, MetricValues? metrics = null)
    {
        DateTimeOffset completed = _time.GetUtcNow();
        ImmutableArray<double> values = metrics is { Values.IsDefault: false } ? metrics.Values : ImmutableArray<double>.Empty;
        ImmutableArray<double> constraints = metrics is { ConstraintValues.IsDefault: false } ? metrics.ConstraintValues : ImmutableArray<double>.Empty;
        SqliteCommand command = _statements.Get(
            "UPDATE trials SET state = $state, value = $value, objective_values = CAST($values AS TEXT), constraint_values = CAST($constraints AS TEXT), fail_reason = CAST($reason AS TEXT), fail_type = CAST($type AS TEXT), fail_message = CAST($message AS TEXT), fail_stack = CAST($stack AS TEXT), completed = $completed WHERE id = $trial AND state = 1;",
            transaction,
            "$state",
            "$value",
            "$values",
            "$constraints",
            "$reason",
            "$type",
            "$message",
            "$stack",
            "$completed",
            "$trial");
        command.Parameters["$state"].Value = (int)state;
        command.Parameters["$value"].Value = value is { } v ? v : DBNull.Value;
        command.Parameters["$values"].Value = SqliteValues.Reals(values);
        command.Parameters["$constraints"].Value = SqliteValues.Reals(constraints);
        command.Parameters["$reason"].Value = SqliteValues.Text(failReason);
        command.Parameters["$type"].Value = SqliteValues.Text(failure?.ExceptionType);
        command.Parameters["$message"].Value = SqliteValues.Text(failure?.Message);
        command.Parameters["$stack"].Value = SqliteValues.Text(failure?.StackTrace);
        command.Parameters["$completed"].Value = completed.ToString("O", CultureInfo.InvariantCulture);
        command.Parameters["$trial"].Value = trialId;
        if (command.ExecuteNonQuery() == 0)
        {
            StorageChecks.Running(LoadTrial(trialId, transaction), "finish");
        }

        // Trials this instance started and nobody else could have changed need no reload.
        FrozenTrial current = _runningHere.Remove(trialId, out FrozenTrial? known) ? known : LoadTrial(trialId, transaction);
        return current with { State = state, Value = value, Values = values, ConstraintValues = constraints, FailReason = failReason, Failure = failure, Completed = completed };
    }

    /// <inheritdoc />
    public FrozenTrial ImportTrial(long studyId, FrozenTrial trial)
    {
        StorageChecks.Imported(trial);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            RequireStudy(studyId, transaction);
            if (trial.ClaimKey is not null)
            {
                using SqliteCommand taken = Command("SELECT 1 FROM trials WHERE study_id = $study AND claim_key = CAST($key AS TEXT);", transaction);
                taken.Parameters.AddWithValue("$study", studyId);
                taken.Parameters.AddWithValue("$key", SqliteValues.Text(trial.ClaimKey));
                if (taken.ExecuteScalar() is not null)
                {
                    throw new ArgumentException($"Trial {trial.Number} cannot be imported: its claim key '{trial.ClaimKey}' is already taken in the study.", nameof(trial));
                }
            }

            using SqliteCommand insert = Command(
                """
                INSERT INTO trials(study_id, number, state, value, objective_values, constraint_values, claim_key, worker, started, completed, fail_reason, fail_type, fail_message, fail_stack, space_version)
                VALUES ($study, (SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = $study), $state, $value, CAST($values AS TEXT), CAST($constraints AS TEXT), CAST($key AS TEXT), CAST($worker AS TEXT),
                        $started, $completed, CAST($reason AS TEXT), CAST($type AS TEXT), CAST($message AS TEXT), CAST($stack AS TEXT), $space)
                RETURNING id, number;
                """,
                transaction);
            insert.Parameters.AddWithValue("$study", studyId);
            insert.Parameters.AddWithValue("$state", (int)trial.State);
            insert.Parameters.AddWithValue("$value", trial.Value is { } value ? value : DBNull.Value);
            insert.Parameters.AddWithValue("$values", SqliteValues.Reals(trial.Values));
            insert.Parameters.AddWithValue("$space", trial.SpaceVersion);
            insert.Parameters.AddWithValue("$constraints", SqliteValues.Reals(trial.ConstraintValues));
            insert.Parameters.AddWithValue("$key", SqliteValues.Text(trial.ClaimKey));
            insert.Parameters.AddWithValue("$worker", SqliteValues.Text(trial.Worker));
            insert.Parameters.AddWithValue("$started", trial.Started is { } started ? started.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
            insert.Parameters.AddWithValue("$completed", trial.Completed is { } completed ? completed.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value);
            insert.Parameters.AddWithValue("$reason", SqliteValues.Text(trial.FailReason));
            insert.Parameters.AddWithValue("$type", SqliteValues.Text(trial.Failure?.ExceptionType));
            insert.Parameters.AddWithValue("$message", SqliteValues.Text(trial.Failure?.Message));
            insert.Parameters.AddWithValue("$stack", SqliteValues.Text(trial.Failure?.StackTrace));
            long id;
            int number;
            using (SqliteDataReader reader = insert.ExecuteReader())
            {
                reader.Read();
                id = reader.GetInt64(0);
                number = reader.GetInt32(1);
            }

            InsertRows(transaction, "INSERT INTO trial_params(trial_id, name, value, distribution) VALUES ($trial, CAST($key AS TEXT), $value, '');", id, trial.Parameters.Select(p => (SqliteValues.Text(p.Key), (object)p.Value)));
            InsertRows(transaction, "INSERT INTO trial_intermediate(trial_id, step, value) VALUES ($trial, $key, $value);", id, trial.IntermediateValues.Select(p => ((object)p.Key, (object)p.Value)));
            InsertRows(transaction, "INSERT INTO trial_attributes(trial_id, key, value) VALUES ($trial, CAST($key AS TEXT), CAST($value AS TEXT));", id, trial.UserAttributes.Select(p => (SqliteValues.Text(p.Key), SqliteValues.Text(p.Value))));
            transaction.Commit();
            return trial with { Id = id, Number = number };
        }
    }

    /// <inheritdoc />
    public void RenameStudy(long studyId, string newName)
    {
        StorageChecks.StudyName(newName);
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            RequireStudy(studyId, transaction);
            using (SqliteCommand taken = Command("SELECT id FROM studies WHERE name = CAST($name AS TEXT);", transaction))
            {
                taken.Parameters.AddWithValue("$name", SqliteValues.Text(newName));
                if (taken.ExecuteScalar() is long other && other != studyId)
                {
                    throw new ArgumentException($"The study with id {studyId} cannot be renamed to '{newName}': another study in {Path} has that name.", nameof(newName));
                }
            }

            using SqliteCommand rename = Command("UPDATE studies SET name = CAST($name AS TEXT) WHERE id = $study;", transaction);
            rename.Parameters.AddWithValue("$name", SqliteValues.Text(newName));
            rename.Parameters.AddWithValue("$study", studyId);
            rename.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public void DeleteStudy(long studyId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            RequireStudy(studyId, transaction);
            using SqliteCommand delete = Command(
                """
                DELETE FROM trial_params WHERE trial_id IN (SELECT id FROM trials WHERE study_id = $study);
                DELETE FROM trial_intermediate WHERE trial_id IN (SELECT id FROM trials WHERE study_id = $study);
                DELETE FROM trial_attributes WHERE trial_id IN (SELECT id FROM trials WHERE study_id = $study);
                DELETE FROM trial_checkpoints WHERE trial_id IN (SELECT id FROM trials WHERE study_id = $study);
                DELETE FROM trials WHERE study_id = $study;
                DELETE FROM study_spaces WHERE study_id = $study;
                DELETE FROM studies WHERE id = $study;
                """,
                transaction);
            delete.Parameters.AddWithValue("$study", studyId);
            delete.ExecuteNonQuery();
            transaction.Commit();
            _snapshots.Forget(studyId);
        }
    }

    private void InsertRows(SqliteTransaction transaction, string sql, long trialId, IEnumerable<(object Key, object Value)> rows)
    {
        foreach ((object key, object value) in rows)
        {
            using SqliteCommand command = Command(sql, transaction);
            command.Parameters.AddWithValue("$trial", trialId);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
        }
    }

    private long StudyOf(long trialId, SqliteTransaction transaction)
    {
        SqliteCommand command = _statements.Get("SELECT study_id FROM trials WHERE id = $trial;", transaction, "$trial");
        command.Parameters["$trial"].Value = trialId;
        return command.ExecuteScalar() is long study ? study : throw new KeyNotFoundException($"There is no trial with id {trialId} in {Path}.");
    }

    /// <inheritdoc />
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            return LoadTrial(trialId, null);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            RequireStudy(studyId, null);
            SqliteSnapshotCache.StudyCache cache = _snapshots.For(studyId);
            List<long> reload = cache.Unfinished();
            SqliteCommand command = _statements.Get("SELECT id FROM trials WHERE study_id = $study AND id > $seen ORDER BY id;", null, "$study", "$seen");
            command.Parameters["$study"].Value = studyId;
            command.Parameters["$seen"].Value = cache.MaxId;
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    reload.Add(reader.GetInt64(0));
                }
            }

            // All or nothing: a trial that cannot be read (CorruptStudyException) leaves the cache as it was, so a
            // repaired trial is read again next time.
            cache.Refresh(LoadTrials(reload));
            return cache.Snapshot();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId, TrialState state)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            RequireStudy(studyId, null);

            // Served by the (study_id, state) index: opening a study of 20,000 trials read them all before.
            SqliteCommand command = _statements.Get("SELECT id FROM trials WHERE study_id = $study AND state = $state ORDER BY number;", null, "$study", "$state");
            command.Parameters["$study"].Value = studyId;
            command.Parameters["$state"].Value = (int)state;
            var ids = new List<long>();
            using (SqliteDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            return LoadTrials(ids);
        }
    }

    /// <inheritdoc />
    public FrozenTrial? GetBestTrial(long studyId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            StudyDirection direction = Direction(studyId);

            // Served by the (study_id, state, value, number) index: one seek, whatever the study's size.
            string order = direction == StudyDirection.Minimize ? "value ASC" : "value DESC";
            SqliteCommand command = _statements.Get($"SELECT id FROM trials WHERE study_id = $study AND state = 2 ORDER BY {order}, number LIMIT 1;", null, "$study");
            command.Parameters["$study"].Value = studyId;
            return command.ExecuteScalar() is long id ? LoadTrial(id, null) : null;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? GetLastHeartbeat(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        StorageChecks.Worker(worker, nameof(worker));
        lock (_gate)
        {
            ThrowIfDisposed();
            SqliteCommand command = _statements.Get("SELECT heartbeat FROM workers WHERE id = CAST($worker AS TEXT);", null, "$worker");
            command.Parameters["$worker"].Value = SqliteValues.Text(worker);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? Checked(() => SqliteValues.Timestamp(reader, 0, "workers.heartbeat"), null, $"the heartbeat of worker '{worker}'") : null;
        }
    }

    /// <summary>
    /// SQLite's busy and locked errors are transient: another process held the file longer than the busy timeout,
    /// and the same call may succeed when it lets go.
    /// </summary>
    public bool IsTransientFailure(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 };

    /// <inheritdoc />
    public void SaveCheckpoint(long trialId, ReadOnlySpan<byte> checkpoint)
    {
        byte[] data = checkpoint.ToArray();
        lock (_gate)
        {
            ThrowIfDisposed();
            // Synced like a finished trial: a checkpoint is what a resumed study restarts from.
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            LoadTrial(trialId, transaction);
            using SqliteCommand command = Command("INSERT OR REPLACE INTO trial_checkpoints(trial_id, data, saved) VALUES ($trial, $data, $saved);", transaction);
            command.Parameters.AddWithValue("$trial", trialId);
            command.Parameters.Add("$data", SqliteType.Blob).Value = data;
            command.Parameters.AddWithValue("$saved", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public byte[]? LoadCheckpoint(long trialId)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            LoadTrial(trialId, null);
            using SqliteCommand command = Command("SELECT data FROM trial_checkpoints WHERE trial_id = $trial;", null);
            command.Parameters.AddWithValue("$trial", trialId);
            return command.ExecuteScalar() switch
            {
                null => null,
                byte[] data => data,
                object other => throw CorruptTrial(trialId, new StoredValueException("trial_checkpoints.data", $"holds a {other.GetType().Name} where a blob belongs"), null),
            };
        }
    }

    /// <inheritdoc />
    public void Heartbeat(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        StorageChecks.Worker(worker, nameof(worker));
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForRoutineWrite();
            using SqliteCommand command = Command("INSERT OR REPLACE INTO workers(id, heartbeat) VALUES (CAST($worker AS TEXT), $beat);", null);
            command.Parameters.AddWithValue("$worker", SqliteValues.Text(worker));
            command.Parameters.AddWithValue("$beat", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _statements.Dispose();
            _connection.Dispose();
        }
    }

    // Reports and attributes: check the trial's state and write one keyed row, in one transaction.
    private void UpsertTrialRow(long trialId, Action<FrozenTrial> checkState, string sql, object key, object value)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForRoutineWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            checkState(LoadTrial(trialId, transaction));
            using SqliteCommand command = Command(sql, transaction);
            command.Parameters.AddWithValue("$trial", trialId);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", value);
            command.ExecuteNonQuery();
            transaction.Commit();

            // The copy kept for FinishTrial lacks this row now; finishing will reload the trial.
            _runningHere.Remove(trialId);
        }
    }

    // Inserts a trial inside the caller's transaction; null when its claim key is taken (nothing written).
    private FrozenTrial? InsertTrial(long studyId, NewTrial trial, SqliteTransaction transaction)
    {
        if (trial.ClaimKey is not null)
        {
            using SqliteCommand taken = Command("SELECT 1 FROM trials WHERE study_id = $study AND claim_key = CAST($key AS TEXT);", transaction);
            taken.Parameters.AddWithValue("$study", studyId);
            taken.Parameters.AddWithValue("$key", SqliteValues.Text(trial.ClaimKey));
            if (taken.ExecuteScalar() is not null)
            {
                return null;
            }
        }

        DateTimeOffset? started = trial.State == TrialState.Running ? _time.GetUtcNow() : null;
        SqliteCommand insert = _statements.Get(
            """
            INSERT INTO trials(study_id, number, state, claim_key, worker, started, space_version)
            VALUES ($study, (SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = $study), $state, CAST($key AS TEXT), CAST($worker AS TEXT), $started, $space)
            RETURNING id, number;
            """,
            transaction,
            "$study",
            "$state",
            "$key",
            "$worker",
            "$started",
            "$space");
        insert.Parameters["$space"].Value = trial.SpaceVersion;
        insert.Parameters["$study"].Value = studyId;
        insert.Parameters["$state"].Value = (int)trial.State;
        insert.Parameters["$key"].Value = SqliteValues.Text(trial.ClaimKey);
        insert.Parameters["$worker"].Value = SqliteValues.Text(trial.Worker);
        insert.Parameters["$started"].Value = started is { } s ? s.ToString("O", CultureInfo.InvariantCulture) : DBNull.Value;
        long id;
        int number;
        using (SqliteDataReader reader = insert.ExecuteReader())
        {
            reader.Read();
            id = reader.GetInt64(0);
            number = reader.GetInt32(1);
        }

        if (trial.Parameters.Count > 0)
        {
            // One multi-row statement per trial (prepared per parameter count) instead of one per parameter.
            SqliteCommand parameters = _statements.ParameterInsert(trial.Parameters.Count, transaction);
            parameters.Parameters["$trial"].Value = id;
            int index = 0;
            foreach ((string key, double internalValue) in trial.Parameters)
            {
                SqliteParameterCollection values = parameters.Parameters;
                values[3 * index + 1].Value = SqliteValues.Text(key);
                values[3 * index + 2].Value = internalValue;
                values[3 * index + 3].Value = SqliteValues.Text(trial.Distributions is not null && trial.Distributions.TryGetValue(key, out string? text) ? text : string.Empty);
                index++;
            }

            parameters.ExecuteNonQuery();
        }

        if (trial.Attributes is { Count: > 0 } attributes)
        {
            foreach ((string key, string attribute) in attributes)
            {
                SqliteCommand insertAttribute = _statements.Get("INSERT INTO trial_attributes(trial_id, key, value) VALUES ($trial, CAST($key AS TEXT), CAST($value AS TEXT));", transaction, "$trial", "$key", "$value");
                insertAttribute.Parameters["$trial"].Value = id;
                insertAttribute.Parameters["$key"].Value = SqliteValues.Text(key);
                insertAttribute.Parameters["$value"].Value = SqliteValues.Text(attribute);
                insertAttribute.ExecuteNonQuery();
            }
        }

        return new FrozenTrial
        {
            Id = id,
            Number = number,
            State = trial.State,
            Parameters = trial.Parameters.ToImmutableDictionary(StringComparer.Ordinal),
            ClaimKey = trial.ClaimKey,
            Worker = trial.Worker,
            Started = started,
            SpaceVersion = trial.SpaceVersion,
            UserAttributes = trial.Attributes is null ? ImmutableDictionary<string, string>.Empty : trial.Attributes.ToImmutableDictionary(StringComparer.Ordinal),
        };
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException($"SqliteStorage({Path})", $"The storage of {Path} was disposed; open a new SqliteStorage to use the file again.");
        }
    }

    private StudyDirection Direction(long studyId)
    {
        SqliteCommand command = _statements.Get("SELECT direction FROM studies WHERE id = $study;", null, "$study");
        command.Parameters["$study"].Value = studyId;
        using SqliteDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new KeyNotFoundException($"There is no study with id {studyId} in {Path}.");
        }

        try
        {
            return SqliteValues.Member<StudyDirection>(reader, 0, "studies.direction");
        }
        catch (StoredValueException bad)
        {
            throw CorruptStudy(bad, StudyNameOf(studyId, null), null);
        }
    }

    private StudyRecord? FindStudyCore(string name, SqliteTransaction? transaction)
    {
        using SqliteCommand command = Command("SELECT id, direction, fingerprint, space, space_json, metrics_json, space_version FROM studies WHERE name = CAST($name AS TEXT);", transaction);
        command.Parameters.AddWithValue("$name", SqliteValues.Text(name));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? Checked(
                () => new StudyRecord(
                    reader.GetInt64(0),
                    name,
                    SqliteValues.Member<StudyDirection>(reader, 1, "studies.direction"),
                    SqliteValues.Text(reader, 2, "studies.fingerprint"),
                    SqliteValues.Text(reader, 3, "studies.space"))
                {
                    SpaceJson = SqliteValues.NullableText(reader, 4, "studies.space_json"),
                    MetricsJson = SqliteValues.NullableText(reader, 5, "studies.metrics_json"),
                    SpaceVersion = checked((int)SqliteValues.Integer(reader, 6, "studies.space_version")),
                },
                name,
                null)
            : null;
    }

    private void RequireStudy(long studyId, SqliteTransaction? transaction)
    {
        using SqliteCommand command = Command("SELECT 1 FROM studies WHERE id = $study;", transaction);
        command.Parameters.AddWithValue("$study", studyId);
        if (command.ExecuteScalar() is null)
        {
            throw new KeyNotFoundException($"There is no study with id {studyId} in {Path}.");
        }
    }

    private FrozenTrial LoadTrial(long trialId, SqliteTransaction? transaction) =>
        LoadTrials(new[] { trialId }, transaction).SingleOrDefault() ?? throw new KeyNotFoundException($"There is no trial with id {trialId} in {Path}.");

    // Every value is checked against its column's kind: a row changed behind AttrTune's back is reported as a
    // CorruptStudyException naming the study, the trial (by number) and the column, never as an error from deep inside.
    private List<FrozenTrial> LoadTrials(IReadOnlyCollection<long> ids, SqliteTransaction? transaction = null)
    {
        var trials = new List<FrozenTrial>();
        if (ids.Count == 0)
        {
            return trials;
        }

        // The trial rows first, so a bad value in another table can name its trial by number.
        string list = string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var rows = new Dictionary<long, (long StudyId, int? Number)>();
        using (SqliteCommand trialsCommand = Command($"SELECT id, study_id, number, state, value, claim_key, worker, started, completed, fail_reason, fail_type, fail_message, fail_stack, objective_values, constraint_values, space_version FROM trials WHERE id IN ({list}) ORDER BY number;", transaction))
        using (SqliteDataReader reader = trialsCommand.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                long studyId = reader.GetInt64(1);
                int? number = null;
                try
                {
                    long storedNumber = SqliteValues.Integer(reader, 2, "trials.number");
                    if (storedNumber is < 0 or > int.MaxValue)
                    {
                        throw new StoredValueException("trials.number", $"holds {storedNumber.ToString(CultureInfo.InvariantCulture)}, which is no trial number (0 to {int.MaxValue.ToString(CultureInfo.InvariantCulture)})");
                    }

                    number = (int)storedNumber;
                    rows[id] = (studyId, number);
                    TrialState state = SqliteValues.Member<TrialState>(reader, 3, "trials.state");
                    double? value = SqliteValues.NullableReal(reader, 4, "trials.value");
                    if (state == TrialState.Complete && value is null)
                    {
                        throw new StoredValueException("trials.value", "is NULL, and a complete trial has a value");
                    }

                    if (state == TrialState.Complete && !double.IsFinite(value!.Value))
                    {
                        throw new StoredValueException("trials.value", $"holds {value.Value.ToString(CultureInfo.InvariantCulture)}, and a complete trial's value is finite");
                    }

                    trials.Add(new FrozenTrial
                    {
                        Id = id,
                        Number = number.Value,
                        State = state,
                        Value = value,
                        ClaimKey = SqliteValues.NullableText(reader, 5, "trials.claim_key"),
                        Worker = SqliteValues.NullableText(reader, 6, "trials.worker"),
                        Started = SqliteValues.NullableTimestamp(reader, 7, "trials.started"),
                        Completed = SqliteValues.NullableTimestamp(reader, 8, "trials.completed"),
                        FailReason = SqliteValues.NullableText(reader, 9, "trials.fail_reason"),
                        Failure = SqliteValues.NullableText(reader, 10, "trials.fail_type") is { } failType
                            ? new TrialFailure(failType, SqliteValues.NullableText(reader, 11, "trials.fail_message") ?? string.Empty, SqliteValues.NullableText(reader, 12, "trials.fail_stack") ?? string.Empty)
                            : null,
                        Values = SqliteValues.Reals(reader, 13, "trials.objective_values"),
                        ConstraintValues = SqliteValues.Reals(reader, 14, "trials.constraint_values"),
                        SpaceVersion = checked((int)SqliteValues.Integer(reader, 15, "trials.space_version")),
                        Parameters = ImmutableDictionary<string, double>.Empty,
                    });
                }
                catch (StoredValueException bad)
                {
                    throw Corrupt(bad, studyId, number, id, transaction);
                }
            }
        }

        var parameters = Group($"SELECT trial_id, name, value FROM trial_params WHERE trial_id IN ({list});", transaction, rows, "trial_params.name", r => SqliteValues.Real(r, 2, "trial_params.value"));
        var attributes = Group($"SELECT trial_id, key, value FROM trial_attributes WHERE trial_id IN ({list});", transaction, rows, "trial_attributes.key", r => SqliteValues.Text(r, 2, "trial_attributes.value"));
        var intermediate = new Dictionary<long, ImmutableSortedDictionary<long, double>.Builder>();
        using (SqliteCommand command = Command($"SELECT trial_id, step, value FROM trial_intermediate WHERE trial_id IN ({list});", transaction))
        using (SqliteDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!intermediate.TryGetValue(id, out var builder))
                {
                    intermediate[id] = builder = ImmutableSortedDictionary.CreateBuilder<long, double>();
                }

                try
                {
                    builder[SqliteValues.Integer(reader, 1, "trial_intermediate.step")] = SqliteValues.Real(reader, 2, "trial_intermediate.value");
                }
                catch (StoredValueException bad)
                {
                    throw CorruptRow(bad, rows, id, transaction);
                }
            }
        }

        for (int i = 0; i < trials.Count; i++)
        {
            long id = trials[i].Id;
            trials[i] = trials[i] with
            {
                Parameters = parameters.TryGetValue(id, out var p) ? p.ToImmutable() : ImmutableDictionary<string, double>.Empty,
                UserAttributes = attributes.TryGetValue(id, out var a) ? a.ToImmutable() : ImmutableDictionary<string, string>.Empty,
                IntermediateValues = intermediate.TryGetValue(id, out var v) ? v.ToImmutable() : ImmutableSortedDictionary<long, double>.Empty,
            };
        }

        return trials;
    }

    // Rows keyed by trial and name (parameters, attributes), grouped by trial.
    private Dictionary<long, ImmutableDictionary<string, T>.Builder> Group<T>(
        string sql,
        SqliteTransaction? transaction,
        Dictionary<long, (long StudyId, int? Number)> rows,
        string keyColumn,
        Func<SqliteDataReader, T> read)
    {
        var groups = new Dictionary<long, ImmutableDictionary<string, T>.Builder>();
        using SqliteCommand command = Command(sql, transaction);
        using SqliteDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            long id = reader.GetInt64(0);
            if (!groups.TryGetValue(id, out var builder))
            {
                groups[id] = builder = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
            }

            try
            {
                builder[SqliteValues.Text(reader, 1, keyColumn)] = read(reader);
            }
            catch (StoredValueException bad)
            {
                throw CorruptRow(bad, rows, id, transaction);
            }
        }

        return groups;
    }

    private CorruptStudyException CorruptRow(StoredValueException bad, Dictionary<long, (long StudyId, int? Number)> rows, long trialId, SqliteTransaction? transaction) =>
        rows.TryGetValue(trialId, out var row) ? Corrupt(bad, row.StudyId, row.Number, trialId, transaction) : CorruptTrial(trialId, bad, transaction);

    private CorruptStudyException CorruptTrial(long trialId, StoredValueException bad, SqliteTransaction? transaction)
    {
        using SqliteCommand command = Command("SELECT study_id, number FROM trials WHERE id = $trial;", transaction);
        command.Parameters.AddWithValue("$trial", trialId);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read()
            ? Corrupt(bad, reader.GetInt64(0), reader.GetFieldType(1) == typeof(long) && reader.GetInt64(1) is >= 0 and <= int.MaxValue ? (int)reader.GetInt64(1) : null, trialId, transaction)
            : new CorruptStudyException(Path, null, null, bad.Column, $"{Path} is corrupt: a row of trial id {trialId} (a trial that does not exist): {bad.Message}.");
    }

    private CorruptStudyException Corrupt(StoredValueException bad, long studyId, int? number, long trialId, SqliteTransaction? transaction)
    {
        string study = StudyNameOf(studyId, transaction);
        string trial = number is { } n ? $"trial {n}" : $"the trial with id {trialId} (its number is unreadable)";
        return new CorruptStudyException(
            Path,
            study,
            number,
            bad.Column,
            $"Study '{study}' in {Path} is corrupt: {trial}: {bad.Message}. The file was changed by something other than AttrTune (or damaged); its other trials can still be read one by one with GetTrial.");
    }

    // Reads a value of a study's own row (study known), or of no study (what says which), turning a bad value into a
    // CorruptStudyException that names it.
    private T Checked<T>(Func<T> read, string? study, string? what)
    {
        try
        {
            return read();
        }
        catch (StoredValueException bad)
        {
            throw CorruptStudy(bad, study, what);
        }
    }

    private CorruptStudyException CorruptStudy(StoredValueException bad, string? study, string? what) =>
        new(
            Path,
            study,
            null,
            bad.Column,
            study is not null
                ? $"Study '{study}' in {Path} is corrupt: {bad.Message}. The file was changed by something other than AttrTune (or damaged)."
                : $"{Path} is corrupt: {what}: {bad.Message}. The file was changed by something other than AttrTune (or damaged).");

    // A study's name for a message; never throws for a bad name (the name itself may be what is damaged).
    private string StudyNameOf(long studyId, SqliteTransaction? transaction)
    {
        try
        {
            using SqliteCommand command = Command("SELECT name FROM studies WHERE id = $study;", transaction);
            command.Parameters.AddWithValue("$study", studyId);
            using SqliteDataReader reader = command.ExecuteReader();
            return reader.Read() ? SqliteValues.Text(reader, 0, "studies.name") : $"#{studyId} (missing)";
        }
        catch (StoredValueException)
        {
            return $"#{studyId}";
        }
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private void Execute(string sql, SqliteTransaction? transaction = null)
    {
        using SqliteCommand command = Command(sql, transaction);
        command.ExecuteNonQuery();
    }
}
