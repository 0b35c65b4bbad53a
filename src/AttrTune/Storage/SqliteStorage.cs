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
    /// <exception cref="UnsupportedSchemaException">The file was written by a newer schema version.</exception>
    public SqliteStorage(string path, SqliteStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _options = options ?? new SqliteStorageOptions();
        _time = _options.TimeProvider ?? TimeProvider.System;
        Path = path;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = (int)_options.BusyTimeout.TotalSeconds,
        };
        _connection = new SqliteConnection(builder.ToString());
        _statements = new SqliteStatementCache(_connection);
        _durability = new SqliteDurability(_statements, _options.SyncFinishedTrials);
        try
        {
            _connection.Open();

            // Small pages for small rows: a trial touches a handful of pages, and each is written to the WAL (and
            // synced) whole. Takes effect only when the file is created.
            Execute("PRAGMA page_size=1024;");
            Execute("PRAGMA journal_mode=WAL;");
            Execute($"PRAGMA busy_timeout={(long)_options.BusyTimeout.TotalMilliseconds};");
            Execute("PRAGMA foreign_keys=ON;");
            Execute("PRAGMA synchronous=NORMAL;");
            SqliteSchema.CreateOrMigrate(_connection, path);
        }
        catch
        {
            // A failed open must not leave a handle on the file.
            _statements.Dispose();
            _connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription)
    {
        StorageChecks.StudyName(name);
        lock (_gate)
        {
            ThrowIfDisposed();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            StudyRecord? existing = FindStudyCore(name, transaction);
            if (existing is not null)
            {
                StorageChecks.Compatible(existing, direction, spaceFingerprint, spaceDescription);
                return existing;
            }

            using SqliteCommand insert = Command(
                "INSERT INTO studies(name, direction, fingerprint, space, created) VALUES ($name, $direction, $fingerprint, $space, $created) RETURNING id;",
                transaction);
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$direction", (int)direction);
            insert.Parameters.AddWithValue("$fingerprint", spaceFingerprint);
            insert.Parameters.AddWithValue("$space", spaceDescription);
            insert.Parameters.AddWithValue("$created", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            long id = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return new StudyRecord(id, name, direction, spaceFingerprint, spaceDescription);
        }
    }

    /// <inheritdoc />
    public StudyRecord? FindStudy(string name)
    {
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
            using SqliteCommand command = Command("SELECT name FROM studies ORDER BY name;", null);
            using SqliteDataReader reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }

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
                UPDATE trials SET state = 1, worker = $worker, started = $started
                WHERE id = (SELECT id FROM trials WHERE study_id = $study AND state = 0 ORDER BY number LIMIT 1)
                RETURNING id;
                """,
                transaction);
            claim.Parameters.AddWithValue("$worker", worker);
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
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        UpsertTrialRow(
            trialId,
            trial => StorageChecks.NotFinished(trial, "set an attribute of"),
            "INSERT OR REPLACE INTO trial_attributes(trial_id, key, value) VALUES ($trial, $key, $value);",
            key,
            value);
    }

    /// <inheritdoc />
    public FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason)
    {
        StorageChecks.Finish(state, value);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            FrozenTrial finished = FinishInTransaction(trialId, state, value, failReason, transaction);
            transaction.Commit();
            return finished;
        }
    }

    /// <inheritdoc />
    public (FrozenTrial Failed, FrozenTrial? Retry) FailAndRetryTrial(long trialId, string failReason, NewTrial retry)
    {
        ArgumentNullException.ThrowIfNull(failReason);
        StorageChecks.NewTrial(retry);
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForFinishingWrite();
            using SqliteTransaction transaction = _connection.BeginTransaction(deferred: false);
            FrozenTrial failed = FinishInTransaction(trialId, TrialState.Failed, null, failReason, transaction);
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
    private FrozenTrial FinishInTransaction(long trialId, TrialState state, double? value, string? failReason, SqliteTransaction transaction)
    {
        DateTimeOffset completed = _time.GetUtcNow();
        SqliteCommand command = _statements.Get("UPDATE trials SET state = $state, value = $value, fail_reason = $reason, completed = $completed WHERE id = $trial AND state = 1;", transaction, "$state", "$value", "$reason", "$completed", "$trial");
        command.Parameters["$state"].Value = (int)state;
        command.Parameters["$value"].Value = value is { } v ? v : DBNull.Value;
        command.Parameters["$reason"].Value = (object?)failReason ?? DBNull.Value;
        command.Parameters["$completed"].Value = completed.ToString("O", CultureInfo.InvariantCulture);
        command.Parameters["$trial"].Value = trialId;
        if (command.ExecuteNonQuery() == 0)
        {
            StorageChecks.Running(LoadTrial(trialId, transaction), "finish");
        }

        // Trials this instance started and nobody else could have changed need no reload.
        FrozenTrial current = _runningHere.Remove(trialId, out FrozenTrial? known) ? known : LoadTrial(trialId, transaction);
        return current with { State = state, Value = value, FailReason = failReason, Completed = completed };
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
            List<long> reload = cache.TakeUnfinished();
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

            foreach (FrozenTrial trial in LoadTrials(reload))
            {
                cache.Store(trial);
            }

            return cache.Snapshot();
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
        lock (_gate)
        {
            ThrowIfDisposed();
            SqliteCommand command = _statements.Get("SELECT heartbeat FROM workers WHERE id = $worker;", null, "$worker");
            command.Parameters["$worker"].Value = worker;
            return command.ExecuteScalar() is string beat ? DateTimeOffset.Parse(beat, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
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
            return command.ExecuteScalar() as byte[];
        }
    }

    /// <inheritdoc />
    public void Heartbeat(string worker)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            _durability.ForRoutineWrite();
            using SqliteCommand command = Command("INSERT OR REPLACE INTO workers(id, heartbeat) VALUES ($worker, $beat);", null);
            command.Parameters.AddWithValue("$worker", worker);
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
            using SqliteCommand taken = Command("SELECT 1 FROM trials WHERE study_id = $study AND claim_key = $key;", transaction);
            taken.Parameters.AddWithValue("$study", studyId);
            taken.Parameters.AddWithValue("$key", trial.ClaimKey);
            if (taken.ExecuteScalar() is not null)
            {
                return null;
            }
        }

        DateTimeOffset? started = trial.State == TrialState.Running ? _time.GetUtcNow() : null;
        SqliteCommand insert = _statements.Get(
            """
            INSERT INTO trials(study_id, number, state, claim_key, worker, started)
            VALUES ($study, (SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = $study), $state, $key, $worker, $started)
            RETURNING id, number;
            """,
            transaction,
            "$study",
            "$state",
            "$key",
            "$worker",
            "$started");
        insert.Parameters["$study"].Value = studyId;
        insert.Parameters["$state"].Value = (int)trial.State;
        insert.Parameters["$key"].Value = (object?)trial.ClaimKey ?? DBNull.Value;
        insert.Parameters["$worker"].Value = (object?)trial.Worker ?? DBNull.Value;
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
                values[3 * index + 1].Value = key;
                values[3 * index + 2].Value = internalValue;
                values[3 * index + 3].Value = trial.Distributions is not null && trial.Distributions.TryGetValue(key, out string? text) ? text : string.Empty;
                index++;
            }

            parameters.ExecuteNonQuery();
        }

        if (trial.Attributes is { Count: > 0 } attributes)
        {
            foreach ((string key, string attribute) in attributes)
            {
                SqliteCommand insertAttribute = _statements.Get("INSERT INTO trial_attributes(trial_id, key, value) VALUES ($trial, $key, $value);", transaction, "$trial", "$key", "$value");
                insertAttribute.Parameters["$trial"].Value = id;
                insertAttribute.Parameters["$key"].Value = key;
                insertAttribute.Parameters["$value"].Value = attribute;
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
        return command.ExecuteScalar() is long direction
            ? (StudyDirection)direction
            : throw new KeyNotFoundException($"There is no study with id {studyId} in {Path}.");
    }

    private StudyRecord? FindStudyCore(string name, SqliteTransaction? transaction)
    {
        using SqliteCommand command = Command("SELECT id, direction, fingerprint, space FROM studies WHERE name = $name;", transaction);
        command.Parameters.AddWithValue("$name", name);
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? new StudyRecord(reader.GetInt64(0), name, (StudyDirection)reader.GetInt32(1), reader.GetString(2), reader.GetString(3)) : null;
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

    private List<FrozenTrial> LoadTrials(IReadOnlyCollection<long> ids, SqliteTransaction? transaction = null)
    {
        var trials = new List<FrozenTrial>();
        if (ids.Count == 0)
        {
            return trials;
        }

        string list = string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));
        var parameters = Group<double>($"SELECT trial_id, name, value FROM trial_params WHERE trial_id IN ({list});", transaction, r => r.GetDouble(2));
        var attributes = Group<string>($"SELECT trial_id, key, value FROM trial_attributes WHERE trial_id IN ({list});", transaction, r => r.GetString(2));
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

                builder[reader.GetInt64(1)] = reader.GetDouble(2);
            }
        }

        using SqliteCommand trialsCommand = Command($"SELECT id, number, state, value, claim_key, worker, started, completed, fail_reason FROM trials WHERE id IN ({list}) ORDER BY number;", transaction);
        using SqliteDataReader trialReader = trialsCommand.ExecuteReader();
        while (trialReader.Read())
        {
            long id = trialReader.GetInt64(0);
            trials.Add(new FrozenTrial
            {
                Id = id,
                Number = trialReader.GetInt32(1),
                State = (TrialState)trialReader.GetInt32(2),
                Value = trialReader.IsDBNull(3) ? null : trialReader.GetDouble(3),
                ClaimKey = trialReader.IsDBNull(4) ? null : trialReader.GetString(4),
                Worker = trialReader.IsDBNull(5) ? null : trialReader.GetString(5),
                Started = trialReader.IsDBNull(6) ? null : DateTimeOffset.Parse(trialReader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Completed = trialReader.IsDBNull(7) ? null : DateTimeOffset.Parse(trialReader.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                FailReason = trialReader.IsDBNull(8) ? null : trialReader.GetString(8),
                Parameters = parameters.TryGetValue(id, out var p) ? p.ToImmutable() : ImmutableDictionary<string, double>.Empty,
                UserAttributes = attributes.TryGetValue(id, out var a) ? a.ToImmutable() : ImmutableDictionary<string, string>.Empty,
                IntermediateValues = intermediate.TryGetValue(id, out var i) ? i.ToImmutable() : ImmutableSortedDictionary<long, double>.Empty,
            });
        }

        return trials;
    }

    private Dictionary<long, ImmutableDictionary<string, T>.Builder> Group<T>(string sql, SqliteTransaction? transaction, Func<SqliteDataReader, T> read)
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

            builder[reader.GetString(1)] = read(reader);
        }

        return groups;
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
