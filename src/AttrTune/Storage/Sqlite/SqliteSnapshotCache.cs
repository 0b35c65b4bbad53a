using System;
using System.Collections.Generic;

namespace AttrTune.Storage;

/// <summary>
/// What one connection has already read of a study's trials. Finished trials never change, so a refresh reads only
/// the trials that were unfinished when last seen and the trials created since: a snapshot's cost grows with what
/// changed, not with the study.
/// </summary>
internal sealed class SqliteSnapshotCache
{
    private readonly Dictionary<long, StudyCache> _studies = new();

    /// <summary>The cache of <paramref name="studyId"/>, created empty on first use.</summary>
    public StudyCache For(long studyId)
    {
        if (!_studies.TryGetValue(studyId, out StudyCache? cache))
        {
            _studies[studyId] = cache = new StudyCache();
        }

        return cache;
    }

    /// <summary>Drops the cache of a deleted study.</summary>
    public void Forget(long studyId) => _studies.Remove(studyId);

    internal sealed class StudyCache
    {
        private readonly SortedDictionary<int, FrozenTrial> _byNumber = new();
        private readonly List<long> _unfinished = new();
        private FrozenTrial[]? _snapshot;

        /// <summary>The highest trial id read so far: newer trials have higher ids.</summary>
        public long MaxId { get; private set; }

        /// <summary>Ids to read again: trials not finished when last read (a copy; the cache keeps them until <see cref="Refresh"/>).</summary>
        public List<long> Unfinished() => new(_unfinished);

        /// <summary>
        /// Stores what was read: the trials <see cref="Unfinished"/> returned (read again) and the new ones. Called only
        /// after every one was read, so a failed read leaves the cache as it was.
        /// </summary>
        public void Refresh(IEnumerable<FrozenTrial> trials)
        {
            _unfinished.Clear();
            foreach (FrozenTrial trial in trials)
            {
                Store(trial);
            }
        }

        private void Store(FrozenTrial trial)
        {
            _byNumber[trial.Number] = trial;
            MaxId = Math.Max(MaxId, trial.Id);
            if (!trial.State.IsFinished())
            {
                _unfinished.Add(trial.Id);
            }

            _snapshot = null;
        }

        // Readers get an array that is never written again; it is rebuilt only after something changed.
        public IReadOnlyList<FrozenTrial> Snapshot()
        {
            if (_snapshot is null)
            {
                _snapshot = new FrozenTrial[_byNumber.Count];
                _byNumber.Values.CopyTo(_snapshot, 0);
            }

            return _snapshot;
        }
    }
}
