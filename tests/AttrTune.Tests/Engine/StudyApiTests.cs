using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>The study's surface: errors a caller can catch by type, and misuse that used to pass silently.</summary>
public sealed class StudyApiTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-api-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_seed_beside_a_sampler_is_an_error_instead_of_being_ignored()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Study<TenParameters>.CreateOrResume("s", new StudyOptions { Seed = 7, Sampler = new RandomSampler(1) }));
        Assert.Contains("StudyOptions.Seed (7)", error.Message, StringComparison.Ordinal);
        Assert.Contains("RandomSampler", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_optimize_call_while_one_runs_is_refused()
    {
        var study = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Sampler = new RandomSampler(1) });
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        Task first = study.OptimizeAsync(
            async (_, _, _) =>
            {
                inside.TrySetResult();
                await release.Task;
                return 1.0;
            },
            new OptimizeOptions { MaxTrials = 1 });
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => study.OptimizeAsync(_ => 2.0, new OptimizeOptions { MaxTrials = 1 }));
        Assert.Contains("already being optimised", error.Message, StringComparison.Ordinal);

        release.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1.0, Assert.Single(study.GetTrials()).Value);

        // Once the first call is over, the study can be optimised again.
        await study.OptimizeAsync(_ => 2.0, new OptimizeOptions { MaxTrials = 1 }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, study.GetTrials().Count);
    }

    [Fact]
    public void A_handle_from_another_study_is_refused_and_changes_nothing()
    {
        var storage = new InMemoryStorage();
        var first = Study<TenParameters>.CreateOrResume("first", new StudyOptions { Storage = storage, Sampler = new RandomSampler(1) });
        var second = Study<TenParameters>.CreateOrResume("second", new StudyOptions { Storage = storage, Sampler = new RandomSampler(2) });
        var elsewhere = Study<TenParameters>.CreateOrResume("first", new StudyOptions { Sampler = new RandomSampler(3) });
        TrialHandle<TenParameters> handle = first.Ask();

        Assert.Throws<ArgumentException>(() => second.Tell(handle, 1.0));
        Assert.Throws<ArgumentException>(() => second.TellFailed(handle, "no"));
        Assert.Throws<ArgumentException>(() => elsewhere.TellPruned(handle));
        Assert.Equal(TrialState.Running, Assert.Single(first.GetTrials()).State);
        Assert.Empty(second.GetTrials());

        first.Tell(handle, 1.0);
        Assert.Equal(TrialState.Complete, Assert.Single(first.GetTrials()).State);
    }

    [Fact]
    public void Domain_failures_have_types_to_catch()
    {
        var storage = new InMemoryStorage();
        Study<TenParameters>.CreateOrResume("min", new StudyOptions { Storage = storage });
        var incompatible = Assert.Throws<IncompatibleStudyException>(() =>
            Study<TenParameters>.CreateOrResume("min", new StudyOptions { Storage = storage, Direction = StudyDirection.Maximize }));
        Assert.Equal("min", incompatible.StudyName);

        var grid = Study<ConditionalGrid>.CreateOrResume("grid", new StudyOptions { Sampler = new GridSampler(new SearchSpaces.GridOptions { ContinuousPoints = 1 }) });
        while (grid.TryAsk(out TrialHandle<ConditionalGrid>? handle))
        {
            grid.Tell(handle, handle.Trial.Number);
        }

        Assert.IsAssignableFrom<AttrTuneException>(Assert.Throws<SamplerExhaustedException>(() => grid.Ask()));

        var study = Study<TenParameters>.CreateOrResume("s");
        TrialHandle<TenParameters> told = study.Ask();
        study.Tell(told, 1.0);
        var state = Assert.Throws<TrialStateException>(() => study.Tell(told, 2.0));
        Assert.Equal(TrialState.Complete, state.State);
        Assert.Equal(0, state.TrialNumber);
    }

    [Fact]
    public void Load_fails_for_a_misspelt_name_and_lists_the_studies_there_are()
    {
        var storage = new InMemoryStorage();
        Study<TenParameters>.CreateOrResume("gbdt-tuning", new StudyOptions { Storage = storage });
        Study<TenParameters>.CreateOrResume("mlp", new StudyOptions { Storage = storage });

        var error = Assert.Throws<StudyNotFoundException>(() => Study<TenParameters>.Load("gbdt-tunning", new StudyOptions { Storage = storage }));
        Assert.Equal(new[] { "gbdt-tuning", "mlp" }, error.ExistingNames);
        Assert.Contains("'gbdt-tuning', 'mlp'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, storage.GetStudyNames().Count);
        Assert.Equal("mlp", Study<TenParameters>.Load("mlp", new StudyOptions { Storage = storage }).Name);
    }

    [Fact]
    public async Task An_exception_that_throws_from_its_own_message_still_fails_its_trial_with_the_stack_trace()
    {
        var study = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Sampler = new RandomSampler(1) });
        int calls = 0;
        await study.OptimizeAsync(
            _ => ++calls == 1 ? throw new HostileException() : Thrower(),
            new OptimizeOptions { MaxTrials = 2 }).WaitAsync(TimeSpan.FromSeconds(30));

        IReadOnlyList<TrialResult<TenParameters>> trials = study.GetTrials();
        Assert.All(trials, t => Assert.Equal(TrialState.Failed, t.State));
        Assert.Contains(typeof(HostileException).FullName!, trials[0].FailReason, StringComparison.Ordinal);
        Assert.Contains("its message could not be read", trials[0].FailReason, StringComparison.Ordinal);

        // An ordinary exception keeps type, message and the stack trace down to the throwing method.
        Assert.StartsWith("System.IO.InvalidDataException: bad data in fold 3", trials[1].FailReason, StringComparison.Ordinal);
        Assert.Contains(nameof(Thrower), trials[1].FailReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_live_worker_fails_the_trials_of_dead_workers_while_it_runs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var storage = new InMemoryStorage(clock);
        var study = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Storage = storage, Sampler = new RandomSampler(1), TimeProvider = clock, DeadWorkerTimeout = TimeSpan.FromMinutes(2) });

        // A worker on another machine takes a trial, beats once and is never heard from again.
        const string lost = "other-machine:4242:1";
        FrozenTrial orphan = storage.TryCreateTrial(study.Record.Id, new NewTrial(TrialState.Running, TenParameters.Sample(new Randomness.RandomSource(5)).ToParameters().ActiveValues.ToDictionary(p => p.Key, p => p.Value), Worker: lost))!;
        storage.Heartbeat(lost);

        await study.OptimizeAsync(
            (_, trial, _) =>
            {
                // Time passes while this worker trains: its heartbeat timer fires, on the fake clock.
                clock.Advance(TimeSpan.FromSeconds(30));
                return ValueTask.FromResult(1.0);
            },
            new OptimizeOptions { MaxTrials = 8, HeartbeatInterval = TimeSpan.FromSeconds(30) }).WaitAsync(TimeSpan.FromSeconds(30));

        FrozenTrial recovered = storage.GetTrial(orphan.Id);
        Assert.Equal(TrialState.Failed, recovered.State);
        Assert.Contains("the worker process 4242 on host other-machine", recovered.FailReason, StringComparison.Ordinal);
        Assert.Equal(8, study.GetTrials().Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public void A_disposed_sqlite_storage_says_so_and_names_its_file()
    {
        string path = Path.Combine(_directory, "closed.db");
        var storage = new SqliteStorage(path);
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        storage.Dispose();
        storage.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => storage.GetTrials(study));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => storage.Heartbeat("w"));
    }

    [Fact]
    public void The_auto_sampler_says_which_route_it_took()
    {
        var study = Study<KitchenSink>.CreateOrResume("s", new StudyOptions { Seed = 1 });
        var auto = Assert.IsType<AutoSampler>(study.Sampler);
        Assert.Equal(AutoSamplerRoute.NotChosen, auto.Route);
        study.Tell(study.Ask(), 1.0);
        Assert.Equal(AutoSamplerRoute.BranchingTpe, auto.Route);
    }

    [Fact]
    public void Spaces_too_large_for_the_surrogate_go_to_plain_cma_es()
    {
        Assert.Equal(AutoSamplerRoute.SurrogateScreenedCmaEs, AutoSampler.ChooseRoute(TenParameters.Descriptor));
        Assert.Equal(AutoSamplerRoute.SurrogateScreenedCmaEs, AutoSampler.ChooseRoute(TenParameters.Descriptor, new AutoSamplerOptions { MaxSurrogateParameters = 10 }));
        Assert.Equal(AutoSamplerRoute.CmaEs, AutoSampler.ChooseRoute(TenParameters.Descriptor, new AutoSamplerOptions { MaxSurrogateParameters = 9 }));

        // Conditional spaces stay with TPE whatever their size.
        Assert.Equal(AutoSamplerRoute.BranchingTpe, AutoSampler.ChooseRoute(KitchenSink.Descriptor, new AutoSamplerOptions { MaxSurrogateParameters = 1 }));

        var sampler = new AutoSampler(1, new AutoSamplerOptions { MaxSurrogateParameters = 9 });
        var study = Study<TenParameters>.CreateOrResume("big", new StudyOptions { Sampler = sampler });
        study.Tell(study.Ask(), 1.0);
        Assert.Equal(AutoSamplerRoute.CmaEs, sampler.Route);
    }

    [Fact]
    public void A_frozen_trial_reads_as_a_sentence()
    {
        var study = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Sampler = new RandomSampler(1) });
        TrialResult<TenParameters> told = study.Tell(study.Ask(), 0.25);
        string text = told.Frozen.ToString();
        Assert.StartsWith("Trial 0: Complete, value 0.25, parameters { ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ImmutableDictionary", text, StringComparison.Ordinal);
        foreach (string name in told.Frozen.Parameters.Keys)
        {
            Assert.Contains(name + " = ", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Enqueueing_the_same_configuration_again_queues_it_once()
    {
        var storage = new InMemoryStorage();
        var study = Study<KitchenSink>.CreateOrResume("s", new StudyOptions { Storage = storage, Seed = 1 });
        Assert.True(study.EnqueueDefault());

        // Another process of the same program enqueues its baseline too, and so does a restart.
        var other = Study<KitchenSink>.CreateOrResume("s", new StudyOptions { Storage = storage, Seed = 2 });
        Assert.False(other.EnqueueDefault());
        Assert.False(study.EnqueueDefault());
        Assert.Single(study.GetTrials());

        // Running and complete count as "already there" as well.
        TrialHandle<KitchenSink> baseline = study.Ask();
        Assert.False(study.EnqueueDefault());
        study.Tell(baseline, 1.0);
        Assert.False(study.EnqueueDefault());
        Assert.Single(study.GetTrials());

        KitchenSink changed = KitchenSink.Sample(new Randomness.RandomSource(3));
        Assert.True(study.Enqueue(changed));
        Assert.Equal(2, study.GetTrials().Count);
    }

    [Fact]
    public void Failed_trials_can_be_retried_once_each_and_a_retry_says_what_it_retries()
    {
        var storage = new InMemoryStorage();
        var study = Study<ConditionalGrid>.CreateOrResume("grid", new StudyOptions { Storage = storage, Sampler = new GridSampler(new SearchSpaces.GridOptions { ContinuousPoints = 1 }) });
        var failedConfigs = new List<string>();
        while (study.TryAsk(out TrialHandle<ConditionalGrid>? handle))
        {
            if (handle.Trial.Number % 2 == 0)
            {
                study.TellFailed(handle, "crashed");
                failedConfigs.Add(handle.Config.ToParameters().ToString());
            }
            else
            {
                study.Tell(handle, handle.Trial.Number);
            }
        }

        int grid = study.GetTrials().Count;
        Assert.Equal(failedConfigs.Count, study.RetryFailedTrials());

        // A second call, from this or another process, queues nothing more.
        Assert.Equal(0, study.RetryFailedTrials());
        Assert.Equal(0, Study<ConditionalGrid>.CreateOrResume("grid", new StudyOptions { Storage = storage, Sampler = new GridSampler(new SearchSpaces.GridOptions { ContinuousPoints = 1 }) }).RetryFailedTrials());

        var retried = new List<string>();
        while (study.TryAsk(out TrialHandle<ConditionalGrid>? handle))
        {
            int of = int.Parse(handle.Trial.Snapshot().UserAttributes[Study<ConditionalGrid>.RetryOfAttribute], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(TrialState.Failed, study.GetTrials()[of].State);
            Assert.Equal(study.GetTrials()[of].Frozen.Parameters, handle.Trial.Snapshot().Parameters);
            retried.Add(handle.Config.ToParameters().ToString());
            study.Tell(handle, 0.0);
        }

        Assert.Equal(failedConfigs.OrderBy(c => c), retried.OrderBy(c => c));
        Assert.Equal(grid + failedConfigs.Count, study.GetTrials().Count);
        Assert.Equal(0, study.RetryFailedTrials());
    }

    [Fact]
    public void A_dead_workers_trial_is_failed_and_its_retry_queued_in_one_step()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var storage = new InMemoryStorage(clock);
        long studyId = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Storage = storage, TimeProvider = clock }).Record.Id;
        const string lost = "other-machine:4242:1";
        var parameters = TenParameters.Sample(new Randomness.RandomSource(5)).ToParameters().ActiveValues.ToDictionary(p => p.Key, p => p.Value);
        FrozenTrial orphan = storage.TryCreateTrial(studyId, new NewTrial(TrialState.Running, parameters, Worker: lost))!;
        storage.Heartbeat(lost);
        clock.Advance(TimeSpan.FromMinutes(10));

        // Two processes recover at once: the trial is failed once and retried once.
        var first = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Storage = storage, TimeProvider = clock, RetryTrialsOfDeadWorkers = true });
        var second = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Storage = storage, TimeProvider = clock, RetryTrialsOfDeadWorkers = true });
        Assert.Equal(orphan.Id, Assert.Single(first.RecoveredTrials).Id);
        Assert.Empty(second.RecoveredTrials);
        FrozenTrial retry = Assert.Single(storage.GetTrials(studyId), t => t.State == TrialState.Waiting);
        Assert.Equal(orphan.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), retry.UserAttributes[Study<TenParameters>.RetryOfAttribute]);
        Assert.Equal(parameters, retry.Parameters);
    }

    [Fact]
    public void An_asked_trial_is_kept_alive_by_a_heartbeat_until_it_is_told()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        var storage = new InMemoryStorage(clock);
        var options = new StudyOptions { Storage = storage, TimeProvider = clock, Sampler = new RandomSampler(1), DeadWorkerTimeout = TimeSpan.FromMinutes(2), HeartbeatInterval = TimeSpan.FromSeconds(20) };
        var study = Study<TenParameters>.CreateOrResume("s", options);
        TrialHandle<TenParameters> handle = study.Ask();
        string worker = handle.Trial.Snapshot().Worker!;

        // A long trial: ten minutes pass, and this process's heartbeat keeps pace on the storage's clock.
        for (int i = 0; i < 30; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(clock.GetUtcNow(), storage.GetLastHeartbeat(worker));
        Assert.True(new DeadWorkerPolicy(options.DeadWorkerTimeout).GetDeadReason("elsewhere:1:1", storage.GetLastHeartbeat(worker), storage.UtcNow) is null);
        Assert.Equal(TrialState.Complete, study.Tell(handle, 1.0).State);

        // With nothing left to hold, the heartbeat stops.
        DateTimeOffset? last = storage.GetLastHeartbeat(worker);
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(last, storage.GetLastHeartbeat(worker));
    }

    [Fact]
    public async Task A_heartbeat_the_storage_fails_transiently_ends_neither_a_loop_nor_an_ask()
    {
        // Every beat fails as a dropped connection would: the beats are best effort, the trials' own calls are retried.
        var storage = new BeatlessStorage(new InMemoryStorage());
        var study = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Storage = storage, Sampler = new RandomSampler(3) });
        await study.OptimizeAsync((_, _, _) => ValueTask.FromResult(1.0), new OptimizeOptions { MaxTrials = 3 });
        Assert.Equal(TrialState.Complete, study.Tell(study.Ask(), 2.0).State);
        Assert.Equal(4, study.GetTrials().Count(t => t.State == TrialState.Complete));
        Assert.True(storage.Beats >= 3, $"{storage.Beats} beats were tried");
    }

    private static double Thrower() => throw new InvalidDataException("bad data in fold 3");

    /// <summary>Every heartbeat fails, as on a connection that drops; the backend calls that transient.</summary>
    private sealed class BeatlessStorage(IStudyStorage inner) : DelegatingStorage(inner)
    {
        private int _beats;

        public int Beats => Volatile.Read(ref _beats);

        public override void Heartbeat(string worker)
        {
            Interlocked.Increment(ref _beats);
            throw new IOException("connection reset by peer");
        }

        public override bool IsTransientFailure(Exception exception) => exception is IOException;
    }

    private sealed class HostileException : Exception
    {
        public override string Message => throw new NotSupportedException("no message for you");
    }
}
