using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>The storage contract; every backend runs it by inheriting this class.</summary>
public abstract class StorageContractTests : IDisposable
{
    private readonly List<IStudyStorage> _opened = new();

    protected abstract IStudyStorage CreateStorage(TimeProvider time);

    /// <summary>A second instance reading the same data where the backend keeps it outside the instance (a file), else the same one.</summary>
    protected virtual IStudyStorage Reopen(IStudyStorage storage) => storage;

    protected IStudyStorage Open(TimeProvider? time = null)
    {
        IStudyStorage storage = CreateStorage(time ?? TimeProvider.System);
        _opened.Add(storage);
        return storage;
    }

    public virtual void Dispose()
    {
        foreach (IStudyStorage storage in _opened)
        {
            storage.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    private static NewTrial Running(double x = 0.5, string? key = null) =>
        new(TrialState.Running, new Dictionary<string, double> { ["x"] = x }, key, WorkerIdentity.Current);

    [SkippableFact]
    public void Studies_are_created_once_and_loaded_by_name()
    {
        IStudyStorage storage = Open();
        StudyRecord created = storage.CreateOrLoadStudy("s", StudyDirection.Maximize, "f1", "T.Config (1 parameters)");
        StudyRecord loaded = storage.CreateOrLoadStudy("s", StudyDirection.Maximize, "f1", "T.Config (1 parameters)");
        Assert.Equal(created, loaded);
        Assert.Equal(new[] { "s" }, storage.GetStudyNames());
        Assert.Equal(created, storage.FindStudy("s"));
        Assert.Null(storage.FindStudy("missing"));
    }

    [SkippableFact]
    public void An_incompatible_resume_is_refused_with_the_reason()
    {
        IStudyStorage storage = Open();
        storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f1", "T.Config (1 parameters)");
        Assert.Contains("another search space (fingerprint f1, now f2)", Assert.Throws<IncompatibleStudyException>(() => storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f2", "T.Config (1 parameters)")).Message, StringComparison.Ordinal);
        Assert.Contains("direction Minimize", Assert.Throws<IncompatibleStudyException>(() => storage.CreateOrLoadStudy("s", StudyDirection.Maximize, "f1", "T.Config (1 parameters)")).Message, StringComparison.Ordinal);
        Assert.Contains("created with another search space (created for the config type T.Config, now T.Other) (fingerprint f1, now f3)", Assert.Throws<IncompatibleStudyException>(() => storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f3", "T.Other (1 parameters)")).Message, StringComparison.Ordinal);

        // A renamed or moved config class with the same space resumes the study; the stored record is kept as created.
        StudyRecord renamed = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f1", "T.Renamed (1 parameters)");
        Assert.Equal(("T.Config", "f1"), (renamed.ConfigType, renamed.SpaceFingerprint));
        Assert.Throws<ArgumentException>(() => storage.CreateOrLoadStudy(" ", StudyDirection.Minimize, "f1", "T.Config"));
    }

    [SkippableFact]
    public void Trial_numbers_have_no_gaps_or_duplicates_under_concurrent_writers()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => storage.TryCreateTrial(study, Running(i / 200.0)));
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study);
        Assert.Equal(Enumerable.Range(0, 200), trials.Select(t => t.Number));
        Assert.Equal(200, trials.Select(t => t.Id).Distinct().Count());
    }

    [SkippableFact]
    public void A_claim_key_is_granted_once()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        int granted = 0;
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (storage.TryCreateTrial(study, Running(0.5, "grid:" + (i % 10))) is not null)
            {
                System.Threading.Interlocked.Increment(ref granted);
            }
        });
        Assert.Equal(10, granted);
        Assert.Equal(10, storage.GetTrials(study).Select(t => t.ClaimKey).Distinct().Count());
    }

    [SkippableFact]
    public void Finished_trials_are_immutable_and_failed_calls_change_nothing()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial trial = storage.TryCreateTrial(study, Running())!;
        storage.ReportIntermediate(trial.Id, 1, 0.9);
        storage.SetUserAttribute(trial.Id, "fold", "3");
        FrozenTrial finished = storage.FinishTrial(trial.Id, TrialState.Complete, 0.25, null);

