using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>A small mixed space for the chained tell: a model sampler's proposals depend on every earlier value.</summary>
[SearchSpace]
public partial class ChainedSpace
{
    [Uniform(-5, 5)] public double X { get; set; }

    [LogUniform(1e-3, 10)] public double Scale { get; set; } = 1;

    [IntRange(0, 6)] public int Steps { get; set; }

    [Choice("a", "b", "c")] public string Kind { get; set; } = "a";

    public static double Objective(ChainedSpace c) =>
        Math.Pow(c.X - 1.5, 2) + Math.Abs(Math.Log10(c.Scale)) + Math.Abs(c.Steps - 4) * 0.3 + (c.Kind == "b" ? 0 : 1);
}

/// <summary>Two objectives and a constraint.</summary>
[Metrics]
public partial record ChainedMetrics
{
    [Minimize] public double Loss { get; init; }

    [Minimize] public double Cost { get; init; }

    [Constraint(Max = 0)] public double Memory { get; init; }
}

/// <summary>
/// On PostgreSQL a worker that goes on to another trial finishes one trial and creates the next in one commit. These
/// tests hold the loop to what separate tells give: the sampler sees the same trials, the trial count and the stop
/// conditions are exact, waiting trials still come first, and a trial created ahead of a stop goes back to the queue.
/// </summary>
public sealed class ChainedTellTests
{
    [SkippableFact]
    public async Task The_sampler_proposes_exactly_what_it_does_with_separate_tells()
    {
        using var storage = new PostgresStorage(PostgresServer.Instance.CreateDatabase());
        var chained = Study<ChainedSpace>.CreateOrResume("chained", new StudyOptions { Storage = storage, Sampler = new TpeSampler(seed: 11) });
        var separate = Study<ChainedSpace>.CreateOrResume("separate", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new TpeSampler(seed: 11) });
        var options = new OptimizeOptions { MaxTrials = 40 };

        await chained.OptimizeAsync(ChainedSpace.Objective, options);
        await separate.OptimizeAsync(ChainedSpace.Objective, options);

        // TPE's proposals after its start-up trials depend on every earlier value: one value the sampler missed (a trial
        // seen still running) changes the rest of the sequence.
        IReadOnlyList<TrialResult<ChainedSpace>> a = chained.GetTrials();
        IReadOnlyList<TrialResult<ChainedSpace>> b = separate.GetTrials();
        Assert.Equal(40, a.Count);
        Assert.Equal(b.Select(t => t.Frozen.Parameters.OrderBy(p => p.Key).ToList()), a.Select(t => t.Frozen.Parameters.OrderBy(p => p.Key).ToList()));
        Assert.Equal(b.Select(t => t.Value), a.Select(t => t.Value));
        Assert.All(a, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(Enumerable.Range(0, 40), a.Select(t => t.Number));
    }

