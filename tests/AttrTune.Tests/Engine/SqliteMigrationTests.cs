using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>
/// Study files written by a released version open in this one, keep every trial and are migrated in place.
/// Fixtures/released-schema-1.db was written by the release with schema version 1 (commit d6f016f): a study with
/// complete, pruned, failed, running and waiting trials, reports, attributes and a checkpoint, and a maximised study.
/// Fixtures/released-schema-2.db was written by the release with schema version 2 (commit d081a88) through the
/// study API: a trial failed by a thrown exception (its whole text with the stack trace in fail_reason), a pruned
/// one with reports, an attribute, a running and a waiting trial, and a maximised study.
/// Fixtures/released-schema-3.db was written by the release with schema version 3 (commit 9a32dfc) the same way, with
/// the failure also kept field by field.
/// </summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-migrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CopyOfFixture(string name = "released-schema-1.db")
    {
        string path = Path.Combine(_directory, name);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), path);
        return path;
    }

    [Fact]
    public void A_schema_2_file_opens_keeps_its_trials_and_failure_text_and_stores_new_failures_field_by_field()
    {
        string path = CopyOfFixture("released-schema-2.db");
        using (var storage = new SqliteStorage(path))
        {
            StudyRecord study = storage.FindStudy("released")!;
            Assert.Null(study.SpaceJson);
            Assert.Null(study.Space);
            var trials = storage.GetTrials(study.Id);
            Assert.Equal(
                new[] { TrialState.Complete, TrialState.Failed, TrialState.Pruned, TrialState.Complete, TrialState.Running, TrialState.Waiting },
                trials.Select(t => t.State));
            Assert.StartsWith("System.InvalidOperationException: depth 8 is too deep for this data\n   at Thrower.Fail(Int32 depth)", trials[1].FailReason, StringComparison.Ordinal);
            Assert.Null(trials[1].Failure);
            Assert.Equal(new[] { 3.0, 2.5 }, trials[2].IntermediateValues.Values);
            Assert.Equal("f3", trials[3].UserAttributes["fold"]);
            Assert.Equal(1, storage.GetBestTrial(storage.FindStudy("released-max")!.Id)!.Number);
        }

        Assert.Equal(SqliteStorage.SchemaVersion, ReadSchemaVersion(path));

        // Resumed by the current code: the space is still unknown to tools (the study keeps its stored record), and a
        // new failure is kept field by field beside the old ones.
        using (var storage = new SqliteStorage(path))
        {
            var study = Study<FixtureConfig>.CreateOrResume("released", new StudyOptions { Storage = storage, Sampler = new RandomSampler(3) });
            Assert.Equal(TrialState.Failed, study.GetTrials()[4].State);
            TrialHandle<FixtureConfig> next = study.Ask();
            Assert.Equal(5, next.Trial.Number);
            Assert.Equal("c", next.Config.Kind);
            study.TellFailed(next, new ArgumentException("bad fold"));
            FrozenTrial failed = storage.GetTrials(study.Record.Id)[5];
            Assert.Equal(new TrialFailure("System.ArgumentException", "bad fold", string.Empty), failed.Failure);
            Assert.Equal(6, study.GetTrials().Count);
        }
    }

    [Fact]
    public async Task A_schema_3_file_opens_keeps_its_trials_and_takes_a_study_with_several_objectives()
    {
        string path = CopyOfFixture("released-schema-3.db");
        using (var storage = new SqliteStorage(path))
        {
            StudyRecord study = storage.FindStudy("released")!;
            Assert.Null(study.MetricsJson);
            Assert.NotNull(study.Space);
            var trials = storage.GetTrials(study.Id);
            Assert.Equal(
                new[] { TrialState.Complete, TrialState.Failed, TrialState.Pruned, TrialState.Complete, TrialState.Running, TrialState.Waiting },
                trials.Select(t => t.State));
            Assert.Equal(new double?[] { 0.5, null, 2.5, 0.25, null, null }, trials.Select(t => t.Value));
            Assert.All(trials, t => Assert.True(t.Values.IsEmpty && t.ConstraintValues.IsEmpty));
            Assert.Equal(("System.InvalidOperationException", "depth 8 is too deep for this data"), (trials[1].Failure!.ExceptionType, trials[1].Failure!.Message));
            Assert.StartsWith("   at Thrower.Fail(Int32 depth)", trials[1].Failure!.StackTrace, StringComparison.Ordinal);
            Assert.Equal("f3", trials[3].UserAttributes["fold"]);
            Assert.Equal(1, storage.GetBestTrial(storage.FindStudy("released-max")!.Id)!.Number);
        }

        Assert.Equal(SqliteStorage.SchemaVersion, ReadSchemaVersion(path));

        // The migrated file resumes the old study and takes a new one whose trials keep several values.
        using (var storage = new SqliteStorage(path))
        {
            var study = Study<FixtureConfig>.CreateOrResume("released", new StudyOptions { Storage = storage, Sampler = new RandomSampler(3) });
            TrialHandle<FixtureConfig> next = study.Ask();
            // Its running trial's worker is gone (failed on opening); the waiting one is claimed first.
            Assert.Equal(("b", 5), (next.Config.Kind, next.Trial.Number));
            study.Tell(next, 0.125);
            Assert.Equal(5, study.Best.Number);

            var several = Study<FixtureConfig, MultiObjective.TradeOff>.CreateOrResume("several", new StudyOptions { Storage = storage, Seed = 2 });
            await several.OptimizeAsync(c => new MultiObjective.TradeOff(c.Rate, c.Depth, c.Depth), new OptimizeOptions { MaxTrials = 5 });
        }

        using (var storage = new SqliteStorage(path))
        {
            var several = Study<FixtureConfig, MultiObjective.TradeOff>.Load("several", new StudyOptions { Storage = storage });
            Assert.All(several.GetTrials(), t => Assert.Equal(new MultiObjective.TradeOff(t.Config.Rate, t.Config.Depth, t.Config.Depth), t.Metrics));
            Assert.Equal(6, storage.GetTrials(storage.FindStudy("released")!.Id).Count);
        }
    }

    [Fact]
    public void A_schema_1_file_opens_keeps_its_trials_and_is_migrated()
    {
        string path = CopyOfFixture();
        using (var storage = new SqliteStorage(path))
        {
            StudyRecord study = storage.FindStudy("released")!;
            var trials = storage.GetTrials(study.Id);
            Assert.Equal(Enumerable.Range(0, 8), trials.Select(t => t.Number));
            Assert.Equal(
                new[] { TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Complete, TrialState.Pruned, TrialState.Failed, TrialState.Running, TrialState.Waiting },
                trials.Select(t => t.State));
            Assert.Equal(new double?[] { 1.0, 0.5, null, 0.25, 2.0, null, null, null }, trials.Select(t => t.Value));
            Assert.Equal("System.Exception: boom", trials[2].FailReason);
            Assert.Equal("f4", trials[4].UserAttributes["fold"]);
            Assert.Equal(2.0, trials[4].IntermediateValues[1]);
            Assert.Equal(new byte[] { 1, 2, 3 }, storage.LoadCheckpoint(trials[6].Id));

            // The best trial is found through the index the migration added.
            Assert.Equal(3, storage.GetBestTrial(study.Id)!.Number);
            Assert.Equal(1, storage.GetBestTrial(storage.FindStudy("released-max")!.Id)!.Number);
        }

        Assert.Equal(SqliteStorage.SchemaVersion, ReadSchemaVersion(path));
        Assert.True(HasIndex(path, "trials_by_value"));
    }

    [Fact]
    public void A_released_study_resumes_with_the_same_config()
    {
        using var storage = new SqliteStorage(CopyOfFixture());
        var study = Study<FixtureConfig>.CreateOrResume("released", new StudyOptions { Storage = storage, Sampler = new RandomSampler(3) });

        // The released process is gone: its running trial is failed, the waiting one runs first.
        Assert.Equal(TrialState.Failed, study.GetTrials()[6].State);
        TrialHandle<FixtureConfig> next = study.Ask();
        Assert.Equal(7, next.Trial.Number);
        Assert.Equal("b", next.Config.Kind);
        study.Tell(next, 0.125);
        Assert.Equal(7, study.Best.Number);
        Assert.Equal(8, study.GetTrials().Count);
    }

    private static long ReadSchemaVersion(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(version) FROM schema_version;";
        return (long)command.ExecuteScalar()!;
    }

    private static bool HasIndex(string path, string name)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is not null;
    }
}
