using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using Npgsql;
using NpgsqlTypes;

namespace AttrTune.Storage;

/// <summary>
/// Studies in a PostgreSQL database, shared by workers on many machines. Every claim and finish is one statement or
/// one transaction: trial numbers come from a per-study counter row updated in the creating transaction, claim keys
/// are checked under that row's lock (and guarded by a unique index), waiting trials are claimed with
/// <c>FOR UPDATE SKIP LOCKED</c>, and finishing is <c>UPDATE ... WHERE state = Running</c>, so N workers never take
/// the same trial or grid point and a finished trial never changes.
/// </summary>
/// <remarks>
/// Timestamps and heartbeats are taken from the database server's clock (<see cref="UtcNow"/>), measured when the
/// storage opens and at every heartbeat. Finished trials are cached per instance, so a snapshot reads only trials
/// added or unfinished since the previous one. Connections come from Npgsql's pool; the instance is thread-safe.
/// </remarks>
public sealed class PostgresStorage : IStudyStorage, ICheckpointStore, ITrialChainStorage
{
    /// <summary>The schema this version reads and writes.</summary>
    public const int SchemaVersion = PostgresSchema.Version;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider? _fixedClock;
    private readonly object _cacheGate = new();
    private readonly SqliteSnapshotCache _snapshots = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, FrozenTrial> _runningHere = new();

    // Studies that had no waiting trial when this instance last finished one of their trials: the claim attempt of the
    // next ask is answered from here (once) instead of by a round trip. A trial enqueued by another process in
    // between is claimed one ask later, by this worker or another.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _nothingWaiting = new();

    // Studies that had no waiting trial at this instance's last finish there, kept (not used up by a claim) until a
    // finish sees one or this instance queues one: whether a worker may create its next trial with its finish.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _noneWaitingAtLastFinish = new();
    // A trial's creation as CTEs ($1 - $11: study, claim key, state, worker, started, space version, parameter names,
    // values and distributions, attribute keys and values), the counter's update under `guard` as well. The claim key
    // ($2) is cast where its type would be ambiguous.
    private static string CreationCtes(string guard) =>
        $$"""
        n AS (
            UPDATE studies SET next_number = next_number + 1
            WHERE id = $1 {{guard}} AND ($2::text IS NULL OR NOT EXISTS (SELECT 1 FROM trials WHERE study_id = $1 AND claim_key = $2::text))
            RETURNING next_number - 1 AS number),
        t AS (
            INSERT INTO trials(study_id, number, state, claim_key, worker, started, space_version)
            SELECT $1, number, $3, $2::text, $4, $5, $6 FROM n RETURNING id, number),
        p AS (
            INSERT INTO trial_params(trial_id, name, value, distribution)
            SELECT t.id, u.name, u.value, u.distribution FROM t, unnest($7::text[], $8::double precision[], $9::text[]) AS u(name, value, distribution)),
        a AS (
            INSERT INTO trial_attributes(trial_id, key, value)
            SELECT t.id, u.key, u.value FROM t, unnest($10::text[], $11::text[]) AS u(key, value))
        """;

    // The whole creation in one statement (see InsertNewTrial).
    private static readonly string CreateTrialSql = "WITH " + CreationCtes(string.Empty) + " SELECT id, number FROM t;";

    private static readonly string FinishTrialSql =
        """
        UPDATE trials SET state = $1, value = $2, objective_values = $3, constraint_values = $4, fail_reason = $5, fail_type = $6, fail_message = $7, fail_stack = $8, completed = $9
        WHERE id = $10 AND state = 1
        RETURNING study_id, EXISTS (SELECT 1 FROM trials AS waiting WHERE waiting.study_id = trials.study_id AND waiting.state = 0);
        """;

    // A worker's finish and its next trial's creation in one statement (see CompleteAndCreateTrial): the creation's
    // CTEs, guarded by the finish having happened and the study having no waiting trial, then the finish's values
    // ($12 - $16). The study's row is locked first (`l`, evaluated once before the finish touches the trial), in the
    // order a plain creation takes its locks: finishing first would hold the trial's new index entries, its claim key
    // among them, while waiting for the study's row, and a creator holding that row and inserting the same key would
    // wait for this statement in turn. One row when the trial was running: its study, whether the study has waiting
    // trials, and the new trial's id and number (null when none was created).
    private static readonly string CompleteAndCreateSql =
        """
        WITH l AS (SELECT id FROM studies WHERE id = $1 FOR NO KEY UPDATE),
        f AS (
            UPDATE trials SET state = 2, value = $12, objective_values = $13, constraint_values = $14, completed = $15
            WHERE id = $16 AND state = 1 AND EXISTS (SELECT 1 FROM l)
            RETURNING study_id, EXISTS (SELECT 1 FROM trials AS waiting WHERE waiting.study_id = trials.study_id AND waiting.state = 0) AS waiting),
        """
        + CreationCtes("AND EXISTS (SELECT 1 FROM f WHERE f.study_id = $1 AND NOT f.waiting)")
        + " SELECT f.study_id, f.waiting, t.id, t.number FROM f LEFT JOIN t ON true;";

    private readonly PostgresCommandPool _completeAndCreate = new(
        CompleteAndCreateSql,
        NpgsqlDbType.Bigint,
        NpgsqlDbType.Text,
        NpgsqlDbType.Integer,
        NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Integer,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Array | NpgsqlDbType.Double,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Double,
        NpgsqlDbType.Array | NpgsqlDbType.Double,
        NpgsqlDbType.Array | NpgsqlDbType.Double,
        NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Bigint);

    private readonly PostgresCommandPool _createTrial = new(
        CreateTrialSql,
        NpgsqlDbType.Bigint,
        NpgsqlDbType.Text,
        NpgsqlDbType.Integer,
        NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Integer,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Array | NpgsqlDbType.Double,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Array | NpgsqlDbType.Text,
        NpgsqlDbType.Array | NpgsqlDbType.Text);

    private readonly PostgresCommandPool _finishTrial = new(
        FinishTrialSql,
        NpgsqlDbType.Integer,
        NpgsqlDbType.Double,
        NpgsqlDbType.Array | NpgsqlDbType.Double,
        NpgsqlDbType.Array | NpgsqlDbType.Double,
        NpgsqlDbType.Text,
        NpgsqlDbType.Text,
        NpgsqlDbType.Text,
        NpgsqlDbType.Text,
        NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Bigint);