        Assert.Throws<TrialStateException>(() => storage.FinishTrial(trial.Id, TrialState.Failed, null, "again"));
        Assert.Throws<TrialStateException>(() => storage.ReportIntermediate(trial.Id, 2, 0.1));
        Assert.Throws<TrialStateException>(() => storage.SetUserAttribute(trial.Id, "fold", "4"));
        FrozenTrial stored = storage.GetTrial(trial.Id);
        Assert.Equal(TrialState.Complete, stored.State);
        Assert.Equal(0.25, stored.Value);
        Assert.Equal(0.9, stored.IntermediateValues[1]);
        Assert.Equal("3", stored.UserAttributes["fold"]);
        Assert.Equal(finished.Value, stored.Value);
        Assert.NotNull(stored.Completed);
    }

    [SkippableFact]
    public void Invalid_finishes_are_refused_before_writing()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial trial = storage.TryCreateTrial(study, Running())!;
        Assert.Throws<ArgumentException>(() => storage.FinishTrial(trial.Id, TrialState.Complete, double.NaN, null));
        Assert.Throws<ArgumentException>(() => storage.FinishTrial(trial.Id, TrialState.Complete, null, null));
        Assert.Throws<ArgumentException>(() => storage.FinishTrial(trial.Id, TrialState.Running, 1, null));
        Assert.Throws<ArgumentException>(() => storage.ReportIntermediate(trial.Id, 1, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => storage.TryCreateTrial(study, new NewTrial(TrialState.Complete, new Dictionary<string, double>())));
        Assert.Equal(TrialState.Running, storage.GetTrial(trial.Id).State);
        Assert.Empty(storage.GetTrial(trial.Id).IntermediateValues);
    }

    [SkippableFact]
    public void Snapshots_never_change_under_the_reader()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial trial = storage.TryCreateTrial(study, Running())!;
        IReadOnlyList<FrozenTrial> before = storage.GetTrials(study);
        storage.FinishTrial(trial.Id, TrialState.Complete, 1, null);
        storage.TryCreateTrial(study, Running());
        Assert.Single(before);
        Assert.Equal(TrialState.Running, before[0].State);
        IReadOnlyList<FrozenTrial> after = storage.GetTrials(study);
        Assert.Equal(2, after.Count);
        Assert.Equal(TrialState.Complete, after[0].State);
    }

    [SkippableFact]
    public void Waiting_trials_are_claimed_oldest_first_and_once()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        for (int i = 0; i < 20; i++)
        {
            storage.TryCreateTrial(study, new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = i }));
        }

        var claimed = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 30, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            if (storage.TryClaimWaitingTrial(study, WorkerIdentity.Current) is { } trial)
            {
                Assert.Equal(TrialState.Running, trial.State);
                claimed.Add(trial.Number);
            }
        });
        Assert.Equal(Enumerable.Range(0, 20), claimed.OrderBy(n => n));
        Assert.Null(storage.TryClaimWaitingTrial(study, WorkerIdentity.Current));
    }

    [SkippableFact]
    public void Trials_of_dead_workers_are_failed_and_live_ones_are_left_alone()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        IStudyStorage storage = Open(clock);
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        string deadHere = $"{Environment.MachineName}:{int.MaxValue - 7}:1";
        const string silentElsewhere = "another-host:42:1";
        FrozenTrial dead = storage.TryCreateTrial(study, Running() with { Worker = deadHere })!;
        FrozenTrial silent = storage.TryCreateTrial(study, Running() with { Worker = silentElsewhere })!;
        FrozenTrial alive = storage.TryCreateTrial(study, Running())!;
        storage.Heartbeat(silentElsewhere);
        storage.Heartbeat(WorkerIdentity.Current);
        Assert.Equal(clock.GetUtcNow(), storage.GetLastHeartbeat(silentElsewhere));
        Assert.Null(storage.GetLastHeartbeat("never-seen:1:1"));

        var policy = new DeadWorkerPolicy(TimeSpan.FromMinutes(5));
        Assert.Equal(new[] { dead.Id }, policy.FailTrialsOfDeadWorkers(storage, study).Select(t => t.Id));
        Assert.Equal(TrialState.Failed, storage.GetTrial(dead.Id).State);
        Assert.Contains($"the worker process {int.MaxValue - 7} on host {Environment.MachineName}", storage.GetTrial(dead.Id).FailReason, StringComparison.Ordinal);
        Assert.Contains("stopped while it was running", storage.GetTrial(dead.Id).FailReason, StringComparison.Ordinal);
        Assert.Equal(TrialState.Running, storage.GetTrial(silent.Id).State);

        // Staleness is judged by the storage's clock, not the reader's: 4 minutes is alive, 6 is dead.
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(policy.FailTrialsOfDeadWorkers(storage, study));
        clock.Advance(TimeSpan.FromMinutes(2));
        IReadOnlyList<FrozenTrial> stale = policy.FailTrialsOfDeadWorkers(storage, study);
        FrozenTrial failed = Assert.Single(stale);
        Assert.Equal(silent.Id, failed.Id);
        Assert.Contains("the worker process 42 on host another-host", failed.FailReason, StringComparison.Ordinal);
        Assert.Contains("sent no heartbeat for 360 s (the limit is 300 s)", failed.FailReason, StringComparison.Ordinal);
        Assert.Equal(TrialState.Running, storage.GetTrial(alive.Id).State);
    }

    [SkippableFact]
    public void Failing_and_retrying_is_one_step_and_a_taken_retry_key_adds_nothing()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial first = storage.TryCreateTrial(study, Running(0.25))!;
        FrozenTrial second = storage.TryCreateTrial(study, Running(0.75))!;
        NewTrial Retry(double x) => new(TrialState.Waiting, new Dictionary<string, double> { ["x"] = x }, "retry-of:x", Attributes: new Dictionary<string, string> { ["attrtune.retry_of"] = "0" });

        (FrozenTrial failed, FrozenTrial? retry) = storage.FailAndRetryTrial(first.Id, "its worker died", Retry(0.25));
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Equal("its worker died", storage.GetTrial(first.Id).FailReason);
        Assert.NotNull(retry);
        FrozenTrial stored = storage.GetTrial(retry!.Id);
        Assert.Equal(TrialState.Waiting, stored.State);
        Assert.Equal(0.25, stored.Parameters["x"]);
        Assert.Equal("0", stored.UserAttributes["attrtune.retry_of"]);

        // The key is taken: the second trial is still failed, and no second retry appears.
        (FrozenTrial failedAgain, FrozenTrial? none) = storage.FailAndRetryTrial(second.Id, "also died", Retry(0.75));
        Assert.Equal(TrialState.Failed, failedAgain.State);
        Assert.Null(none);
        Assert.Equal(3, storage.GetTrials(study).Count);

        // A trial that is not running is refused and nothing changes.
        Assert.Throws<TrialStateException>(() => storage.FailAndRetryTrial(first.Id, "again", Retry(0.5) with { ClaimKey = "other" }));
        Assert.Equal(3, storage.GetTrials(study).Count);
        Assert.Equal("its worker died", storage.GetTrial(first.Id).FailReason);
    }

    [SkippableFact]
    public void Trials_in_a_state_are_exactly_the_snapshot_filtered_in_number_order()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        long other = storage.CreateOrLoadStudy("other", StudyDirection.Minimize, "f", "T.C").Id;
        storage.TryCreateTrial(other, Running());
        var states = new[] { TrialState.Running, TrialState.Complete, TrialState.Waiting, TrialState.Running, TrialState.Failed, TrialState.Pruned, TrialState.Running };
        foreach (TrialState state in states)
        {
            FrozenTrial trial = storage.TryCreateTrial(study, state == TrialState.Waiting ? new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = 0.5 }) : Running())!;
            if (state.IsFinished())
            {
                storage.FinishTrial(trial.Id, state, state == TrialState.Failed ? null : 1.0, state == TrialState.Failed ? "boom" : null);
            }
        }

        // Read the full snapshot first, so a backend with a cache must still see a later change through the filter.
        _ = storage.GetTrials(study);
        storage.FinishTrial(storage.GetTrials(study)[0].Id, TrialState.Complete, 0.0, null);
        IReadOnlyList<FrozenTrial> all = storage.GetTrials(study);
        foreach (TrialState state in Enum.GetValues<TrialState>())
        {
            Assert.Equal(all.Where(t => t.State == state).Select(t => t.Number), storage.GetTrials(study, state).Select(t => t.Number));
            Assert.Equal(all.Where(t => t.State == state).Select(t => (t.Id, t.ToString())), storage.GetTrials(study, state).Select(t => (t.Id, t.ToString())));
        }

        Assert.Equal(new[] { 3, 6 }, storage.GetTrials(study, TrialState.Running).Select(t => t.Number));
    }

    [SkippableTheory]
    [InlineData(StudyDirection.Minimize, 1)]
    [InlineData(StudyDirection.Maximize, 3)]
    public void The_best_trial_is_the_best_complete_value_and_the_earliest_of_ties(StudyDirection direction, int expectedNumber)
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", direction, "f", "T.C").Id;
        long other = storage.CreateOrLoadStudy("other", direction, "f", "T.C").Id;
        Assert.Null(storage.GetBestTrial(study));
        double?[] values = { 2.0, -1.0, -1.0, 9.0, null };
        foreach (double? value in values)
        {
            FrozenTrial trial = storage.TryCreateTrial(study, Running())!;
            storage.FinishTrial(trial.Id, value is null ? TrialState.Failed : TrialState.Complete, value, value is null ? "boom" : null);
        }

        // A pruned trial's value and another study's trials never count.
        FrozenTrial pruned = storage.TryCreateTrial(study, Running())!;
        storage.FinishTrial(pruned.Id, TrialState.Pruned, direction == StudyDirection.Minimize ? -100 : 100, null);
        FrozenTrial elsewhere = storage.TryCreateTrial(other, Running())!;
        storage.FinishTrial(elsewhere.Id, TrialState.Complete, direction == StudyDirection.Minimize ? -100 : 100, null);

        Assert.Equal(expectedNumber, storage.GetBestTrial(study)!.Number);
    }

    [SkippableFact]
    public void Checkpoints_are_kept_per_trial_and_replaced()
    {
        IStudyStorage opened = Open();
        var storage = Assert.IsAssignableFrom<ICheckpointStore>(opened);
        IStudyStorage studies = opened;
        long study = studies.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial trial = studies.TryCreateTrial(study, Running())!;
        Assert.Null(storage.LoadCheckpoint(trial.Id));
        storage.SaveCheckpoint(trial.Id, new byte[] { 1, 2, 3 });
        storage.SaveCheckpoint(trial.Id, new byte[] { 4, 5 });
        byte[] loaded = storage.LoadCheckpoint(trial.Id)!;
        Assert.Equal(new byte[] { 4, 5 }, loaded);
        loaded[0] = 9;
        Assert.Equal(new byte[] { 4, 5 }, storage.LoadCheckpoint(trial.Id));
        Assert.Throws<KeyNotFoundException>(() => storage.SaveCheckpoint(98765, new byte[] { 1 }));
    }

    [SkippableFact]
    public void A_failing_exception_is_kept_field_by_field_and_read_back_by_a_second_instance()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C", """{"format":1}""").Id;
        FrozenTrial trial = storage.TryCreateTrial(study, Running())!;
        var failure = new TrialFailure("System.IO.IOException", "disk \"full\"\nsecond line", "   at A.B()\n   at C.D()");
        FrozenTrial failed = storage.FinishTrial(trial.Id, TrialState.Failed, null, "System.IO.IOException: disk full", failure);
        Assert.Equal(failure, failed.Failure);

        IStudyStorage again = Reopen(storage);
        Assert.Equal(failure, again.GetTrial(trial.Id).Failure);
        Assert.Equal("System.IO.IOException: disk full", again.GetTrial(trial.Id).FailReason);
        Assert.Equal("""{"format":1}""", again.FindStudy("s")!.SpaceJson);
        Assert.Equal("System.IO.IOException: disk \"full\"", failure.Headline);

        // A reason without an exception (a dead worker) has no failure fields.
        FrozenTrial other = storage.TryCreateTrial(study, Running())!;
        Assert.Null(storage.FinishTrial(other.Id, TrialState.Failed, null, "its worker died").Failure);
        Assert.Null(Reopen(storage).GetTrial(other.Id).Failure);
    }

    [SkippableFact]
    public void An_imported_trial_keeps_every_field_and_takes_the_next_number()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Maximize, "f", "T.C").Id;
        storage.TryCreateTrial(study, Running(0.1));
        var started = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var source = new FrozenTrial
        {
            Id = 999,
            Number = 42,
            State = TrialState.Pruned,
            Value = 0.75,
            Parameters = System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, double> { ["x"] = 0.25, ["kind"] = 2 }),
            IntermediateValues = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(new Dictionary<long, double> { [1] = 0.5, [7] = 0.75 }),
            UserAttributes = System.Collections.Immutable.ImmutableDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string> { ["fold"] = "3" }),
            ClaimKey = "grid:7",
            Started = started,
            Completed = started.AddSeconds(2.5),
            Worker = "vm:1:2",
            FailReason = null,
        };
        FrozenTrial imported = storage.ImportTrial(study, source);
        Assert.Equal(1, imported.Number);
        FrozenTrial read = Reopen(storage).GetTrials(study)[1];
        Assert.Equal(imported.Id, read.Id);
        AssertSameTrial(source with { Id = read.Id, Number = 1 }, read);

        var failed = source with { State = TrialState.Failed, Value = null, ClaimKey = null, FailReason = "boom", Failure = new TrialFailure("X", "boom", "   at Y") };
        AssertSameTrial(failed with { Id = 0, Number = 2 }, storage.ImportTrial(study, failed) with { Id = 0 });
        Assert.Equal(failed.Failure, Reopen(storage).GetTrials(study)[2].Failure);

        // A complete trial becomes the best one at once.
        FrozenTrial best = storage.ImportTrial(study, source with { State = TrialState.Complete, Value = 9.5, ClaimKey = null });
        Assert.Equal(best.Id, storage.GetBestTrial(study)!.Id);

        Assert.Contains("claim key 'grid:7' is already taken", Assert.Throws<ArgumentException>(() => storage.ImportTrial(study, source)).Message, StringComparison.Ordinal);
        Assert.Contains("a complete trial has a finite value", Assert.Throws<ArgumentException>(() => storage.ImportTrial(study, source with { State = TrialState.Complete, Value = double.NaN, ClaimKey = null })).Message, StringComparison.Ordinal);
        Assert.Equal(4, storage.GetTrials(study).Count);
    }

    [SkippableFact]
    public void Deleting_a_study_removes_it_and_its_trials_and_leaves_the_others()
    {
        IStudyStorage storage = Open();
        long doomed = storage.CreateOrLoadStudy("doomed", StudyDirection.Minimize, "f", "T.C").Id;
        long kept = storage.CreateOrLoadStudy("kept", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial gone = storage.TryCreateTrial(doomed, Running(0.1))!;
        storage.ReportIntermediate(gone.Id, 1, 0.5);
        storage.SetUserAttribute(gone.Id, "k", "v");
        storage.FinishTrial(gone.Id, TrialState.Complete, 1, null);
        FrozenTrial stays = storage.TryCreateTrial(kept, Running(0.2))!;
        storage.FinishTrial(stays.Id, TrialState.Complete, 2, null);
        Assert.Single(storage.GetTrials(doomed));

        StudyStorage.DeleteStudy(storage, "doomed");
        Assert.Equal(new[] { "kept" }, storage.GetStudyNames());
        Assert.Null(storage.FindStudy("doomed"));
        Assert.Throws<KeyNotFoundException>(() => storage.GetTrial(gone.Id));
        Assert.Throws<KeyNotFoundException>(() => storage.GetTrials(doomed));
        Assert.Equal(2, Reopen(storage).GetTrials(kept).Single().Value);
        Assert.Contains("There is no study named 'doomed': it holds 'kept'", Assert.Throws<StudyNotFoundException>(() => StudyStorage.DeleteStudy(storage, "doomed")).Message, StringComparison.Ordinal);

        // The name can be used again, by a fresh study.
        long again = storage.CreateOrLoadStudy("doomed", StudyDirection.Maximize, "g", "T.D").Id;
        Assert.Empty(storage.GetTrials(again));
    }

    [SkippableFact]
    public void A_study_copied_to_another_backend_and_back_keeps_every_trial()
    {
        IStudyStorage storage = Open();
        StudyRecord study = storage.CreateOrLoadStudy("s", StudyDirection.Maximize, "f", "T.C (1 parameters)", """{"format":1,"type":"T.C","parameters":[]}""");
        FrozenTrial complete = storage.TryCreateTrial(study.Id, Running(0.1, "grid:0"))!;
        storage.ReportIntermediate(complete.Id, 2, 0.25);
        storage.SetUserAttribute(complete.Id, "fold", "1");
        storage.FinishTrial(complete.Id, TrialState.Complete, 0.5, null);
        FrozenTrial failed = storage.TryCreateTrial(study.Id, Running(0.2))!;
        storage.FinishTrial(failed.Id, TrialState.Failed, null, "full text", new TrialFailure("T", "m", "s"));
        storage.TryCreateTrial(study.Id, new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = 0.3 }));

        using var other = new InMemoryStorage();
        StudyRecord copy = StudyStorage.CopyStudy(storage, "s", other, "t");
        Assert.Equal(("t", study.Direction, study.SpaceFingerprint, study.SpaceDescription, study.SpaceJson), (copy.Name, copy.Direction, copy.SpaceFingerprint, copy.SpaceDescription, copy.SpaceJson));
        StudyRecord back = StudyStorage.CopyStudy(other, "t", storage, "s2");

        IReadOnlyList<FrozenTrial> original = storage.GetTrials(study.Id);
        IReadOnlyList<FrozenTrial> roundTrip = Reopen(storage).GetTrials(back.Id);
        Assert.Equal(original.Count, roundTrip.Count);
        for (int i = 0; i < original.Count; i++)
        {
            AssertSameTrial(original[i] with { Id = roundTrip[i].Id }, roundTrip[i]);
        }

        Assert.Contains("already holds a study named 's2'", Assert.Throws<ArgumentException>(() => StudyStorage.CopyStudy(other, "t", storage, "s2")).Message, StringComparison.Ordinal);
        Assert.Contains("There is no study named 'nope'", Assert.Throws<StudyNotFoundException>(() => StudyStorage.CopyStudy(storage, "nope", other)).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_renamed_study_keeps_its_trials_under_the_new_name_and_a_taken_name_is_refused()
    {
        IStudyStorage storage = Open();
        StudyRecord study = storage.CreateOrLoadStudy("old", StudyDirection.Minimize, "f", "T.C");
        storage.CreateOrLoadStudy("other", StudyDirection.Minimize, "f", "T.C");
        FrozenTrial trial = storage.TryCreateTrial(study.Id, Running())!;
        storage.FinishTrial(trial.Id, TrialState.Complete, 1.5, null);

        StudyStorage.RenameStudy(storage, "old", "new");
        IStudyStorage again = Reopen(storage);
        Assert.Equal(new[] { "new", "other" }, again.GetStudyNames());
        Assert.Null(again.FindStudy("old"));
        StudyRecord renamed = again.FindStudy("new")!;
        Assert.Equal(study.Id, renamed.Id);
        Assert.Equal(1.5, again.GetTrials(renamed.Id).Single().Value);

        Assert.Contains("another study", Assert.Throws<ArgumentException>(() => StudyStorage.RenameStudy(storage, "new", "other")).Message, StringComparison.Ordinal);
        Assert.Throws<StudyNotFoundException>(() => StudyStorage.RenameStudy(storage, "old", "x"));
        Assert.Throws<ArgumentException>(() => StudyStorage.RenameStudy(storage, "new", " "));
        Assert.Equal(new[] { "new", "other" }, storage.GetStudyNames());
    }

    private static void AssertSameTrial(FrozenTrial expected, FrozenTrial actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Number, actual.Number);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal(expected.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.IntermediateValues, actual.IntermediateValues);
        Assert.Equal(expected.UserAttributes.OrderBy(p => p.Key, StringComparer.Ordinal), actual.UserAttributes.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.ClaimKey, actual.ClaimKey);
        Assert.Equal(expected.Started, actual.Started);
        Assert.Equal(expected.Completed, actual.Completed);
        Assert.Equal(expected.Worker, actual.Worker);
        Assert.Equal(expected.FailReason, actual.FailReason);
        Assert.Equal(expected.Failure, actual.Failure);
        Assert.Equal(expected.Values.ToArray(), actual.Values.ToArray());
        Assert.Equal(expected.ConstraintValues.ToArray(), actual.ConstraintValues.ToArray());
    }

    private const string TwoObjectives = """{"type":"T.M","metrics":[{"name":"Loss","direction":"minimize"},{"name":"Accuracy","direction":"maximize"},{"name":"LatencyMs","constraint":true,"max":5}]}""";

    [SkippableFact]
    public void Several_values_and_constraint_values_are_stored_exactly_and_copied_with_the_study()
    {
        IStudyStorage storage = Open();
        StudyRecord study = storage.CreateOrLoadStudy("mo", StudyDirection.Minimize, "f", "T.C", null, TwoObjectives);
        Assert.Equal(TwoObjectives, study.MetricsJson);
        Assert.Equal(new[] { "Loss", "Accuracy", "LatencyMs" }, Reopen(storage).FindStudy("mo")!.Metrics!.Metrics.Select(m => m.Name));

        // Values that a decimal round trip would change: the shortest round-trip forms, extremes and a negative zero.
        double[] values = [0.1 + 0.2, -0.0];
        double[] constraints = [1.7976931348623157E+308];
        FrozenTrial running = storage.TryCreateTrial(study.Id, Running())!;
        FrozenTrial finished = storage.FinishTrial(running.Id, TrialState.Complete, values[0], null, null, new MetricValues([.. values], [.. constraints]));
        Assert.Equal(values, finished.Values);
        FrozenTrial read = Reopen(storage).GetTrial(running.Id);
        Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), read.Values.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(constraints, read.ConstraintValues);
        Assert.Equal(values[0], read.Value);

        FrozenTrial other = storage.TryCreateTrial(study.Id, Running(0.25))!;
        storage.FinishTrial(other.Id, TrialState.Complete, 4e-300, null, null, new MetricValues([4e-300, 0.5], [-2]));
        FrozenTrial failed = storage.TryCreateTrial(study.Id, Running(0.75))!;
        storage.FinishTrial(failed.Id, TrialState.Failed, null, "LatencyMs = NaN");
        Assert.True(Reopen(storage).GetTrial(failed.Id).Values.IsEmpty);

        using var copyTarget = new InMemoryStorage();
        StudyRecord copy = StudyStorage.CopyStudy(storage, "mo", copyTarget, "mo");
        Assert.Equal(TwoObjectives, copy.MetricsJson);
        StudyRecord back = StudyStorage.CopyStudy(copyTarget, "mo", storage, "mo-back");
        IReadOnlyList<FrozenTrial> original = storage.GetTrials(study.Id);
        IReadOnlyList<FrozenTrial> roundTrip = Reopen(storage).GetTrials(back.Id);
        for (int i = 0; i < original.Count; i++)
        {
            AssertSameTrial(original[i] with { Id = roundTrip[i].Id }, roundTrip[i]);
        }
    }

    [SkippableFact]
    public void A_changed_space_is_adopted_once_kept_in_the_history_and_copied_with_the_study()
    {
        IStudyStorage storage = Open();
        StudyRecord study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f1", "T.C (1 parameters)", """{"v":1}""");
        Assert.Equal(new[] { (0, "f1") }, storage.GetSpaceHistory(study.Id).Select(s => (s.Version, s.Fingerprint)));
        FrozenTrial old = storage.TryCreateTrial(study.Id, Running(0.1))!;
        storage.FinishTrial(old.Id, TrialState.Complete, 1, null);

        StudyRecord adopted = storage.AdoptSpace(study.Id, "f2", "T.C (2 parameters)", """{"v":2}""");
        Assert.Equal((1, "f2", "T.C (2 parameters)"), (adopted.SpaceVersion, adopted.SpaceFingerprint, adopted.SpaceDescription));
        Assert.Equal(adopted, storage.AdoptSpace(study.Id, "f2", "T.C (2 parameters)", """{"v":2}"""));
        Assert.Equal(adopted, Reopen(storage).FindStudy("s"));
        Assert.Equal(adopted, storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f2", "T.C (2 parameters)"));
        IReadOnlyList<StudySpace> history = Reopen(storage).GetSpaceHistory(study.Id);
        Assert.Equal(new[] { (0, "f1", "T.C (1 parameters)", (string?)"""{"v":1}"""), (1, "f2", "T.C (2 parameters)", """{"v":2}""") }, history.Select(s => (s.Version, s.Fingerprint, s.Description, s.SpaceJson)));
        Assert.True(history[0].Adopted <= history[1].Adopted);

        FrozenTrial next = storage.TryCreateTrial(study.Id, Running(0.2) with { SpaceVersion = 1 })!;
        Assert.Equal(1, next.SpaceVersion);
        Assert.Equal(new[] { 0, 1 }, Reopen(storage).GetTrials(study.Id).Select(t => t.SpaceVersion));

        using var other = new InMemoryStorage();
        StudyRecord copy = StudyStorage.CopyStudy(storage, "s", other, "t");
        Assert.Equal((1, "f2"), (copy.SpaceVersion, copy.SpaceFingerprint));
        Assert.Equal(history.Select(s => (s.Version, s.Fingerprint, s.SpaceJson)), other.GetSpaceHistory(copy.Id).Select(s => (s.Version, s.Fingerprint, s.SpaceJson)));
        Assert.Equal(new[] { 0, 1 }, other.GetTrials(copy.Id).Select(t => t.SpaceVersion));

        storage.DeleteStudy(study.Id);
        StudyRecord again = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f3", "T.C");
        Assert.Equal(new[] { (0, "f3") }, storage.GetSpaceHistory(again.Id).Select(s => (s.Version, s.Fingerprint)));
        Assert.Throws<KeyNotFoundException>(() => storage.AdoptSpace(987654, "f", "T.C", null));
    }

    [SkippableFact]
    public void Bad_metric_values_are_refused_before_anything_is_written()
    {
        IStudyStorage storage = Open();
        StudyRecord study = storage.CreateOrLoadStudy("mo", StudyDirection.Minimize, "f", "T.C", null, TwoObjectives);
        FrozenTrial running = storage.TryCreateTrial(study.Id, Running())!;
        Assert.Contains("objective value 1 is NaN", Assert.Throws<ArgumentException>(() => storage.FinishTrial(running.Id, TrialState.Complete, 1, null, null, new MetricValues([1, double.NaN], [0]))).Message, StringComparison.Ordinal);
        Assert.Contains("constraint value 0 is Infinity", Assert.Throws<ArgumentException>(() => storage.FinishTrial(running.Id, TrialState.Complete, 1, null, null, new MetricValues([1, 2], [double.PositiveInfinity]))).Message, StringComparison.Ordinal);
        Assert.Contains("must be its first objective's value (1)", Assert.Throws<ArgumentException>(() => storage.FinishTrial(running.Id, TrialState.Complete, 2, null, null, new MetricValues([1, 2], [0]))).Message, StringComparison.Ordinal);
        Assert.Contains("only a complete trial stores objective values", Assert.Throws<ArgumentException>(() => storage.FinishTrial(running.Id, TrialState.Pruned, 1, null, null, new MetricValues([1, 2], [0]))).Message, StringComparison.Ordinal);
        Assert.Equal(TrialState.Running, Reopen(storage).GetTrial(running.Id).State);

        // Default (uninitialised) arrays are no values, never a crash on the trial read back.
        FrozenTrial plain = storage.TryCreateTrial(study.Id, Running(0.9))!;
        Assert.True(storage.FinishTrial(plain.Id, TrialState.Complete, 2, null, null, new MetricValues(default, default)).Values.IsEmpty);
        Assert.True(Reopen(storage).GetTrial(plain.Id).Values.IsEmpty);

        // Resuming with other metrics, or as a study with one value, would change what the stored values mean.
        string other = TwoObjectives.Replace("maximize", "minimize", StringComparison.Ordinal);
        Assert.Contains("cannot be resumed with T.M: Loss (minimize), Accuracy (minimize)", Assert.Throws<IncompatibleStudyException>(() => storage.CreateOrLoadStudy("mo", StudyDirection.Minimize, "f", "T.C", null, other)).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be resumed with one value per trial", Assert.Throws<IncompatibleStudyException>(() => storage.CreateOrLoadStudy("mo", StudyDirection.Minimize, "f", "T.C")).Message, StringComparison.Ordinal);
        Assert.Contains("metrics JSON is not valid", Assert.Throws<ArgumentException>(() => storage.CreateOrLoadStudy("new", StudyDirection.Minimize, "f", "T.C", null, "{}")).Message, StringComparison.Ordinal);
        Assert.Null(storage.FindStudy("new"));

        // The metrics type's name is informative: a renamed type with the same metrics resumes the study.
        Assert.Equal(study.Id, storage.CreateOrLoadStudy("mo", StudyDirection.Minimize, "f", "T.C", null, TwoObjectives.Replace("T.M", "T.Renamed", StringComparison.Ordinal)).Id);
    }

    [SkippableFact]
    public void Summaries_count_every_state_and_name_the_best_trial()
    {
        IStudyStorage storage = Open(new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        long low = storage.CreateOrLoadStudy("b-low", StudyDirection.Minimize, "f", "T.C").Id;
        storage.CreateOrLoadStudy("a-empty", StudyDirection.Maximize, "f", "T.C");
        var values = new[] { 3.0, 1.5, 2.0 };
        foreach (double value in values)
        {
            FrozenTrial trial = storage.TryCreateTrial(low, Running(value / 10))!;
            storage.FinishTrial(trial.Id, TrialState.Complete, value, null);
        }

        storage.FinishTrial(storage.TryCreateTrial(low, Running(0.7))!.Id, TrialState.Pruned, null, null);
        storage.FinishTrial(storage.TryCreateTrial(low, Running(0.8))!.Id, TrialState.Failed, null, "boom");
        FrozenTrial running = storage.TryCreateTrial(low, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.9 }, null, "w", Attributes: new Dictionary<string, string> { ["retry_of"] = "4", ["note"] = "a \"quoted\" value" }))!;
        storage.TryCreateTrial(low, new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = 1.0 }));

        IReadOnlyList<StudySummary> summaries = StudyStorage.GetStudySummaries(Reopen(storage));
        Assert.Equal(new[] { "a-empty", "b-low" }, summaries.Select(s => s.Name));
        StudySummary empty = summaries[0];
        Assert.Equal((StudyDirection.Maximize, 0, null, null, null), (empty.Direction, empty.TotalTrials, empty.Best, empty.Started, empty.LastActivity));
        Assert.All(Enum.GetValues<TrialState>(), state => Assert.Equal(0, empty.Count(state)));

        StudySummary summary = summaries[1];
        Assert.Equal(7, summary.TotalTrials);
        Assert.Equal(
            new[] { (TrialState.Waiting, 1), (TrialState.Running, 1), (TrialState.Complete, 3), (TrialState.Pruned, 1), (TrialState.Failed, 1) }.OrderBy(c => c.Item1),
            Enum.GetValues<TrialState>().Select(state => (state, summary.Count(state))).OrderBy(c => c.Item1));
        Assert.Equal((1, 1.5), (summary.Best!.Number, summary.Best.Value!.Value));
        FrozenTrial[] trials = Reopen(storage).GetTrials(low).ToArray();
        Assert.Equal(trials.Min(t => t.Started), summary.Started);
        Assert.Equal(trials.SelectMany(t => new[] { t.Started, t.Completed }).Max(), summary.LastActivity);
        Assert.Equal(summary, StudyStorage.GetStudySummary(storage, "b-low") with { Best = summary.Best, TrialCounts = summary.TrialCounts });
        Assert.Equal(new Dictionary<string, string> { ["retry_of"] = "4", ["note"] = "a \"quoted\" value" }, Reopen(storage).GetTrial(running.Id).UserAttributes);
        Assert.Contains("There is no study named 'b-lo': it holds 'a-empty', 'b-low'", Assert.Throws<StudyNotFoundException>(() => StudyStorage.GetStudySummary(storage, "b-lo")).Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Concurrent_creators_of_the_same_claim_keys_store_each_key_once_with_gap_free_numbers()
    {
        IStudyStorage storage = Open();
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        int created = 0;
        Parallel.For(0, 120, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            if (storage.TryCreateTrial(study, Running((i % 30) / 30.0, $"grid:{i % 30}")) is not null)
            {
                Interlocked.Increment(ref created);
            }
        });
        IReadOnlyList<FrozenTrial> trials = Reopen(storage).GetTrials(study);
        Assert.Equal(30, created);
        Assert.Equal(Enumerable.Range(0, 30), trials.Select(t => t.Number));
        Assert.Equal(Enumerable.Range(0, 30).Select(k => $"grid:{k}").Order(StringComparer.Ordinal), trials.Select(t => t.ClaimKey!).Order(StringComparer.Ordinal));
        Assert.All(trials, t => Assert.Equal(int.Parse(t.ClaimKey!["grid:".Length..], CultureInfo.InvariantCulture) / 30.0, t.Parameters["x"]));
    }

    [SkippableFact]
    public void A_trial_enqueued_elsewhere_after_a_finish_is_claimed_within_two_claims_and_one_enqueued_here_at_once()
    {
        IStudyStorage worker = Open();
        IStudyStorage other = Reopen(worker);
        long study = worker.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        worker.FinishTrial(worker.TryCreateTrial(study, Running(0.1))!.Id, TrialState.Complete, 1, null);
        FrozenTrial queuedElsewhere = other.TryCreateTrial(study, new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = 0.2 }))!;
        FrozenTrial claimed = worker.TryClaimWaitingTrial(study, "w") ?? worker.TryClaimWaitingTrial(study, "w")!;
        Assert.Equal((queuedElsewhere.Id, TrialState.Running), (claimed.Id, claimed.State));

        worker.FinishTrial(claimed.Id, TrialState.Complete, 2, null);
        FrozenTrial queuedHere = worker.TryCreateTrial(study, new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = 0.3 }))!;
        Assert.Equal(queuedHere.Id, worker.TryClaimWaitingTrial(study, "w")?.Id);
        Assert.Null(worker.TryClaimWaitingTrial(study, "w"));
    }

    [SkippableFact]
    public void Unknown_ids_are_clear_errors()
    {
        IStudyStorage storage = Open();
        Assert.Throws<KeyNotFoundException>(() => storage.GetTrial(12345));
        Assert.Throws<KeyNotFoundException>(() => storage.GetTrials(999));
    }
}

public sealed class InMemoryStorageContractTests : StorageContractTests
{
    protected override IStudyStorage CreateStorage(TimeProvider time) => new InMemoryStorage(time);
}

public sealed class PostgresStorageContractTests : StorageContractTests
{
    private string? _database;

    // Created on the first open, inside the test, so a machine without PostgreSQL reports a skip there (never in CI).
    protected override IStudyStorage CreateStorage(TimeProvider time) =>
        new PostgresStorage(_database ??= PostgresServer.Instance.CreateDatabase(), new PostgresStorageOptions { TimeProvider = time });

    protected override IStudyStorage Reopen(IStudyStorage storage) => Open();

    // Schema 1 is schema 2 without the metrics columns: a database is taken back to it with the release's exact tables,
    // and must come forward again keeping its trials.
    [SkippableFact]
    public void A_schema_1_database_is_migrated_and_keeps_its_trials()
    {
        IStudyStorage first = Open();
        long study = first.CreateOrLoadStudy("old", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial trial = first.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, null, WorkerIdentity.Current))!;
        first.FinishTrial(trial.Id, TrialState.Complete, 0.75, null);
        using (var connection = new Npgsql.NpgsqlConnection(PostgresServer.Instance.ConnectionString(new Uri(_database!).AbsolutePath.TrimStart('/'))))
        {
            connection.Open();
            using var downgrade = new Npgsql.NpgsqlCommand(
                "DROP TABLE study_spaces; ALTER TABLE studies DROP COLUMN metrics_json, DROP COLUMN space_version; ALTER TABLE trials DROP COLUMN objective_values, DROP COLUMN constraint_values, DROP COLUMN space_version; UPDATE attrtune_schema SET version = 1;",
                connection);
            downgrade.ExecuteNonQuery();
        }

        IStudyStorage migrated = Open();
        Assert.Equal(0.75, migrated.GetTrials(study).Single().Value);
        StudyRecord several = migrated.CreateOrLoadStudy("several", StudyDirection.Minimize, "f", "T.C", null, """{"type":"T.M","metrics":[{"name":"A","direction":"minimize"},{"name":"B","direction":"maximize"}]}""");
        FrozenTrial next = migrated.TryCreateTrial(several.Id, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.25 }, null, WorkerIdentity.Current))!;
        migrated.FinishTrial(next.Id, TrialState.Complete, 1, null, null, new MetricValues([1, 2], []));
        Assert.Equal(new[] { 1.0, 2.0 }, Open().GetTrial(next.Id).Values);
        using (var connection = new Npgsql.NpgsqlConnection(PostgresServer.Instance.ConnectionString(new Uri(_database!).AbsolutePath.TrimStart('/'))))
        {
            connection.Open();
            using var version = new Npgsql.NpgsqlCommand("SELECT MAX(version) FROM attrtune_schema;", connection);
            Assert.Equal(PostgresStorage.SchemaVersion, (int)version.ExecuteScalar()!);
        }
    }
}

public sealed class SqliteStorageContractTests : StorageContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-sqlite-").FullName;

    protected override IStudyStorage CreateStorage(TimeProvider time) => new SqliteStorage(Path.Combine(_directory, "study.db"), new SqliteStorageOptions { TimeProvider = time });

    protected override IStudyStorage Reopen(IStudyStorage storage) => Open();

    public override void Dispose()
    {
        base.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Trials_survive_reopening_the_file()
    {
        string path = Path.Combine(_directory, "reopen.db");
        long study;
        using (var first = new SqliteStorage(path))
        {
            study = first.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
            FrozenTrial trial = first.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.25 }, "grid:1", WorkerIdentity.Current, new Dictionary<string, string> { ["x"] = "Uniform[0, 1]" }))!;
            first.ReportIntermediate(trial.Id, 3, 0.5);
            first.FinishTrial(trial.Id, TrialState.Complete, 0.125, null);
        }

        using var second = new SqliteStorage(path);
        Assert.Null(second.LoadCheckpoint(1));
        FrozenTrial reloaded = Assert.Single(second.GetTrials(second.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id));
        Assert.Equal((0.125, 0.25, 0.5, "grid:1"), (reloaded.Value!.Value, reloaded.Parameters["x"], reloaded.IntermediateValues[3], reloaded.ClaimKey));
    }

    [Fact]
    public void Several_connections_to_one_file_share_a_study_without_losing_or_duplicating_trials()
    {
        // Each SqliteStorage has its own connection, and SQLite locks the file per connection, as between processes.
        string path = Path.Combine(_directory, "shared.db");
        var storages = Enumerable.Range(0, 3).Select(_ => new SqliteStorage(path)).ToList();
        try
        {
            long study = storages[0].CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
            Parallel.For(0, 150, new ParallelOptions { MaxDegreeOfParallelism = 3 }, i =>
            {
                IStudyStorage storage = storages[i % 3];
                FrozenTrial? trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = i }, "k" + (i % 100), WorkerIdentity.Current));
                if (trial is not null)
                {
                    storage.FinishTrial(trial.Id, TrialState.Complete, i, null);
                }
            });
            IReadOnlyList<FrozenTrial> trials = storages[1].GetTrials(study);
            Assert.Equal(100, trials.Count);
            Assert.Equal(Enumerable.Range(0, 100), trials.Select(t => t.Number));
            Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        }
        finally
        {
            storages.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void Checkpoints_survive_a_resume()
    {
        string path = Path.Combine(_directory, "checkpoints.db");
        long trialId;
        using (var first = new SqliteStorage(path))
        {
            long study = first.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
            trialId = first.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 1 }, Worker: WorkerIdentity.Current))!.Id;
            first.SaveCheckpoint(trialId, Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());
        }

        using var second = new SqliteStorage(path);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => (byte)i), second.LoadCheckpoint(trialId)!);
    }

    [Fact]
    public void A_file_from_a_newer_schema_is_refused()
    {
        string path = Path.Combine(_directory, "newer.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_version(version) VALUES (99);";
            command.ExecuteNonQuery();
        }

        byte[] before = File.ReadAllBytes(path);
        var error = Assert.Throws<UnsupportedSchemaException>(() => new SqliteStorage(path));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
        Assert.Equal(99, error.FoundVersion);
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}

public class WorkerIdentityTests
{
    [Fact]
    public void This_process_is_alive_even_when_its_start_time_is_read_a_little_differently()
    {
        string[] parts = WorkerIdentity.Current.Split(':');
        long ticks = long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(WorkerIdentity.IsDeadOnThisHost(WorkerIdentity.Current));
        Assert.False(WorkerIdentity.IsDeadOnThisHost($"{parts[0]}:{parts[1]}:{ticks + TimeSpan.FromMilliseconds(30).Ticks}"));
        Assert.True(WorkerIdentity.IsDeadOnThisHost($"{parts[0]}:{parts[1]}:{ticks - TimeSpan.FromHours(1).Ticks}"), "a reused pid (another start time) is a dead worker");
        Assert.True(WorkerIdentity.IsDeadOnThisHost($"{parts[0]}:{int.MaxValue - 11}:{ticks}"));
        Assert.False(WorkerIdentity.IsDeadOnThisHost($"other-host:{parts[1]}:{ticks}"));
    }

    [Fact]
    public void A_process_that_exits_while_it_is_being_inspected_never_makes_the_check_throw()
    {
        // What Process.StartTime throws when the process vanishes between two reads of /proc.
        static DateTime? Vanishing(int pid) => throw new System.ComponentModel.Win32Exception("Unable to retrieve the specified information about the process or thread.");
        string[] parts = WorkerIdentity.Current.Split(':');

        // The pid still exists (this process): not known dead; judged again at the next check.
        Assert.False(WorkerIdentity.IsDeadOnThisHost(WorkerIdentity.Current, Vanishing));

        // The pid is gone by the second look: dead.
        Assert.True(WorkerIdentity.IsDeadOnThisHost($"{parts[0]}:{int.MaxValue - 11}:{parts[2]}", Vanishing));
        Assert.True(WorkerIdentity.IsDeadOnThisHost($"{parts[0]}:{int.MaxValue - 11}:{parts[2]}", _ => throw new InvalidOperationException("No process is associated with this object.")));
    }

    [Fact]
    public void Judging_processes_that_exit_at_that_moment_never_throws()
    {
        // The real race: short-lived processes checked while they exit.
        int checkedRounds = 0;
        for (int round = 0; round < 40; round++)
        {
            using var child = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
            // The test's own read of the start time races the exit too: a child gone before it is read is a round
            // without a race to check (the library's reads are what must never throw).
            DateTime started;
            try
            {
                started = child.StartTime;
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                child.WaitForExit();
                continue;
            }

            string worker = $"{Environment.MachineName}:{child.Id}:{started.ToUniversalTime().Ticks}";
            for (int check = 0; check < 50 && !child.HasExited; check++)
            {
                WorkerIdentity.IsDeadOnThisHost(worker);
            }

            child.WaitForExit();
            Assert.True(WorkerIdentity.IsDeadOnThisHost(worker));
            checkedRounds++;
        }

        Assert.True(checkedRounds >= 10, $"only {checkedRounds} of 40 children could be read before they exited");
    }
}