    [SkippableFact]
    public async Task A_callback_stop_puts_the_trial_created_ahead_back_in_the_queue_and_the_next_run_starts_with_it()
    {
        using var storage = new PostgresStorage(PostgresServer.Instance.CreateDatabase());
        var study = Study<ChainedSpace>.CreateOrResume("stop", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 3) });

        await study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 100 }, finished =>
        {
            if (finished.Trial.Number == 6)
            {
                finished.Stop();
            }
        });

        IReadOnlyList<FrozenTrial> stored = storage.GetTrials(study.Record.Id);
        Assert.Equal(7, stored.Count(t => t.State == TrialState.Complete));
        Assert.DoesNotContain(stored, t => t.State == TrialState.Running);
        FrozenTrial queued = Assert.Single(stored, t => t.State == TrialState.Waiting);
        Assert.Equal(7, queued.Number);
        Assert.Null(queued.Worker);

        await study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 1 });
        FrozenTrial ran = storage.GetTrial(queued.Id);
        Assert.Equal(TrialState.Complete, ran.State);
        Assert.Equal(queued.Parameters, ran.Parameters);
        Assert.Equal(8, storage.GetTrials(study.Record.Id).Count);
    }

    [SkippableFact]
    public async Task The_trial_count_and_the_target_value_stop_the_loop_with_nothing_created_ahead()
    {
        using var storage = new PostgresStorage(PostgresServer.Instance.CreateDatabase());
        var counted = Study<ChainedSpace>.CreateOrResume("counted", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 5) });
        await counted.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 23, Parallelism = 2 });
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(counted.Record.Id);
        Assert.Equal(23, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));

        var targeted = Study<ChainedSpace>.CreateOrResume("targeted", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 5) });
        int calls = 0;
        await targeted.OptimizeAsync(c => Interlocked.Increment(ref calls) == 9 ? -1 : 1, new OptimizeOptions { MaxTrials = 100, TargetValue = 0 });
        trials = storage.GetTrials(targeted.Record.Id);
        Assert.Equal(9, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [SkippableFact]
    public async Task A_trial_enqueued_by_another_process_mid_run_is_claimed_within_two_trials()
    {
        string url = PostgresServer.Instance.CreateDatabase();
        using var storage = new PostgresStorage(url);
        using var other = new PostgresStorage(url);
        var study = Study<ChainedSpace>.CreateOrResume("enqueued", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 9) });
        var elsewhere = Study<ChainedSpace>.CreateOrResume("enqueued", new StudyOptions { Storage = other });
        var baseline = new ChainedSpace { X = 0.25, Scale = 2, Steps = 3, Kind = "c" };

        await study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 20 }, finished =>
        {
            if (finished.Trial.Number == 5)
            {
                Assert.True(elsewhere.Enqueue(baseline));
            }
        });

        TrialResult<ChainedSpace> run = Assert.Single(study.GetTrials(), t => t.Config.X == 0.25 && t.Config.Kind == "c");
        Assert.Equal(TrialState.Complete, run.State);
        // Trial 6 was created with trial 5's finish, before the enqueue; the finish after it sees the waiting trial.
        Assert.InRange(run.Number, 6, 8);
        Assert.Equal(20, study.GetTrials().Count);
    }

    [SkippableFact]
    public async Task Several_objectives_chain_with_their_values_and_constraints_stored()
    {
        using var storage = new PostgresStorage(PostgresServer.Instance.CreateDatabase());
        var study = Study<ChainedSpace, ChainedMetrics>.CreateOrResume("metrics", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 2) });
        await study.OptimizeAsync(c => new ChainedMetrics { Loss = c.X * c.X, Cost = c.Steps, Memory = c.Scale - 5 }, new OptimizeOptions { MaxTrials = 12 });

        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Record.Id);
        Assert.Equal(12, trials.Count);
        foreach (FrozenTrial trial in trials)
        {
            var config = ChainedSpace.FromParameters(trial.ToParameterSet(ChainedSpace.Descriptor));
            Assert.Equal(TrialState.Complete, trial.State);
            Assert.Equal(new[] { config.X * config.X, config.Steps }, trial.Values.ToArray());
            Assert.Equal(new[] { config.Scale - 5 }, trial.ConstraintValues.ToArray());
            Assert.Equal(config.X * config.X, trial.Value);
        }
    }

    [Fact]
    public async Task A_lost_reply_of_a_chained_tell_hands_out_the_trial_it_created_and_a_stop_returns_it()
    {
        var storage = new ChainingStorage(new InMemoryStorage(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero)))) { LoseReplyOfCall = 5 };
        var study = Study<ChainedSpace>.CreateOrResume("lost", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 4) });

        await study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 100 }, finished =>
        {
            if (finished.Trial.Number == 5)
            {
                finished.Stop();
            }
        });

        // Call 5 finished trial 5 and created trial 6, then "lost" its reply: the engine found trial 6 by its
        // parameters, handed it out, and on the stop put it back in the queue rather than leaving it Running.
        Assert.True(storage.ChainedCalls > 5);
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Record.Id);
        Assert.Equal(7, trials.Count);
        Assert.All(trials.Take(6), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(new[] { trials[6].Id }, storage.Returned);
    }

    [Fact]
    public async Task A_lost_reply_of_a_chained_tell_runs_the_created_trial_so_the_count_stays_exact()
    {
        var storage = new ChainingStorage(new InMemoryStorage(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero)))) { LoseReplyOfCall = 3 };
        var study = Study<ChainedSpace>.CreateOrResume("lost", new StudyOptions { Storage = storage, Sampler = new TpeSampler(seed: 4) });

        await study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 15 });

        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Record.Id);
        Assert.Equal(15, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Empty(storage.Returned);
        // Trials 0 to 13 each finished with their successor's creation (the lost reply's included); trial 14, the
        // last the count allows, finished alone.
        Assert.Equal(14, storage.ChainedCalls);
    }

    [Fact]
    public async Task A_sampler_that_throws_before_the_chained_statement_costs_no_result()
    {
        var storage = new ChainingStorage(new InMemoryStorage());
        var study = Study<ChainedSpace>.CreateOrResume("throws", new StudyOptions { Storage = storage, Sampler = new ThrowingSampler(failOnCall: 4) });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 10 }));

        // Calls 1 - 3 proposed trials 0 - 2; call 4 came inside trial 2's chained tell, before anything was stored.
        Assert.Equal("the sampler broke", error.Message);
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Record.Id);
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(ChainedSpace.Objective(ChainedSpace.FromParameters(trials[2].ToParameterSet(ChainedSpace.Descriptor))), trials[2].Value);
    }

    [Fact]
    public async Task A_trial_created_ahead_does_not_start_once_a_callback_used_up_the_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var storage = new ChainingStorage(new InMemoryStorage(clock));
        var study = Study<ChainedSpace>.CreateOrResume("late", new StudyOptions { Storage = storage, Sampler = new RandomSampler(seed: 8), TimeProvider = clock });

        await study.OptimizeAsync(ChainedSpace.Objective, new OptimizeOptions { MaxTrials = 50, Timeout = TimeSpan.FromMinutes(1) }, finished =>
        {
            if (finished.Trial.Number == 2)
            {
                clock.Advance(TimeSpan.FromMinutes(2));
            }
        });

        // Trial 3 was created with trial 2's finish, before the callback moved the clock past the timeout.
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Record.Id);
        Assert.Equal(3, trials.Count(t => t.State == TrialState.Complete));
        Assert.Equal(new[] { trials[3].Id }, storage.Returned);
    }

    /// <summary>Proposes random points and throws on one call, as a broken custom sampler would.</summary>
    private sealed class ThrowingSampler(int failOnCall) : ISampler
    {
        private readonly RandomSampler _inner = new(seed: 1);
        private int _calls;

        public SampleProposal? Sample(SamplerContext context) =>
            ++_calls == failOnCall ? throw new InvalidOperationException("the sampler broke") : _inner.Sample(context);
    }

    /// <summary>
    /// A storage that chains by finishing and creating on an in-memory store, and can lose the reply of one chained
    /// call after both parts committed, as a dropped connection does.
    /// </summary>
    private sealed class ChainingStorage(IStudyStorage inner) : DelegatingStorage(inner), ITrialChainStorage
    {
        public int LoseReplyOfCall { get; init; }

        public int ChainedCalls { get; private set; }

        public List<long> Returned { get; } = new();

        public (FrozenTrial Finished, FrozenTrial? Next) CompleteAndCreateTrial(long trialId, double value, MetricValues? metrics, long studyId, NewTrial next, DateTimeOffset at)
        {
            FrozenTrial finished = FinishTrial(trialId, TrialState.Complete, value, null, null, metrics);
            FrozenTrial? created = TryCreateTrial(studyId, next);
            if (++ChainedCalls == LoseReplyOfCall)
            {
                throw new TimeoutException("the reply was lost");
            }

            return (finished, created);
        }

        public bool KnowsNothingWaiting(long studyId) => ((IStudyStorage)this).GetTrials(studyId, TrialState.Waiting).Count == 0;

        public void ReturnToQueue(long trialId) => Returned.Add(trialId);

        public override bool IsTransientFailure(Exception exception) => exception is TimeoutException;
    }
}