    private ParameterColumns? _lastColumns;
    private TimeSpan _serverOffset;
    private bool _disposed;

    /// <summary>
    /// Opens the database named by <paramref name="connection"/> (a <c>postgresql://user:password@host:port/database</c>
    /// URL, query parameters as Npgsql keywords, or an Npgsql connection string), creating or migrating the schema.
    /// </summary>
    /// <exception cref="ArgumentException">The URL or connection string is malformed; the message hides the password.</exception>
    /// <exception cref="UnsupportedSchemaException">The database was written by a newer schema version.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the login.</exception>
    public PostgresStorage(string connection, PostgresStorageOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        options ??= new PostgresStorageOptions();
        NpgsqlConnectionStringBuilder builder = ParseConnection(connection);
        builder.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        Name = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
        _fixedClock = options.TimeProvider;

        // Sessions keep no state of ours, so a pooled connection needs no DISCARD ALL when it returns (one statement per
        // call saved), and the few statements of the trial path are prepared once per connection.
        builder.NoResetOnClose = true;
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            using NpgsqlConnection open = _dataSource.OpenConnection();
            PostgresSchema.CreateOrMigrate(open, Name);
            MeasureServerClock(open);
        }
        catch
        {
            _dataSource.Dispose();
            throw;
        }
    }

    /// <summary>The database as a person names it (host, port and database; never the password).</summary>
    public string Name { get; }

    /// <inheritdoc />
    public DateTimeOffset UtcNow => _fixedClock?.GetUtcNow() ?? DateTimeOffset.UtcNow + _serverOffset;

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>
    /// Errors a retry may cure: Npgsql's transient ones, a lost or refused connection (SQLSTATE class 08), a server
    /// shutting down, crashing or starting up (57P01, 57P02, 57P03), a serialization failure or deadlock (40001, 40P01),
    /// and a connection broken mid-read or mid-write.
    /// </summary>
    public bool IsTransientFailure(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.IO.IOException or System.Net.Sockets.SocketException or System.IO.EndOfStreamException or TimeoutException,
        InvalidOperationException { InnerException: NpgsqlException inner } => IsTransientFailure(inner),
        _ => false,
    };

    /// <inheritdoc />
    public StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription, string? spaceJson = null, string? metricsJson = null)
    {
        StorageChecks.Study(name, spaceFingerprint, spaceDescription, spaceJson, metricsJson);
        using NpgsqlConnection connection = Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using (var insert = new NpgsqlCommand("INSERT INTO studies(name, direction, fingerprint, space, space_json, metrics_json, created) VALUES (@name, @direction, @fingerprint, @space, @json, @metrics, @created) ON CONFLICT (name) DO NOTHING;", connection, transaction))
        {
            insert.Parameters.AddWithValue("name", name);
            insert.Parameters.AddWithValue("direction", (int)direction);
            insert.Parameters.AddWithValue("fingerprint", spaceFingerprint);
            insert.Parameters.AddWithValue("space", spaceDescription);
            insert.Parameters.AddWithValue("json", (object?)spaceJson ?? DBNull.Value);
            insert.Parameters.Add(Text("metrics", metricsJson));
            insert.Parameters.AddWithValue("created", UtcNow);
            int inserted = insert.ExecuteNonQuery();
            StudyRecord study = FindStudy(name, connection, transaction)!;
            if (inserted == 0)
            {
                StorageChecks.Compatible(study, direction, spaceFingerprint, spaceDescription, metricsJson);
            }

            transaction.Commit();
            return study;
        }
    }

    /// <inheritdoc />
    public StudyRecord AdoptSpace(long studyId, string spaceFingerprint, string spaceDescription, string? spaceJson)
    {
        StorageChecks.Space(spaceFingerprint, spaceDescription, spaceJson);
        using NpgsqlConnection connection = Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        string name;
        using (var lockRow = new NpgsqlCommand("SELECT name FROM studies WHERE id = @study FOR UPDATE;", connection, transaction))
        {
            lockRow.Parameters.AddWithValue("study", studyId);
            name = lockRow.ExecuteScalar() as string ?? throw new KeyNotFoundException($"There is no study with id {studyId} in the {Name}.");
        }

        StudyRecord study = FindStudy(name, connection, transaction)!;
        if (study.SpaceFingerprint == spaceFingerprint)
        {
            return study;
        }

        // The first change writes the space the study was created with as version 0, so the history is complete.
        using (var adopt = new NpgsqlCommand(
            """
            INSERT INTO study_spaces(study_id, version, fingerprint, space, space_json, adopted)
            SELECT id, space_version, fingerprint, space, space_json, created FROM studies WHERE id = @study ON CONFLICT DO NOTHING;
            INSERT INTO study_spaces(study_id, version, fingerprint, space, space_json, adopted) VALUES (@study, @version, @fingerprint, @space, @json, @adopted);
            UPDATE studies SET fingerprint = @fingerprint, space = @space, space_json = @json, space_version = @version WHERE id = @study;
            """,
            connection,
            transaction))
        {
            adopt.Parameters.AddWithValue("study", studyId);
            adopt.Parameters.AddWithValue("version", study.SpaceVersion + 1);
            adopt.Parameters.Add(Text("fingerprint", spaceFingerprint));
            adopt.Parameters.Add(Text("space", spaceDescription));
            adopt.Parameters.Add(Text("json", spaceJson));
            adopt.Parameters.AddWithValue("adopted", UtcNow);
            adopt.ExecuteNonQuery();
        }

        transaction.Commit();
        return study with { SpaceFingerprint = spaceFingerprint, SpaceDescription = spaceDescription, SpaceJson = spaceJson, SpaceVersion = study.SpaceVersion + 1 };
    }

    /// <inheritdoc />
    public IReadOnlyList<StudySpace> GetSpaceHistory(long studyId)
    {
        using NpgsqlConnection connection = Open();
        RequireStudy(studyId, connection, null);
        using var command = new NpgsqlCommand(
            """
            SELECT version, fingerprint, space, space_json, adopted FROM study_spaces WHERE study_id = @study
            UNION ALL
            SELECT space_version, fingerprint, space, space_json, created FROM studies WHERE id = @study AND NOT EXISTS (SELECT 1 FROM study_spaces WHERE study_id = @study)
            ORDER BY 1;
            """,
            connection);
        command.Parameters.AddWithValue("study", studyId);
        using NpgsqlDataReader reader = command.ExecuteReader();
        var spaces = new List<StudySpace>();
        while (reader.Read())
        {
            spaces.Add(new StudySpace(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), NullableText(reader, 3), new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }

        return spaces;
    }

    /// <inheritdoc />
    public StudyRecord? FindStudy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        StorageChecks.Text(name, "study name", nameof(name));
        using NpgsqlConnection connection = Open();
        return FindStudy(name, connection, null);
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames()
    {
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand("SELECT name FROM studies;", connection);
        var names = new List<string>();
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        // In UTF-16 order, as every backend lists them (the server's collation may differ).
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public FrozenTrial? TryCreateTrial(long studyId, NewTrial trial)
    {
        StorageChecks.NewTrial(trial);
        if (trial.State == TrialState.Waiting)
        {
            ForgetNothingWaiting(studyId);
        }

        using NpgsqlConnection connection = Open();
        DateTimeOffset? started = trial.State == TrialState.Running ? UtcNow : null;
        (long Id, int Number)? inserted = InsertNewTrial(studyId, trial, started, connection);
        if (inserted is not { } row)
        {
            return null;
        }

        long id = row.Id;
        int number = row.Number;
        FrozenTrial created = Created(trial, id, number, started);
        if (created.State == TrialState.Running)
        {
            _runningHere[id] = created;
        }

        return created;
    }

    /// <inheritdoc />
    public FrozenTrial? TryClaimWaitingTrial(long studyId, string worker)
    {
        StorageChecks.Worker(worker, nameof(worker));
        if (_nothingWaiting.TryRemove(studyId, out _))
        {
            return null;
        }

        using NpgsqlConnection connection = Open();
        using var claim = new NpgsqlCommand(
            """
            UPDATE trials SET state = 1, worker = @worker, started = @started
            WHERE id = (SELECT id FROM trials WHERE study_id = @study AND state = 0 ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id;
            """,
            connection);
        claim.Parameters.AddWithValue("worker", worker);
        claim.Parameters.AddWithValue("started", UtcNow);
        claim.Parameters.AddWithValue("study", studyId);
        if (claim.ExecuteScalar() is not long id)
        {
            return null;
        }

        FrozenTrial claimed = LoadTrials([id], connection, null).Single();
        _runningHere[id] = claimed;
        return claimed;
    }

    /// <inheritdoc />
    public void ReportIntermediate(long trialId, long step, double value)
    {
        StorageChecks.IntermediateValue(step, value);
        UpsertTrialRow(
            trialId,
            trial => StorageChecks.Running(trial, "report an intermediate value to"),
            "INSERT INTO trial_intermediate(trial_id, step, value) VALUES (@trial, @key, @value) ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value;",
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
            "INSERT INTO trial_attributes(trial_id, key, value) VALUES (@trial, @key, @value) ON CONFLICT (trial_id, key) DO UPDATE SET value = excluded.value;",
            key,
            value);
    }

    /// <inheritdoc />
    public FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure = null, MetricValues? metrics = null)
    {
        StorageChecks.Finish(state, value, metrics);
        StorageChecks.FailReason(failReason);
        StorageChecks.Failure(failure);
        using NpgsqlConnection connection = Open();
        return Finish(trialId, state, value, failReason, failure, connection, null, noteWaiting: true, metrics);
    }

    /// <summary>
    /// One statement, so one round trip and one commit per trial of a worker that goes on: the finish is durable when
    /// this returns, exactly as <see cref="FinishTrial"/>'s, and the next trial is created in the same commit.
    /// </summary>
    (FrozenTrial Finished, FrozenTrial? Next) ITrialChainStorage.CompleteAndCreateTrial(long trialId, double value, MetricValues? metrics, long studyId, NewTrial next, DateTimeOffset at)
    {
        StorageChecks.Finish(TrialState.Complete, value, metrics);
        StorageChecks.NewTrial(next);
        if (next.State != TrialState.Running)
        {
            throw new ArgumentException($"A trial created with a finish is the worker's next running trial, not {next.State}.", nameof(next));
        }

        ImmutableArray<double> values = metrics is { Values.IsDefault: false } ? metrics.Values : ImmutableArray<double>.Empty;
        ImmutableArray<double> constraints = metrics is { ConstraintValues.IsDefault: false } ? metrics.ConstraintValues : ImmutableArray<double>.Empty;
        (string[] names, double[] parameterValues, string[] distributions) = ParameterColumnsOf(next);
        IReadOnlyDictionary<string, string>? attributes = next.Attributes is { Count: > 0 } given ? given : null;
        using NpgsqlConnection connection = Open();
        NpgsqlCommand command = _completeAndCreate.Rent(connection, null);
        NpgsqlParameterCollection bound = command.Parameters;
        bound[0].Value = studyId;
        bound[1].Value = PostgresCommandPool.Nullable(next.ClaimKey);
        bound[2].Value = (int)TrialState.Running;
        bound[3].Value = PostgresCommandPool.Nullable(next.Worker);
        bound[4].Value = at;
        bound[5].Value = next.SpaceVersion;
        bound[6].Value = names;
        PostgresCommandPool.SetReals(bound[7], parameterValues);
        bound[8].Value = distributions;
        bound[9].Value = attributes is null ? Array.Empty<string>() : attributes.Keys.ToArray();
        bound[10].Value = attributes is null ? Array.Empty<string>() : attributes.Values.ToArray();
        bound[11].Value = value;
        PostgresCommandPool.SetReals(bound[12], values.IsDefaultOrEmpty ? null : values.ToArray());
        PostgresCommandPool.SetReals(bound[13], constraints.IsDefaultOrEmpty ? null : constraints.ToArray());
        bound[14].Value = at;
        bound[15].Value = trialId;
        bool finished = false;
        (long Id, int Number)? created = null;
        try
        {
            using (NpgsqlDataReader reader = command.ExecuteReader())
            {
                if (reader.Read())
                {
                    finished = true;
                    NoteWaiting(reader.GetInt64(0), reader.GetBoolean(1));
                    if (!reader.IsDBNull(2))
                    {
                        created = (reader.GetInt64(2), reader.GetInt32(3));
                    }
                }
            }

            _completeAndCreate.Return(command);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "trials_by_claim")
        {
            // A creator that committed while this statement waited took the key: the statement changed nothing, so the
            // finish goes on alone and the worker asks again.
            return (Finish(trialId, TrialState.Complete, value, null, null, connection, null, noteWaiting: true, metrics), null);
        }

        if (!finished)
        {
            StorageChecks.Running(GetTrialIn(trialId, connection, null), "finish");
        }

        FrozenTrial done = AsFinished(trialId, TrialState.Complete, value, values, constraints, null, null, at, connection, null);
        if (created is not { } row)
        {
            return (done, null);
        }

        FrozenTrial started = Created(next, row.Id, row.Number, at);
        _runningHere[row.Id] = started;
        return (done, started);
    }

    // A trial this instance just created, as it is stored: nothing else can have changed it yet, so it is not read back.
    private static FrozenTrial Created(NewTrial trial, long id, int number, DateTimeOffset? started) => new()
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

    /// <inheritdoc />
    bool ITrialChainStorage.KnowsNothingWaiting(long studyId) => _noneWaitingAtLastFinish.ContainsKey(studyId);

    private void NoteWaiting(long studyId, bool waiting)
    {
        if (waiting)
        {
            ForgetNothingWaiting(studyId);
        }
        else
        {
            _nothingWaiting[studyId] = 0;
            _noneWaitingAtLastFinish[studyId] = 0;
        }
    }

    private void ForgetNothingWaiting(long studyId)
    {
        _nothingWaiting.TryRemove(studyId, out _);
        _noneWaitingAtLastFinish.TryRemove(studyId, out _);
    }

    /// <inheritdoc />
    void ITrialChainStorage.ReturnToQueue(long trialId)
    {
        using NpgsqlConnection connection = Open();
        // The study is read whether or not the update finds the trial running, so a retry after a lost reply (the
        // trial waiting already) still clears this instance's belief that nothing waits.
        using var command = new NpgsqlCommand(
            "WITH u AS (UPDATE trials SET state = 0, worker = NULL, started = NULL WHERE id = @trial AND state = 1) SELECT study_id FROM trials WHERE id = @trial;",
            connection);
        command.Parameters.AddWithValue("trial", trialId);
        if (command.ExecuteScalar() is long studyId)
        {
            ForgetNothingWaiting(studyId);
        }

        _runningHere.TryRemove(trialId, out _);
    }

    /// <inheritdoc />
    public (FrozenTrial Failed, FrozenTrial? Retry) FailAndRetryTrial(long trialId, string failReason, NewTrial retry)
    {
        ArgumentNullException.ThrowIfNull(failReason);
        StorageChecks.FailReason(failReason);
        StorageChecks.NewTrial(retry);
        using NpgsqlConnection connection = Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        FrozenTrial failed = Finish(trialId, TrialState.Failed, null, failReason, null, connection, transaction);
        long studyId = StudyOf(trialId, connection, transaction);
        ForgetNothingWaiting(studyId);
        FrozenTrial? retried = null;
        int? number = NextNumber(studyId, retry.ClaimKey, connection, transaction);
        if (number is not null)
        {
            DateTimeOffset? started = retry.State == TrialState.Running ? UtcNow : null;
            long id = InsertTrialRow(studyId, number.Value, retry.State, null, default, default, retry.ClaimKey, retry.Worker, started, null, null, null, retry.SpaceVersion, connection, transaction);
            InsertParametersAndAttributes(id, retry, connection, transaction);
            retried = LoadTrials([id], connection, transaction).Single();
        }

        transaction.Commit();
        return (failed, retried);
    }

    /// <inheritdoc />
    public FrozenTrial ImportTrial(long studyId, FrozenTrial trial)
    {
        ForgetNothingWaiting(studyId);
        StorageChecks.Imported(trial);
        using NpgsqlConnection connection = Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        int number = NextNumber(studyId, trial.ClaimKey, connection, transaction)
            ?? throw new ArgumentException($"Trial {trial.Number} cannot be imported: its claim key '{trial.ClaimKey}' is already taken in the study.", nameof(trial));
        long id = InsertTrialRow(studyId, number, trial.State, trial.Value, trial.Values, trial.ConstraintValues, trial.ClaimKey, trial.Worker, trial.Started, trial.Completed, trial.FailReason, trial.Failure, trial.SpaceVersion, connection, transaction);
        InsertRows(connection, transaction, "INSERT INTO trial_params(trial_id, name, value, distribution) VALUES (@trial, @key, @value, '');", id, trial.Parameters.Select(p => ((object)p.Key, (object)p.Value)));
        InsertRows(connection, transaction, "INSERT INTO trial_intermediate(trial_id, step, value) VALUES (@trial, @key, @value);", id, trial.IntermediateValues.Select(p => ((object)p.Key, (object)p.Value)));
        InsertRows(connection, transaction, "INSERT INTO trial_attributes(trial_id, key, value) VALUES (@trial, @key, @value);", id, trial.UserAttributes.Select(p => ((object)p.Key, (object)p.Value)));
        transaction.Commit();
        return trial with { Id = id, Number = number };
    }

    /// <inheritdoc />
    public void RenameStudy(long studyId, string newName)
    {
        StorageChecks.StudyName(newName);
        using NpgsqlConnection connection = Open();
        using var rename = new NpgsqlCommand("UPDATE studies SET name = @name WHERE id = @study;", connection);
        rename.Parameters.AddWithValue("name", newName);
        rename.Parameters.AddWithValue("study", studyId);
        try
        {
            if (rename.ExecuteNonQuery() == 0)
            {
                throw new KeyNotFoundException($"There is no study with id {studyId} in the {Name}.");
            }
        }
        catch (PostgresException unique) when (unique.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ArgumentException($"The study with id {studyId} cannot be renamed to '{newName}': another study in the {Name} has that name.", nameof(newName), unique);
        }
    }

    /// <inheritdoc />
    public void DeleteStudy(long studyId)
    {
        using NpgsqlConnection connection = Open();
        using var delete = new NpgsqlCommand("DELETE FROM studies WHERE id = @study;", connection);
        delete.Parameters.AddWithValue("study", studyId);
        if (delete.ExecuteNonQuery() == 0)
        {
            throw new KeyNotFoundException($"There is no study with id {studyId} in the {Name}.");
        }

        lock (_cacheGate)
        {
            _snapshots.Forget(studyId);
        }
    }

    /// <inheritdoc />
    public FrozenTrial GetTrial(long trialId)
    {
        using NpgsqlConnection connection = Open();
        return LoadTrials([trialId], connection, null).SingleOrDefault() ?? throw new KeyNotFoundException($"There is no trial with id {trialId} in the {Name}.");
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId)
    {
        using NpgsqlConnection connection = Open();
        RequireStudy(studyId, connection, null);
        lock (_cacheGate)
        {
            SqliteSnapshotCache.StudyCache cache = _snapshots.For(studyId);
            List<long> reload = cache.Unfinished();
            using var command = new NpgsqlCommand("SELECT id FROM trials WHERE study_id = @study AND id > @seen ORDER BY id;", connection);
            command.Parameters.AddWithValue("study", studyId);
            command.Parameters.AddWithValue("seen", cache.MaxId);
            using (NpgsqlDataReader reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    reload.Add(reader.GetInt64(0));
                }
            }

            cache.Refresh(LoadTrials(reload, connection, null));
            return cache.Snapshot();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId, TrialState state)
    {
        using NpgsqlConnection connection = Open();
        RequireStudy(studyId, connection, null);
        using var command = new NpgsqlCommand("SELECT id FROM trials WHERE study_id = @study AND state = @state ORDER BY number;", connection);
        command.Parameters.AddWithValue("study", studyId);
        command.Parameters.AddWithValue("state", (int)state);
        return LoadTrials(ReadIds(command), connection, null);
    }

    /// <inheritdoc />
    public FrozenTrial? GetBestTrial(long studyId)
    {
        using NpgsqlConnection connection = Open();
        using var direction = new NpgsqlCommand("SELECT direction FROM studies WHERE id = @study;", connection);
        direction.Parameters.AddWithValue("study", studyId);
        if (direction.ExecuteScalar() is not int stored)
        {
            throw new KeyNotFoundException($"There is no study with id {studyId} in the {Name}.");
        }

        string order = (StudyDirection)stored == StudyDirection.Minimize ? "value ASC" : "value DESC";
        using var best = new NpgsqlCommand($"SELECT id FROM trials WHERE study_id = @study AND state = 2 ORDER BY {order}, number LIMIT 1;", connection);
        best.Parameters.AddWithValue("study", studyId);
        return best.ExecuteScalar() is long id ? LoadTrials([id], connection, null).Single() : null;
    }

    /// <inheritdoc />
    public void Heartbeat(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        StorageChecks.Worker(worker, nameof(worker));
        using NpgsqlConnection connection = Open();
        MeasureServerClock(connection);
        using var command = new NpgsqlCommand("INSERT INTO workers(id, heartbeat) VALUES (@worker, @beat) ON CONFLICT (id) DO UPDATE SET heartbeat = excluded.heartbeat;", connection);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("beat", UtcNow);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public DateTimeOffset? GetLastHeartbeat(string worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        StorageChecks.Worker(worker, nameof(worker));
        using NpgsqlConnection connection = Open();
        using var command = new NpgsqlCommand("SELECT heartbeat FROM workers WHERE id = @worker;", connection);
        command.Parameters.AddWithValue("worker", worker);
        return command.ExecuteScalar() is DateTime beat ? new DateTimeOffset(beat, TimeSpan.Zero) : null;
    }

    /// <inheritdoc />
    public void SaveCheckpoint(long trialId, ReadOnlySpan<byte> checkpoint)
    {
        byte[] data = checkpoint.ToArray();
        using NpgsqlConnection connection = Open();
        GetTrialIn(trialId, connection, null);
        using var command = new NpgsqlCommand("INSERT INTO trial_checkpoints(trial_id, data, saved) VALUES (@trial, @data, @saved) ON CONFLICT (trial_id) DO UPDATE SET data = excluded.data, saved = excluded.saved;", connection);
        command.Parameters.AddWithValue("trial", trialId);
        command.Parameters.AddWithValue("data", data);
        command.Parameters.AddWithValue("saved", UtcNow);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public byte[]? LoadCheckpoint(long trialId)
    {
        using NpgsqlConnection connection = Open();
        GetTrialIn(trialId, connection, null);
        using var command = new NpgsqlCommand("SELECT data FROM trial_checkpoints WHERE trial_id = @trial;", connection);
        command.Parameters.AddWithValue("trial", trialId);
        return command.ExecuteScalar() as byte[];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _dataSource.Dispose();
        }
    }

    // "postgresql://user:password@host:port/database?key=value" (SQLAlchemy's form, also "postgres://"), or an Npgsql
    // connection string. Query keys are Npgsql keywords (sslmode, application_name, ...).
    internal static NpgsqlConnectionStringBuilder ParseConnection(string connection)
    {
        string text = connection.Trim();
        int scheme = text.IndexOf("://", StringComparison.Ordinal);
        try
        {
            if (scheme < 0)
            {
                return new NpgsqlConnectionStringBuilder(text);
            }

            string name = text[..scheme];
            if (!name.Equals("postgresql", StringComparison.OrdinalIgnoreCase) && !name.Equals("postgres", StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"the scheme is '{name}', not postgresql");
            }

            var uri = new Uri("postgresql" + text[scheme..]);
            var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
            if (uri.UserInfo.Length > 0)
            {
                string[] user = uri.UserInfo.Split(':', 2);
                builder.Username = Uri.UnescapeDataString(user[0]);
                if (user.Length == 2)
                {
                    builder.Password = Uri.UnescapeDataString(user[1]);
                }
            }

            string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length == 0)
            {
                throw new ArgumentException("it names no database (postgresql://user:password@host:port/database)");
            }

            builder.Database = database;
            foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] keyValue = pair.Split('=', 2);
                builder[Uri.UnescapeDataString(keyValue[0]).Replace('_', ' ')] = keyValue.Length == 2 ? Uri.UnescapeDataString(keyValue[1]) : string.Empty;
            }

            return builder;
        }
        catch (Exception bad) when (bad is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"The PostgreSQL storage '{StudyStorage.Redact(text)}' cannot be read: {StudyStorage.Redact(bad.Message)}.", nameof(connection), bad);
        }
    }

    private NpgsqlConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _dataSource.OpenConnection();
    }

    private void MeasureServerClock(NpgsqlConnection connection)
    {
        if (_fixedClock is not null)
        {
            return;
        }

        long before = Stopwatch.GetTimestamp();
        DateTimeOffset local = DateTimeOffset.UtcNow;
        using var command = new NpgsqlCommand("SELECT clock_timestamp();", connection);
        var server = new DateTimeOffset((DateTime)command.ExecuteScalar()!, TimeSpan.Zero);
        TimeSpan roundTrip = Stopwatch.GetElapsedTime(before);
        _serverOffset = server - (local + (roundTrip / 2));
    }

    private StudyRecord? FindStudy(string name, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("SELECT id, direction, fingerprint, space, space_json, metrics_json, space_version FROM studies WHERE name = @name;", connection, transaction);
        command.Parameters.AddWithValue("name", name);
        using NpgsqlDataReader reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        int direction = reader.GetInt32(1);
        if (!Enum.IsDefined((StudyDirection)direction))
        {
            throw new CorruptStudyException(Name, name, null, "studies.direction", $"Study '{name}' in the {Name} has direction {direction}, which is no direction.");
        }

        return new StudyRecord(reader.GetInt64(0), name, (StudyDirection)direction, reader.GetString(2), reader.GetString(3))
        {
            SpaceJson = reader.IsDBNull(4) ? null : reader.GetString(4),
            MetricsJson = reader.IsDBNull(5) ? null : reader.GetString(5),
            SpaceVersion = reader.GetInt32(6),
        };
    }

    private void RequireStudy(long studyId, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand("SELECT 1 FROM studies WHERE id = @study;", connection, transaction);
        command.Parameters.AddWithValue("study", studyId);
        if (command.ExecuteScalar() is null)
        {
            throw new KeyNotFoundException($"There is no study with id {studyId} in the {Name}.");
        }
    }

    // The whole creation in one statement, so one round trip and one commit: the counter row's update takes the study's
    // lock (held until this statement commits) and the claim key is checked under it; the unique index catches a key
    // that a creator committing while this statement waited for the lock took (its row is not in this statement's
    // snapshot). A failed statement changes nothing, so numbers stay gap-free. Null when the claim key is taken.
    private (long Id, int Number)? InsertNewTrial(long studyId, NewTrial trial, DateTimeOffset? started, NpgsqlConnection connection)
    {
        (string[] names, double[] values, string[] distributions) = ParameterColumnsOf(trial);
        IReadOnlyDictionary<string, string>? attributes = trial.Attributes is { Count: > 0 } given ? given : null;
        NpgsqlCommand insert = _createTrial.Rent(connection, null);
        NpgsqlParameterCollection bound = insert.Parameters;
        bound[0].Value = studyId;
        bound[1].Value = PostgresCommandPool.Nullable(trial.ClaimKey);
        bound[2].Value = (int)trial.State;
        bound[3].Value = PostgresCommandPool.Nullable(trial.Worker);
        bound[4].Value = started is { } s ? s : DBNull.Value;
        bound[5].Value = trial.SpaceVersion;
        bound[6].Value = names;
        PostgresCommandPool.SetReals(bound[7], values);
        bound[8].Value = distributions;
        bound[9].Value = attributes is null ? Array.Empty<string>() : attributes.Keys.ToArray();
        bound[10].Value = attributes is null ? Array.Empty<string>() : attributes.Values.ToArray();
        (long Id, int Number)? created = null;
        bool found;
        try
        {
            using (NpgsqlDataReader reader = insert.ExecuteReader())
            {
                found = reader.Read();
                if (found)
                {
                    created = (reader.GetInt64(0), reader.GetInt32(1));
                }
            }

            _createTrial.Return(insert);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "trials_by_claim")
        {
            return null;
        }

        if (!found)
        {
            // No row: the study is gone, or the claim key is taken.
            RequireStudy(studyId, connection, null);
        }

        return created;
    }

    // The names and distributions of a study's trials are the same from one trial to the next: the arrays of the last
    // creation are sent again when the keys match, so a creation builds only its values.
    private (string[] Names, double[] Values, string[] Distributions) ParameterColumnsOf(NewTrial trial)
    {
        int count = trial.Parameters.Count;
        var values = new double[count];
        ParameterColumns? known = _lastColumns;
        bool same = known is not null && ReferenceEquals(known.Source, trial.Distributions) && known.Names.Length == count;
        int i = 0;
        foreach (KeyValuePair<string, double> parameter in trial.Parameters)
        {
            values[i] = parameter.Value;
            same = same && string.Equals(known!.Names[i], parameter.Key, StringComparison.Ordinal);
            i++;
        }

        if (same)
        {
            return (known!.Names, values, known.Distributions);
        }

        string[] names = trial.Parameters.Keys.ToArray();
        string[] distributions = names.Select(k => trial.Distributions is not null && trial.Distributions.TryGetValue(k, out string? text) ? text : string.Empty).ToArray();
        _lastColumns = new ParameterColumns(names, distributions, trial.Distributions);
        return (names, values, distributions);
    }

    private sealed record ParameterColumns(string[] Names, string[] Distributions, IReadOnlyDictionary<string, string>? Source);

    // Takes the next number under the study row's lock, so numbering and the claim-key check are serialised per study
    // across every worker. Null when the claim key is taken (nothing of the trial written).
    private int? NextNumber(long studyId, string? claimKey, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        // The UPDATE takes the study row's lock until commit.
        using var advance = new NpgsqlCommand("UPDATE studies SET next_number = next_number + 1 WHERE id = @study RETURNING next_number - 1;", connection, transaction);
        advance.Parameters.AddWithValue("study", studyId);
        if (advance.ExecuteScalar() is not int number)
        {
            throw new KeyNotFoundException($"There is no study with id {studyId} in the {Name}.");
        }

        if (claimKey is not null)
        {
            using var taken = new NpgsqlCommand("SELECT 1 FROM trials WHERE study_id = @study AND claim_key = @key;", connection, transaction);
            taken.Parameters.AddWithValue("study", studyId);
            taken.Parameters.AddWithValue("key", claimKey);
            if (taken.ExecuteScalar() is not null)
            {
                // Still under the row's lock: give the number back, so numbers stay gap-free, and keep the rest of the
                // transaction (a failed trial whose retry is refused must still be failed).
                using var giveBack = new NpgsqlCommand("UPDATE studies SET next_number = next_number - 1 WHERE id = @study;", connection, transaction);
                giveBack.Parameters.AddWithValue("study", studyId);
                giveBack.ExecuteNonQuery();
                return null;
            }
        }

        return number;
    }

    private static long InsertTrialRow(long studyId, int number, TrialState state, double? value, ImmutableArray<double> values, ImmutableArray<double> constraints, string? claimKey, string? worker, DateTimeOffset? started, DateTimeOffset? completed, string? failReason, TrialFailure? failure, int spaceVersion, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var insert = new NpgsqlCommand(
            """
            INSERT INTO trials(study_id, number, state, value, objective_values, constraint_values, claim_key, worker, started, completed, fail_reason, fail_type, fail_message, fail_stack, space_version)
            VALUES (@study, @number, @state, @value, @values, @constraints, @key, @worker, @started, @completed, @reason, @type, @message, @stack, @space) RETURNING id;
            """,
            connection,
            transaction);
        insert.Parameters.AddWithValue("study", studyId);
        insert.Parameters.AddWithValue("number", number);
        insert.Parameters.AddWithValue("state", (int)state);
        insert.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Double) { Value = value is { } v ? v : DBNull.Value });
        insert.Parameters.Add(Reals("values", values));
        insert.Parameters.Add(Reals("constraints", constraints));
        insert.Parameters.AddWithValue("space", spaceVersion);
        insert.Parameters.Add(Text("key", claimKey));
        insert.Parameters.Add(Text("worker", worker));
        insert.Parameters.Add(new NpgsqlParameter("started", NpgsqlDbType.TimestampTz) { Value = started is { } s ? s : DBNull.Value });
        insert.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.TimestampTz) { Value = completed is { } c ? c : DBNull.Value });
        insert.Parameters.Add(Text("reason", failReason));
        insert.Parameters.Add(Text("type", failure?.ExceptionType));
        insert.Parameters.Add(Text("message", failure?.Message));
        insert.Parameters.Add(Text("stack", failure?.StackTrace));
        return (long)insert.ExecuteScalar()!;
    }

    // One statement per table whatever the trial's size: the arrays travel as parameters and unnest server-side.
    private static void InsertParametersAndAttributes(long id, NewTrial trial, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        if (trial.Parameters.Count > 0)
        {
            using var parameters = new NpgsqlCommand("INSERT INTO trial_params(trial_id, name, value, distribution) SELECT @trial, * FROM unnest(@names, @values, @distributions);", connection, transaction);
            parameters.Parameters.AddWithValue("trial", id);
            parameters.Parameters.AddWithValue("names", trial.Parameters.Keys.ToArray());
            parameters.Parameters.AddWithValue("values", trial.Parameters.Values.ToArray());
            parameters.Parameters.AddWithValue("distributions", trial.Parameters.Keys.Select(k => trial.Distributions is not null && trial.Distributions.TryGetValue(k, out string? text) ? text : string.Empty).ToArray());
            parameters.ExecuteNonQuery();
        }

        if (trial.Attributes is { Count: > 0 } attributes)
        {
            using var insert = new NpgsqlCommand("INSERT INTO trial_attributes(trial_id, key, value) SELECT @trial, * FROM unnest(@keys, @values);", connection, transaction);
            insert.Parameters.AddWithValue("trial", id);
            insert.Parameters.AddWithValue("keys", attributes.Keys.ToArray());
            insert.Parameters.AddWithValue("values", attributes.Values.ToArray());
            insert.ExecuteNonQuery();
        }
    }

    private static NpgsqlParameter Reals(string name, ImmutableArray<double> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values.IsDefaultOrEmpty ? DBNull.Value : values.ToArray() };

    private static ImmutableArray<double> Reals(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? ImmutableArray<double>.Empty : ImmutableArray.Create(reader.GetFieldValue<double[]>(ordinal));

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    // Import only (a copied trial's reports and attributes); new trials use one unnest insert per table instead.
    private static void InsertRows(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long trialId, IEnumerable<(object Key, object Value)> rows)
    {
        foreach ((object key, object value) in rows)
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("trial", trialId);
            command.Parameters.AddWithValue("key", key);
            command.Parameters.AddWithValue("value", value);
            command.ExecuteNonQuery();
        }
    }

    // The state test in the WHERE clause makes finishing atomic: a trial finished by anyone, anywhere, stays as it is.
    // With noteWaiting, the same statement also says whether the study has waiting trials (see _nothingWaiting): only
    // for a finish that commits on its own, since a transaction that goes on to enqueue would make the answer stale.
    private FrozenTrial Finish(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure, NpgsqlConnection connection, NpgsqlTransaction? transaction, bool noteWaiting = false, MetricValues? metrics = null)
    {
        DateTimeOffset completed = UtcNow;
        ImmutableArray<double> values = metrics is { Values.IsDefault: false } ? metrics.Values : ImmutableArray<double>.Empty;
        ImmutableArray<double> constraints = metrics is { ConstraintValues.IsDefault: false } ? metrics.ConstraintValues : ImmutableArray<double>.Empty;
        NpgsqlCommand command = _finishTrial.Rent(connection, transaction);
        NpgsqlParameterCollection bound = command.Parameters;
        bound[0].Value = (int)state;
        bound[1].Value = value is { } v ? v : DBNull.Value;
        PostgresCommandPool.SetReals(bound[2], values.IsDefaultOrEmpty ? null : values.ToArray());
        PostgresCommandPool.SetReals(bound[3], constraints.IsDefaultOrEmpty ? null : constraints.ToArray());
        bound[4].Value = PostgresCommandPool.Nullable(failReason);
        bound[5].Value = PostgresCommandPool.Nullable(failure?.ExceptionType);
        bound[6].Value = PostgresCommandPool.Nullable(failure?.Message);
        bound[7].Value = PostgresCommandPool.Nullable(failure?.StackTrace);
        bound[8].Value = completed;
        bound[9].Value = trialId;
        bool finished = false;
        using (NpgsqlDataReader reader = command.ExecuteReader())
        {
            if (reader.Read())
            {
                finished = true;
                if (noteWaiting)
                {
                    NoteWaiting(reader.GetInt64(0), reader.GetBoolean(1));
                }
            }
        }

        _finishTrial.Return(command);
        if (!finished)
        {
            StorageChecks.Running(GetTrialIn(trialId, connection, transaction), "finish");
        }

        return AsFinished(trialId, state, value, values, constraints, failReason, failure, completed, connection, transaction);
    }

    // The trial as just finished. Trials this instance started and nobody else could have changed need no reload.
    private FrozenTrial AsFinished(long trialId, TrialState state, double? value, ImmutableArray<double> values, ImmutableArray<double> constraints, string? failReason, TrialFailure? failure, DateTimeOffset completed, NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        _runningHere.TryRemove(trialId, out FrozenTrial? known)
            ? known with { State = state, Value = value, Values = values, ConstraintValues = constraints, FailReason = failReason, Failure = failure, Completed = completed }
            : GetTrialIn(trialId, connection, transaction);

    private long StudyOf(long trialId, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT study_id FROM trials WHERE id = @trial;", connection, transaction);
        command.Parameters.AddWithValue("trial", trialId);
        return command.ExecuteScalar() is long study ? study : throw new KeyNotFoundException($"There is no trial with id {trialId} in the {Name}.");
    }

    private void UpsertTrialRow(long trialId, Action<FrozenTrial> checkState, string sql, object key, object value)
    {
        using NpgsqlConnection connection = Open();
        using NpgsqlTransaction transaction = connection.BeginTransaction();
        using (var lockTrial = new NpgsqlCommand("SELECT 1 FROM trials WHERE id = @trial FOR UPDATE;", connection, transaction))
        {
            lockTrial.Parameters.AddWithValue("trial", trialId);
            lockTrial.ExecuteNonQuery();
        }

        checkState(GetTrialIn(trialId, connection, transaction));
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("trial", trialId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("value", value);
        command.ExecuteNonQuery();
        transaction.Commit();

        // The copy kept for FinishTrial lacks this row now; finishing will reload the trial.
        _runningHere.TryRemove(trialId, out _);
    }

    private FrozenTrial GetTrialIn(long trialId, NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        LoadTrials([trialId], connection, transaction).SingleOrDefault() ?? throw new KeyNotFoundException($"There is no trial with id {trialId} in the {Name}.");

    private static List<long> ReadIds(NpgsqlCommand command)
    {
        var ids = new List<long>();
        using NpgsqlDataReader reader = command.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private List<FrozenTrial> LoadTrials(IReadOnlyCollection<long> ids, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var trials = new List<FrozenTrial>();
        if (ids.Count == 0)
        {
            return trials;
        }

        long[] idArray = ids.ToArray();
        var rows = new Dictionary<long, FrozenTrial>();
        using (var command = new NpgsqlCommand("SELECT id, number, state, value, claim_key, worker, started, completed, fail_reason, fail_type, fail_message, fail_stack, objective_values, constraint_values, space_version FROM trials WHERE id = ANY(@ids) ORDER BY number;", connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                int state = reader.GetInt32(2);
                if (!Enum.IsDefined((TrialState)state))
                {
                    throw new CorruptStudyException(Name, null, reader.GetInt32(1), "trials.state", $"Trial {reader.GetInt32(1)} in the {Name} has state {state}, which is no trial state.");
                }

                rows[id] = new FrozenTrial
                {
                    Id = id,
                    Number = reader.GetInt32(1),
                    State = (TrialState)state,
                    Value = reader.IsDBNull(3) ? null : reader.GetDouble(3),
                    ClaimKey = NullableText(reader, 4),
                    Worker = NullableText(reader, 5),
                    Started = reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                    Completed = reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero),
                    FailReason = NullableText(reader, 8),
                    Failure = NullableText(reader, 9) is { } type ? new TrialFailure(type, NullableText(reader, 10) ?? string.Empty, NullableText(reader, 11) ?? string.Empty) : null,
                    Values = Reals(reader, 12),
                    ConstraintValues = Reals(reader, 13),
                    SpaceVersion = reader.GetInt32(14),
                    Parameters = ImmutableDictionary<string, double>.Empty,
                };
            }
        }

        var parameters = new Dictionary<long, ImmutableDictionary<string, double>.Builder>();
        var attributes = new Dictionary<long, ImmutableDictionary<string, string>.Builder>();
        var intermediate = new Dictionary<long, ImmutableSortedDictionary<long, double>.Builder>();
        using (var command = new NpgsqlCommand("SELECT trial_id, name, value FROM trial_params WHERE trial_id = ANY(@ids);", connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                Builder(parameters, reader.GetInt64(0), () => ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal))[reader.GetString(1)] = reader.GetDouble(2);
            }
        }

        using (var command = new NpgsqlCommand("SELECT trial_id, key, value FROM trial_attributes WHERE trial_id = ANY(@ids);", connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                Builder(attributes, reader.GetInt64(0), () => ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal))[reader.GetString(1)] = reader.GetString(2);
            }
        }

        using (var command = new NpgsqlCommand("SELECT trial_id, step, value FROM trial_intermediate WHERE trial_id = ANY(@ids);", connection, transaction))
        {
            command.Parameters.AddWithValue("ids", idArray);
            using NpgsqlDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                Builder(intermediate, reader.GetInt64(0), ImmutableSortedDictionary.CreateBuilder<long, double>)[reader.GetInt64(1)] = reader.GetDouble(2);
            }
        }

        foreach (FrozenTrial row in rows.Values.OrderBy(t => t.Number))
        {
            trials.Add(row with
            {
                Parameters = parameters.TryGetValue(row.Id, out var p) ? p.ToImmutable() : row.Parameters,
                UserAttributes = attributes.TryGetValue(row.Id, out var a) ? a.ToImmutable() : row.UserAttributes,
                IntermediateValues = intermediate.TryGetValue(row.Id, out var i) ? i.ToImmutable() : row.IntermediateValues,
            });
        }

        return trials;
    }

    private static TBuilder Builder<TBuilder>(Dictionary<long, TBuilder> builders, long id, Func<TBuilder> create)
    {
        if (!builders.TryGetValue(id, out TBuilder? builder))
        {
            builders[id] = builder = create();
        }

        return builder;
    }

    private static string? NullableText(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
