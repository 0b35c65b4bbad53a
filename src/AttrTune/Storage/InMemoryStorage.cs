using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace AttrTune.Storage;

/// <summary>
/// Studies kept in this process's memory: the fastest backend, for quick experiments and tests. Everything is
/// lost when the process ends; use <see cref="SqliteStorage"/> for durable studies.
/// </summary>
/// <remarks>Thread-safe (one lock); snapshots are immutable.</remarks>
public sealed class InMemoryStorage : IStudyStorage, ICheckpointStore
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, StudyRecord> _studies = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StudyTrials> _trialsByStudy = new();
    private readonly Dictionary<long, (long StudyId, int Number)> _trialIndex = new();
    private readonly Dictionary<string, DateTimeOffset> _heartbeats = new(StringComparer.Ordinal);
    private readonly Dictionary<long, byte[]> _checkpoints = new();
    private long _nextStudyId = 1;
    private long _nextTrialId = 1;

    /// <summary>Creates an empty storage.</summary>
    /// <param name="timeProvider">The clock for timestamps and heartbeats (a fake one in tests); the system clock by default.</param>
    public InMemoryStorage(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public DateTimeOffset UtcNow => _time.GetUtcNow();

    /// <inheritdoc />
    public StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription, string? spaceJson = null, string? metricsJson = null)
    {
        StorageChecks.Study(name, spaceFingerprint, spaceDescription, spaceJson, metricsJson);
        lock (_gate)
        {
            if (_studies.TryGetValue(name, out StudyRecord? existing))
            {
                StorageChecks.Compatible(existing, direction, spaceFingerprint, spaceDescription, metricsJson);
                return existing;
            }

            var study = new StudyRecord(_nextStudyId++, name, direction, spaceFingerprint, spaceDescription) { SpaceJson = spaceJson, MetricsJson = metricsJson };
            _studies.Add(name, study);
            var trials = new StudyTrials(direction);
            trials.Spaces.Add(new StudySpace(0, spaceFingerprint, spaceDescription, spaceJson, _time.GetUtcNow()));
            _trialsByStudy.Add(study.Id, trials);
            return study;
        }
    }

    /// <inheritdoc />
    public StudyRecord AdoptSpace(long studyId, string spaceFingerprint, string spaceDescription, string? spaceJson)
    {
        StorageChecks.Space(spaceFingerprint, spaceDescription, spaceJson);
        lock (_gate)
        {
            StudyTrials trials = Study(studyId);
            StudyRecord study = _studies.Values.Single(s => s.Id == studyId);
            if (study.SpaceFingerprint == spaceFingerprint)
            {
                return study;
            }

            var adopted = study with { SpaceFingerprint = spaceFingerprint, SpaceDescription = spaceDescription, SpaceJson = spaceJson, SpaceVersion = study.SpaceVersion + 1 };
            trials.Spaces.Add(new StudySpace(adopted.SpaceVersion, spaceFingerprint, spaceDescription, spaceJson, _time.GetUtcNow()));
            _studies[study.Name] = adopted;
            return adopted;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StudySpace> GetSpaceHistory(long studyId)
    {
        lock (_gate)
        {
            return Study(studyId).Spaces.ToList();
        }
    }

    /// <inheritdoc />
    public StudyRecord? FindStudy(string name)
    {
        StorageChecks.Text(name, "study name", nameof(name));
        lock (_gate)
        {
            return _studies.GetValueOrDefault(name);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames()
    {
        lock (_gate)
        {
            return _studies.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        }
    }

    /// <inheritdoc />
    public FrozenTrial? TryCreateTrial(long studyId, NewTrial trial)
    {
        StorageChecks.NewTrial(trial);
        lock (_gate)
        {
            StudyTrials trials = Study(studyId);
            if (trial.ClaimKey is not null && !trials.ClaimKeys.Add(trial.ClaimKey))
            {
                return null;
            }

            var frozen = new FrozenTrial
            {
                Id = _nextTrialId++,
                Number = trials.List.Count,
                State = trial.State,
                Parameters = trial.Parameters.ToImmutableDictionary(StringComparer.Ordinal),
                ClaimKey = trial.ClaimKey,
                Worker = trial.Worker,
                SpaceVersion = trial.SpaceVersion,
                UserAttributes = trial.Attributes is null ? ImmutableDictionary<string, string>.Empty : trial.Attributes.ToImmutableDictionary(StringComparer.Ordinal),
                Started = trial.State == TrialState.Running ? _time.GetUtcNow() : null,
            };
            trials.Add(frozen);
            _trialIndex.Add(frozen.Id, (studyId, frozen.Number));
            return frozen;
        }
    }

    /// <inheritdoc />
    public FrozenTrial? TryClaimWaitingTrial(long studyId, string worker)
    {
        StorageChecks.Worker(worker, nameof(worker));
        lock (_gate)
        {
            StudyTrials trials = Study(studyId);
            if (!trials.Waiting.TryDequeue(out int number))
            {
                return null;
            }

            return trials.Replace(trials.List[number] with { State = TrialState.Running, Worker = worker, Started = _time.GetUtcNow() });
        }
    }

    /// <inheritdoc />
    public void ReportIntermediate(long trialId, long step, double value)
    {
        StorageChecks.IntermediateValue(step, value);
        lock (_gate)
        {
            (StudyTrials trials, FrozenTrial trial) = Trial(trialId);
            StorageChecks.Running(trial, "report an intermediate value to");
            trials.Replace(trial with { IntermediateValues = trial.IntermediateValues.SetItem(step, value) });
        }
    }

    /// <inheritdoc />
    public void SetUserAttribute(long trialId, string key, string value)
    {
        StorageChecks.Attribute(key, value);
        lock (_gate)
        {
            (StudyTrials trials, FrozenTrial trial) = Trial(trialId);
            StorageChecks.NotFinished(trial, "set an attribute of");
            trials.Replace(trial with { UserAttributes = trial.UserAttributes.SetItem(key, value) });
        }
    }

    /// <inheritdoc />
    public FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure = null, MetricValues? metrics = null)
    {
        StorageChecks.Finish(state, value, metrics);
        StorageChecks.FailReason(failReason);
        StorageChecks.Failure(failure);
        lock (_gate)
        {
            (StudyTrials trials, FrozenTrial trial) = Trial(trialId);
            StorageChecks.Running(trial, "finish");
            return trials.Replace(trial with
            {
                State = state,
                Value = value,
                Values = metrics is { Values.IsDefault: false } ? metrics.Values : ImmutableArray<double>.Empty,
                ConstraintValues = metrics is { ConstraintValues.IsDefault: false } ? metrics.ConstraintValues : ImmutableArray<double>.Empty,
                FailReason = failReason,
                Failure = failure,
                Completed = _time.GetUtcNow(),
            });
        }
    }

    /// <inheritdoc />
    public FrozenTrial ImportTrial(long studyId, FrozenTrial trial)
    {
        StorageChecks.Imported(trial);
        lock (_gate)
        {
            StudyTrials trials = Study(studyId);
            if (trial.ClaimKey is not null && !trials.ClaimKeys.Add(trial.ClaimKey))
            {
                throw new ArgumentException($"Trial {trial.Number} cannot be imported: its claim key '{trial.ClaimKey}' is already taken in the study.", nameof(trial));
            }

            FrozenTrial imported = trial with { Id = _nextTrialId++, Number = trials.List.Count };
            trials.Add(imported);
            trials.Replace(imported);
            _trialIndex.Add(imported.Id, (studyId, imported.Number));
            return imported;
        }
    }

    /// <inheritdoc />
    public void RenameStudy(long studyId, string newName)
    {
        StorageChecks.StudyName(newName);
        lock (_gate)
        {
            Study(studyId);
            StudyRecord study = _studies.Values.Single(s => s.Id == studyId);
            if (study.Name == newName)
            {
                return;
            }

            if (_studies.ContainsKey(newName))
            {
                throw new ArgumentException($"Study '{study.Name}' cannot be renamed to '{newName}': another study has that name.", nameof(newName));
            }

            _studies.Remove(study.Name);
            _studies.Add(newName, study with { Name = newName });
        }
    }

    /// <inheritdoc />
    public void DeleteStudy(long studyId)
    {
        lock (_gate)
        {
            StudyTrials trials = Study(studyId);
            foreach (FrozenTrial trial in trials.Snapshot())
            {
                _trialIndex.Remove(trial.Id);
                _checkpoints.Remove(trial.Id);
            }

            _trialsByStudy.Remove(studyId);
            _studies.Remove(_studies.Single(s => s.Value.Id == studyId).Key);
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
            (StudyTrials trials, FrozenTrial trial) = Trial(trialId);
            StorageChecks.Running(trial, "fail and retry");
            FrozenTrial failed = FinishTrial(trialId, TrialState.Failed, null, failReason);
            return (failed, TryCreateTrial(_trialIndex[trialId].StudyId, retry));
        }
    }

    /// <inheritdoc />
    public FrozenTrial GetTrial(long trialId)
    {
        lock (_gate)
        {
            return Trial(trialId).Trial;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(long studyId)
    {
        lock (_gate)
        {
            return Study(studyId).Snapshot();
        }
    }

    /// <inheritdoc />
    public void SaveCheckpoint(long trialId, ReadOnlySpan<byte> checkpoint)
    {
        lock (_gate)
        {
            Trial(trialId);
            _checkpoints[trialId] = checkpoint.ToArray();
        }
    }

    /// <inheritdoc />
    public byte[]? LoadCheckpoint(long trialId)
    {
        lock (_gate)
        {
            Trial(trialId);
            return _checkpoints.TryGetValue(trialId, out byte[]? data) ? (byte[])data.Clone() : null;
        }
    }

    /// <inheritdoc />
    public FrozenTrial? GetBestTrial(long studyId)
    {
        lock (_gate)
        {
            return Study(studyId).Best;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset? GetLastHeartbeat(string worker)
    {
        StorageChecks.Worker(worker, nameof(worker));
        lock (_gate)
        {
            return _heartbeats.TryGetValue(worker, out DateTimeOffset beat) ? beat : null;
        }
    }

    /// <inheritdoc />
    public void Heartbeat(string worker)
    {
        StorageChecks.Worker(worker, nameof(worker));
        lock (_gate)
        {
            _heartbeats[worker] = _time.GetUtcNow();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private StudyTrials Study(long studyId) =>
        _trialsByStudy.TryGetValue(studyId, out StudyTrials? trials) ? trials : throw new KeyNotFoundException($"There is no study with id {studyId}.");

    private (StudyTrials Trials, FrozenTrial Trial) Trial(long trialId)
    {
        if (!_trialIndex.TryGetValue(trialId, out var at))
        {
            throw new KeyNotFoundException($"There is no trial with id {trialId}.");
        }

        StudyTrials trials = _trialsByStudy[at.StudyId];
        return (trials, trials.List[at.Number]);
    }

    private sealed class StudyTrials(StudyDirection direction)
    {
        private readonly ChunkedTrialList _list = new();

        /// <summary>The best complete trial so far, kept as trials finish (finished trials never change).</summary>
        public FrozenTrial? Best { get; private set; }

        public ChunkedTrialList List => _list;

        public HashSet<string> ClaimKeys { get; } = new(StringComparer.Ordinal);

        public List<StudySpace> Spaces { get; } = new();

        /// <summary>Numbers of waiting trials, oldest first, so claiming one does not scan the study.</summary>
        public Queue<int> Waiting { get; } = new();

        public void Add(FrozenTrial trial)
        {
            _list.Add(trial);
            if (trial.State == TrialState.Waiting)
            {
                Waiting.Enqueue(trial.Number);
            }
        }

        public FrozenTrial Replace(FrozenTrial trial)
        {
            _list.Set(trial.Number, trial);
            if (trial.State == TrialState.Complete
                && (Best is null || direction.IsBetter(trial.Value!.Value, Best.Value!.Value)
                    || (trial.Value == Best.Value && trial.Number < Best.Number)))
            {
                Best = trial;
            }

            return trial;
        }

        public IReadOnlyList<FrozenTrial> Snapshot() => _list.Freeze();
    }
}
