using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Observability;
using AttrTune.Samplers;
using AttrTune.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>What a study tells the outside while it runs: log lines, spans, metrics and the stream of finished trials.</summary>
public sealed class ObservabilityTests
{
    // Trial 1 throws, trial 2 is pruned after two reports, the rest complete with value = trial number.
    private static ValueTask<double> Objective(TenParameters config, Trial trial, CancellationToken cancellationToken)
    {
        switch (trial.Number)
        {
            case 1:
                return ValueTask.FromResult(Thrower.Fail());
            case 2:
                trial.Report(0, 5);
                trial.Report(1, 4);
                throw new TrialPrunedException();
            default:
                return ValueTask.FromResult(10.0 - trial.Number);
        }
    }

    [Fact]
    public async Task A_study_logs_each_finished_pruned_and_failed_trial_with_the_exception_and_its_stack_trace()
    {
        var log = new CapturingLogger();
        var study = Study<TenParameters>.CreateOrResume("logged", new StudyOptions { Sampler = new RandomSampler(1), LoggerFactory = new CapturingFactory(log) });
        await study.OptimizeAsync(Objective, new OptimizeOptions { MaxTrials = 5 });

        Assert.Equal("Study 'logged' opened with 0 trials; sampler RandomSampler", log.Single(5).Message);
        var completed = log.Events.Where(e => e.Id == 1).ToList();
        Assert.Equal(3, completed.Count);
        Assert.All(completed, e => Assert.Equal(LogLevel.Information, e.Level));
        Assert.StartsWith("Study 'logged': trial 4 finished with value 6 in ", completed[^1].Message, StringComparison.Ordinal);
        Assert.EndsWith("best is trial 4 with value 6", completed[^1].Message, StringComparison.Ordinal);
        Assert.Equal("Study 'logged': trial 2 pruned at step 1 with value 4", log.Single(2).Message);

        LogEvent failed = log.Single(3);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Equal("Study 'logged': trial 1 failed: System.InvalidOperationException: no data for this fold", failed.Message);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Contains(nameof(Thrower.Fail), failed.Exception!.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void The_auto_sampler_logs_its_route_once()
    {
        var log = new CapturingLogger();
        var study = Study<TenParameters>.CreateOrResume("routed", new StudyOptions { Seed = 3, Logger = log });
        for (int i = 0; i < 3; i++)
        {
            study.Tell(study.Ask(), i);
        }

        var sampler = Assert.IsType<AutoSampler>(study.Sampler);
        Assert.Equal($"Study 'routed': the auto sampler took the route {sampler.Route}", log.Single(8).Message);
    }

    [Fact]
    public async Task Trials_of_a_dead_worker_failed_during_the_study_are_logged()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var storage = new InMemoryStorage(clock);
        var log = new CapturingLogger();
        var study = Study<TenParameters>.CreateOrResume("dead", new StudyOptions { Storage = storage, Sampler = new RandomSampler(1), TimeProvider = clock, Logger = log });
        FrozenTrial orphan = storage.TryCreateTrial(study.Record.Id, new NewTrial(TrialState.Running, new Dictionary<string, double>(), Worker: "other-machine:4242:1"))!;
        storage.Heartbeat("other-machine:4242:1");
        await study.OptimizeAsync(
            (_, _, _) =>
            {
                clock.Advance(TimeSpan.FromSeconds(30));
                return ValueTask.FromResult(1.0);
            },
            new OptimizeOptions { MaxTrials = 8, HeartbeatInterval = TimeSpan.FromSeconds(30) }).WaitAsync(TimeSpan.FromSeconds(30));

        LogEvent recovered = log.Single(4);
        Assert.Equal(LogLevel.Warning, recovered.Level);
        Assert.StartsWith($"Study 'dead': trial {orphan.Number} was failed because ", recovered.Message, StringComparison.Ordinal);
        Assert.Contains("the worker process 4242 on host other-machine", recovered.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_trial_is_a_span_with_its_parameters_state_and_failure_and_the_objective_s_own_spans_are_its_children()
    {
        string name = "traced-" + Guid.NewGuid().ToString("N");
        var stopped = new ConcurrentBag<Activity>();
        using var userSource = new ActivitySource("User.Training");
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AttrTuneTelemetry.Name or "User.Training",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var study = Study<TenParameters>.CreateOrResume(name, new StudyOptions { Sampler = new RandomSampler(2) });
        await study.OptimizeAsync(
            (config, trial, ct) =>
            {
                using Activity? fit = userSource.StartActivity("fit");
                return Objective(config, trial, ct);
            },
            new OptimizeOptions { MaxTrials = 4 });

        var trials = stopped.Where(a => a.OperationName == "trial" && (string?)a.GetTagItem("attrtune.study") == name).OrderBy(a => (int)a.GetTagItem("attrtune.trial.number")!).ToList();
        Assert.Equal(4, trials.Count);
        IReadOnlyList<TrialResult<TenParameters>> stored = study.GetTrials();
        for (int i = 0; i < 4; i++)
        {
            FrozenTrial frozen = stored[i].Frozen;
            Assert.Equal(frozen.State.ToString(), trials[i].GetTagItem("attrtune.trial.state"));
            foreach ((string parameter, double value) in frozen.Parameters)
            {
                Assert.Equal(TenParameters.Descriptor[parameter].Distribution.FormatValue(value), trials[i].GetTagItem("attrtune.param." + parameter));
            }
        }

        Assert.Equal(ActivityStatusCode.Error, trials[1].Status);
        ActivityEvent exception = Assert.Single(trials[1].Events);
        Assert.Equal("exception", exception.Name);
        Assert.Equal(typeof(InvalidOperationException).FullName, exception.Tags.Single(t => t.Key == "exception.type").Value);
        Assert.Contains(nameof(Thrower.Fail), (string)exception.Tags.Single(t => t.Key == "exception.stacktrace").Value!, StringComparison.Ordinal);
        Assert.Equal(7.0, trials[3].GetTagItem("attrtune.trial.value"));
        Assert.Equal(ActivityStatusCode.Unset, trials[3].Status);

        var fits = stopped.Where(a => a.OperationName == "fit" && trials.Any(t => t.SpanId == a.ParentSpanId)).ToList();
        Assert.Equal(4, fits.Count);
    }

    [Fact]
    public async Task Metrics_count_trials_by_state_and_time_trials_and_the_sampler()
    {
        string name = "measured-" + Guid.NewGuid().ToString("N");
        var counts = new ConcurrentDictionary<string, long>();
        var durations = new ConcurrentBag<double>();
        var samplerTimes = new ConcurrentBag<double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AttrTuneTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Tag(tags, "attrtune.study") == name && instrument.Name == "attrtune.trials")
            {
                counts.AddOrUpdate(Tag(tags, "state")!, value, (_, total) => total + value);
            }
        });
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            if (Tag(tags, "attrtune.study") != name)
            {
                return;
            }

            (instrument.Name == "attrtune.trial.duration" ? durations : samplerTimes).Add(value);
        });
        listener.Start();

        var study = Study<TenParameters>.CreateOrResume(name, new StudyOptions { Sampler = new RandomSampler(3) });
        await study.OptimizeAsync(Objective, new OptimizeOptions { MaxTrials = 6 });

        Assert.Equal(new Dictionary<string, long> { ["Complete"] = 4, ["Failed"] = 1, ["Pruned"] = 1 }, counts.OrderBy(c => c.Key).ToDictionary());
        Assert.Equal(6, durations.Count);
        Assert.All(durations, d => Assert.InRange(d, 0, 60));
        Assert.Equal(6, samplerTimes.Count);
    }

    [Fact]
    public async Task The_stream_hands_back_every_finished_trial_and_leaving_it_early_stops_the_study()
    {
        var study = Study<TenParameters>.CreateOrResume("streamed", new StudyOptions { Sampler = new RandomSampler(4) });
        var seen = new List<TrialResult<TenParameters>>();
        await foreach (TrialResult<TenParameters> trial in study.OptimizeStreamAsync(Objective, new OptimizeOptions { MaxTrials = 6 }))
        {
            seen.Add(trial);
        }

        Assert.Equal(study.GetTrials().Select(t => (t.Number, t.State, t.Value)), seen.Select(t => (t.Number, t.State, t.Value)));
        Assert.Equal(6, seen.Count);

        var early = Study<TenParameters>.CreateOrResume("left-early", new StudyOptions { Sampler = new RandomSampler(5) });
        int received = 0;
        await foreach (TrialResult<TenParameters> trial in early.OptimizeStreamAsync(
            async (_, t, ct) =>
            {
                await Task.Delay(t.Number < 2 ? 0 : 50, ct);
                return 1;
            },
            new OptimizeOptions { MaxTrials = 1000, Parallelism = 2 }))
        {
            if (++received == 2)
            {
                break;
            }
        }

        IReadOnlyList<TrialResult<TenParameters>> after = early.GetTrials();
        Assert.DoesNotContain(after, t => t.State == TrialState.Running);
        Assert.InRange(after.Count, 2, 10);
        Assert.Equal(after.Count, early.GetTrials().Count);
    }

    [Fact]
    public async Task An_exception_that_ends_the_study_comes_out_of_the_stream()
    {
        var study = Study<TenParameters>.CreateOrResume("stopped", new StudyOptions { Sampler = new RandomSampler(6) });
        var seen = new List<int>();
        var error = await Assert.ThrowsAsync<AttrTuneException>(async () =>
        {
            await foreach (TrialResult<TenParameters> trial in study.OptimizeStreamAsync(Objective, new OptimizeOptions { MaxTrials = 6, StopOnFailure = true }))
            {
                seen.Add(trial.Number);
            }
        });
        Assert.Equal("no data for this fold", Assert.IsType<InvalidOperationException>(error.InnerException).Message);
        Assert.Equal(new[] { 0, 1 }, seen);
    }

    [Fact]
    public async Task A_storage_retry_is_logged_with_the_exception_and_the_trial_is_stored_once()
    {
        var log = new CapturingLogger();
        var storage = new FlakyStorage(new InMemoryStorage());
        var study = Study<TenParameters>.CreateOrResume("flaky", new StudyOptions { Storage = storage, Sampler = new RandomSampler(7), Logger = log });
        await study.OptimizeAsync((_, _, _) => ValueTask.FromResult(1.0), new OptimizeOptions { MaxTrials = 2 });

        LogEvent retry = log.Single(7);
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Equal("Study 'flaky': a storage call failed (the database is busy); retry 1 in 20 ms", retry.Message);
        Assert.IsType<TimeoutException>(retry.Exception);
        Assert.Equal(new[] { TrialState.Complete, TrialState.Complete }, study.GetTrials().Select(t => t.State));
    }

    /// <summary>The first finish fails as a busy database would; the backend calls that transient.</summary>
    private sealed class FlakyStorage(IStudyStorage inner) : DelegatingStorage(inner)
    {
        private int _finishes;

        public override FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure = null, MetricValues? metrics = null) =>
            Interlocked.Increment(ref _finishes) == 1 ? throw new TimeoutException("the database is busy") : base.FinishTrial(trialId, state, value, failReason, failure, metrics);

        public override bool IsTransientFailure(Exception exception) => exception is TimeoutException;
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (KeyValuePair<string, object?> tag in tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }

    private static class Thrower
    {
        public static double Fail() => throw new InvalidOperationException("no data for this fold");
    }

    private sealed class CapturingFactory(CapturingLogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName)
        {
            Assert.Equal("AttrTune.Study", categoryName);
            return logger;
        }

        public void Dispose()
        {
        }
    }
}
