using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Tests.Engine;

public class StudyTests
{
    private static double Loss(TenParameters c) => Math.Abs(Math.Log10(c.LearningRate) + 3) + c.Dropout + Math.Abs(c.Layers - 4) / 10.0;

    [Fact]
    public async Task Results_are_typed_and_the_best_follows_the_direction()
    {
        var minimize = Study<TenParameters>.CreateOrResume("min", new StudyOptions { Seed = 1 });
        await minimize.OptimizeAsync(Loss, new OptimizeOptions { MaxTrials = 40 });
        TenParameters best = minimize.Best.Config;
        Assert.Equal(minimize.GetTrials().Where(t => t.State == TrialState.Complete).Min(t => t.Value), minimize.Best.Value);
        Assert.Equal(Loss(best), minimize.Best.Value!.Value, 12);

        var maximize = Study<TenParameters>.CreateOrResume("max", new StudyOptions { Seed = 1, Direction = StudyDirection.Maximize });
        await maximize.OptimizeAsync(Loss, new OptimizeOptions { MaxTrials = 40 });
        Assert.Equal(maximize.GetTrials().Max(t => t.Value), maximize.Best.Value);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_trial_sequence()
    {
        async Task<List<string>> Run()
        {
            var study = Study<KitchenSink>.CreateOrResume("seeded", new StudyOptions { Sampler = new RandomSampler(42) });
            await study.OptimizeAsync(c => c.X, new OptimizeOptions { MaxTrials = 25 });
            return study.GetTrials().Select(t => t.Frozen.ToParameterSet(KitchenSink.Descriptor).ToString()).ToList();
        }

        Assert.Equal(await Run(), await Run());
    }

    [Fact]
    public async Task A_throwing_objective_fails_its_trial_with_the_exception_and_the_study_goes_on()
    {
        var study = Study<TenParameters>.CreateOrResume("throws", new StudyOptions { Seed = 2 });
        await study.OptimizeAsync(c => c.Layers % 2 == 0 ? throw new InvalidDataException("even layers") : 1.0, new OptimizeOptions { MaxTrials = 30 });
        Assert.Equal(30, study.GetTrials().Count);
        TrialResult<TenParameters> failed = study.GetTrials().First(t => t.State == TrialState.Failed);
        // The whole exception is kept: type and message first, then the stack trace down to the objective.
        Assert.StartsWith("System.IO.InvalidDataException: even layers" + Environment.NewLine + "   at ", failed.FailReason, StringComparison.Ordinal);
        Assert.Contains(nameof(A_throwing_objective_fails_its_trial_with_the_exception_and_the_study_goes_on), failed.FailReason, StringComparison.Ordinal);
        Assert.Contains(study.GetTrials(), t => t.State == TrialState.Complete);
    }

    [Fact]
    public async Task Stop_on_failure_rethrows_after_recording_the_trial()
    {
        var study = Study<TenParameters>.CreateOrResume("stop", new StudyOptions { Seed = 2 });
        var error = await Assert.ThrowsAsync<AttrTuneException>(() =>
            study.OptimizeAsync(_ => throw new ArithmeticException("boom"), new OptimizeOptions { MaxTrials = 10, StopOnFailure = true }));
        Assert.IsType<ArithmeticException>(error.InnerException);
        Assert.Equal(TrialState.Failed, Assert.Single(study.GetTrials()).State);
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public async Task Non_finite_values_fail_the_trial_with_a_clear_reason(double value, string shown)
    {
        var study = Study<TenParameters>.CreateOrResume("nan", new StudyOptions { Seed = 3 });
        await study.OptimizeAsync(_ => value, new OptimizeOptions { MaxTrials = 2 });
        Assert.All(study.GetTrials(), t => Assert.Equal($"The objective returned {shown}, not a finite number.", t.FailReason));
        Assert.Null(study.TryGetBest());
        Assert.Contains("has no complete trial yet", Assert.Throws<InvalidOperationException>(() => study.Best).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_are_refused_with_the_rule()
    {
        var study = Study<TenParameters>.CreateOrResume("bad", new StudyOptions());
        Assert.Contains("MaxTrials must be positive", (await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => study.OptimizeAsync(Loss, new OptimizeOptions { MaxTrials = 0 }))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => study.OptimizeAsync(Loss, new OptimizeOptions { Parallelism = 0 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => study.OptimizeAsync(Loss, new OptimizeOptions { Timeout = TimeSpan.Zero }));
        Assert.Empty(study.GetTrials());
    }

    [Fact]
    public async Task Target_value_timeout_and_callback_stop_the_study()
    {
        var target = Study<TenParameters>.CreateOrResume("target", new StudyOptions { Seed = 4 });
        await target.OptimizeAsync(_ => 0.5, new OptimizeOptions { MaxTrials = 100, TargetValue = 1.0 });
        Assert.Single(target.GetTrials());

        // The timeout, on a fake clock: each trial takes 20 ms of it, so a 200 ms timeout lets exactly 10 trials start,
        // whatever the machine's load. Without the timeout the study would run all 100 trials (at once: random
        // search, no waiting) and fail the count.
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var timed = Study<TenParameters>.CreateOrResume("timeout", new StudyOptions { Sampler = new RandomSampler(4), TimeProvider = clock });
        await timed.OptimizeAsync(_ => { clock.Advance(TimeSpan.FromMilliseconds(20)); return 1.0; }, new OptimizeOptions { MaxTrials = 100, Timeout = TimeSpan.FromMilliseconds(200) })
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, timed.GetTrials().Count);

        // And on the real clock, two workers: 20 ms trials and a 200 ms timeout. How many run depends on the machine's
        // load, so no timing is asserted: only fewer than the 200 an ignored timeout runs (in about 2 s), every one
        // finished (the trials running at the deadline complete, they are not cancelled), and no hang (WaitAsync).
        var wall = Study<TenParameters>.CreateOrResume("timeout-wall", new StudyOptions { Sampler = new RandomSampler(4) });
        await wall.OptimizeAsync(async (_, _, ct) => { await Task.Delay(20, ct); return 1.0; }, new OptimizeOptions { MaxTrials = 200, Parallelism = 2, Timeout = TimeSpan.FromMilliseconds(200) })
            .WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(wall.GetTrials().Count < 200, $"{wall.GetTrials().Count} trials: the timeout did not stop the study");
        Assert.All(wall.GetTrials(), t => Assert.Equal(TrialState.Complete, t.State));

        var stopped = Study<TenParameters>.CreateOrResume("callback", new StudyOptions { Seed = 4 });
        var seen = new List<int>();
        await stopped.OptimizeAsync(Loss, new OptimizeOptions { MaxTrials = 100 }, context =>
        {
            seen.Add(context.Trial.Number);
            if (context.Trial.Number == 4)
            {
                context.Stop();
            }
        });
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, seen);
        Assert.Equal(5, stopped.GetTrials().Count);
    }

    [Fact]
    public async Task Cancellation_fails_running_trials_and_leaves_no_trial_running()
    {
        var storage = new InMemoryStorage();
        var study = Study<TenParameters>.CreateOrResume("cancel", new StudyOptions { Storage = storage, Seed = 5 });
        using var cancel = new CancellationTokenSource();
        int running = 0;
        Task run = study.OptimizeAsync(
            async (_, _, ct) =>
            {
                // Cancel once both workers are inside a trial, so both trials are interrupted mid-run.
                if (Interlocked.Increment(ref running) == 2)
                {
                    await cancel.CancelAsync();
                }

                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return 1.0;
            },
            new OptimizeOptions { Parallelism = 2 },
            cancellationToken: cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(2, study.GetTrials().Count);
        Assert.DoesNotContain(study.GetTrials(), t => t.State == TrialState.Running);
        Assert.All(study.GetTrials(), t => Assert.Equal("The study was cancelled while the trial was running.", t.FailReason));
    }

    [Fact]
    public async Task Enqueued_configurations_run_first_and_the_default_is_trial_zero()
    {
        var study = Study<KitchenSink>.CreateOrResume("warm", new StudyOptions { Seed = 6 });
        study.EnqueueDefault();
        study.Enqueue(KitchenSink.CreateDefault() with { Optimizer = "sgd", Sgd = new SgdSettings { LearningRate = 0.01 } });
        study.AddCompletedTrial(KitchenSink.CreateDefault() with { Layers = 2 }, 0.75);
        var error = Assert.Throws<ArgumentException>(() => study.Enqueue(KitchenSink.CreateDefault() with { Layers = 12 }));
        Assert.Contains("Layers: 12 is outside [1, 8]", error.Message, StringComparison.Ordinal);
        await study.OptimizeAsync(c => c.X, new OptimizeOptions { MaxTrials = 5 });

        IReadOnlyList<TrialResult<KitchenSink>> trials = study.GetTrials();
        Assert.Equal(6, trials.Count);
        Assert.Equal(KitchenSink.CreateDefault().ToParameters(), trials[0].Frozen.ToParameterSet(KitchenSink.Descriptor));
        Assert.Equal("sgd", trials[1].Config.Optimizer);
        Assert.Equal(0.01, trials[1].Config.Sgd!.LearningRate);
        Assert.Equal((2, 0.75), (trials[2].Config.Layers, trials[2].Value!.Value));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Ask_and_tell_with_reports_and_attributes()
    {
        var study = Study<TenParameters>.CreateOrResume("asktell", new StudyOptions { Seed = 7 });
        TrialHandle<TenParameters> handle = study.Ask();
        handle.Trial.Report(1, 0.9);
        handle.Trial.Report(2, 0.7);
        handle.Trial.SetAttribute("fold", "all");
        Assert.Throws<ArgumentException>(() => handle.Trial.Report(3, double.NaN));
        TrialResult<TenParameters> result = study.Tell(handle, 0.6);
        Assert.Equal(new Dictionary<long, double> { [1] = 0.9, [2] = 0.7 }, result.IntermediateValues);
        Assert.Equal("all", result.Attributes["fold"]);
        Assert.Throws<TrialStateException>(() => study.Tell(handle, 0.5));

        TrialHandle<TenParameters> pruned = study.Ask();
        pruned.Trial.Report(1, 0.95);
        Assert.Equal((TrialState.Pruned, 0.95), (study.TellPruned(pruned).State, study.GetTrials()[1].Value!.Value));
    }

    [Fact]
    public async Task Resuming_with_another_space_is_refused_and_a_renamed_class_with_the_same_space_resumes()
    {
        var storage = new InMemoryStorage();
        var typed = Study<TenParameters>.CreateOrResume("typed", new StudyOptions { Storage = storage, Seed = 3 });
        await typed.OptimizeAsync(c => c.LearningRate, new OptimizeOptions { MaxTrials = 3 });
        var error = Assert.Throws<IncompatibleStudyException>(() => Study<KitchenSink>.CreateOrResume("typed", new StudyOptions { Storage = storage }));
        Assert.Contains("created with another search space (created for the config type AttrTune.Tests.TenParameters, now AttrTune.Tests.KitchenSink)", error.Message, StringComparison.Ordinal);

        // Same parameters, distributions and conditions under another class name: the paid-for trials come back typed.
        Assert.Equal(TenParameters.Descriptor.Fingerprint, RenamedTenParameters.Descriptor.Fingerprint);
        var renamed = Study<RenamedTenParameters>.CreateOrResume("typed", new StudyOptions { Storage = storage });
        Assert.Equal(
            typed.GetTrials().Select(t => t.Config.LearningRate),
            renamed.GetTrials().Select(t => t.Config.LearningRate));

        storage.CreateOrLoadStudy("changed", StudyDirection.Minimize, "0000000000000000", TenParameters.Descriptor.ToString());
        error = Assert.Throws<IncompatibleStudyException>(() => Study<TenParameters>.CreateOrResume("changed", new StudyOptions { Storage = storage }));
        Assert.Contains("was created with another search space (fingerprint 0000000000000000, now " + TenParameters.Descriptor.Fingerprint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trials_left_running_by_a_killed_process_are_failed_on_resume_and_optionally_retried()
    {
        var storage = new InMemoryStorage();
        var study = Study<TenParameters>.CreateOrResume("killed", new StudyOptions { Storage = storage, Seed = 8 });
        await study.OptimizeAsync(Loss, new OptimizeOptions { MaxTrials = 2 });
        StudyRecord record = storage.FindStudy("killed")!;
        ParameterSet orphanParameters = TenParameters.Sample(new RandomSource(1)).ToParameters();
        FrozenTrial orphan = storage.TryCreateTrial(record.Id, new NewTrial(TrialState.Running, orphanParameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value), Worker: $"{Environment.MachineName}:{int.MaxValue - 3}:5"))!;

        var resumed = Study<TenParameters>.CreateOrResume("killed", new StudyOptions { Storage = storage, Seed = 8, RetryTrialsOfDeadWorkers = true });
        Assert.Equal(orphan.Id, Assert.Single(resumed.RecoveredTrials).Id);
        Assert.Equal(TrialState.Failed, storage.GetTrial(orphan.Id).State);
        await resumed.OptimizeAsync(Loss, new OptimizeOptions { MaxTrials = 1 });
        TrialResult<TenParameters> retried = resumed.GetTrials().Last();
        Assert.Equal(orphanParameters, retried.Frozen.ToParameterSet(TenParameters.Descriptor));
        Assert.Equal(TrialState.Complete, retried.State);
    }

    [Fact]
    public async Task Exports_hold_every_trial_with_its_parameters()
    {
        var study = Study<KitchenSink>.CreateOrResume("export", new StudyOptions { Seed = 9 });
        await study.OptimizeAsync(c => c.Layers == 3 ? throw new InvalidOperationException("three, \"quoted\"") : c.X, new OptimizeOptions { MaxTrials = 12 });

        var csv = new StringWriter();
        study.ExportCsv(csv);
        // Read back with a real CSV parser: failure reasons hold stack traces, whose newlines sit inside quoted fields.
        using (CsvHelper.CsvReader reader = CsvHelper.CsvReader.FromText(csv.ToString(), CsvHelper.CsvReaderOptions.Default with { Separator = ',', HasHeader = true }))
        {
            int rows = 0;
            while (reader.Read())
            {
                Assert.Equal(rows.ToString(System.Globalization.CultureInfo.InvariantCulture), reader.Current.ToArray()[0]);
                rows++;
            }

            Assert.Equal(["number", "state", "value", "started", "completed", "duration_seconds", "X", "Fraction"], reader.Headers.Take(8));
            Assert.Equal(12, rows);
        }


        using var json = new MemoryStream();
        study.ExportJson(json);
        using JsonDocument document = JsonDocument.Parse(json.ToArray());
        JsonElement trials = document.RootElement.GetProperty("trials");
        Assert.Equal(12, trials.GetArrayLength());
        Assert.Equal(KitchenSink.Descriptor.Fingerprint, document.RootElement.GetProperty("spaceFingerprint").GetString());
        JsonElement first = trials[0].GetProperty("params");
        Assert.Equal(study.GetTrials()[0].Config.Optimizer, first.GetProperty("Optimizer").GetString());
    }

    [Fact]
    public async Task A_sqlite_study_resumes_with_its_trials_and_numbers_continue()
    {
        string directory = Directory.CreateTempSubdirectory("attrtune-study-").FullName;
        try
        {
            string path = Path.Combine(directory, "study.db");
            using (var storage = new SqliteStorage(path))
            {
                var study = Study<KitchenSink>.CreateOrResume("durable", new StudyOptions { Storage = storage, Seed = 10 });
                await study.OptimizeAsync(c => c.X, new OptimizeOptions { MaxTrials = 6, Parallelism = 2 });
            }

            using (var storage = new SqliteStorage(path))
            {
                var study = Study<KitchenSink>.CreateOrResume("durable", new StudyOptions { Storage = storage, Seed = 10 });
                Assert.Equal(6, study.GetTrials().Count);
                await study.OptimizeAsync(c => c.X, new OptimizeOptions { MaxTrials = 4 });
                Assert.Equal(Enumerable.Range(0, 10), study.GetTrials().Select(t => t.Number));
                Assert.Equal(study.GetTrials().Min(t => t.Value), study.Best.Value);
                Assert.Equal(study.Best.Config.X, study.Best.Value);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Samplers_hear_each_trial_start_before_its_objective_and_finish_after_it()
    {
        var sampler = new RecordingSampler();
        var study = Study<TenParameters>.CreateOrResume("hooks", new StudyOptions { Sampler = sampler });
        await study.OptimizeAsync((_, trial, _) => { sampler.Events.Add($"objective {trial.Number}"); return ValueTask.FromResult(1.0); }, new OptimizeOptions { MaxTrials = 2 });
        Assert.Equal(new[] { "sample", "started 0", "objective 0", "finished 0 Complete", "sample", "started 1", "objective 1", "finished 1 Complete" }, sampler.Events);
    }

    [Fact]
    public async Task Sqlite_stores_each_parameter_with_its_distribution()
    {
        string directory = Directory.CreateTempSubdirectory("attrtune-distributions-").FullName;
        try
        {
            string path = Path.Combine(directory, "study.db");
            using (var storage = new SqliteStorage(path))
            {
                await Study<TenParameters>.CreateOrResume("d", new StudyOptions { Storage = storage, Seed = 1 }).OptimizeAsync(_ => 1.0, new OptimizeOptions { MaxTrials = 1 });
            }

            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, distribution FROM trial_params;";
            using var reader = command.ExecuteReader();
            int rows = 0;
            while (reader.Read())
            {
                Assert.Equal(TenParameters.Descriptor[reader.GetString(0)].Distribution.CanonicalText, reader.GetString(1));
                rows++;
            }

            Assert.Equal(10, rows);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class RecordingSampler : ISampler
    {
        private readonly RandomSampler _inner = new(1);

        public List<string> Events { get; } = new();

        public SampleProposal? Sample(SamplerContext context)
        {
            Events.Add("sample");
            return _inner.Sample(context);
        }

        public void OnTrialStarted(SamplerContext context, FrozenTrial trial) => Events.Add($"started {trial.Number}");

        public void OnTrialFinished(SamplerContext context, FrozenTrial trial) => Events.Add($"finished {trial.Number} {trial.State}");
    }
}
