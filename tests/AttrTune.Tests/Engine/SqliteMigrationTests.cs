using System;
using System.IO;
using System.Linq;
using AttrTune.Samplers;
using AttrTune.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>
/// Study files written by a released version open in this one, keep every trial and are migrated in place.
/// Fixtures/released-schema-1.db was written by the release with schema version 1 (commit d6f016f): a study with
/// complete, pruned, failed, running and waiting trials, reports, attributes and a checkpoint, and a maximised study.
/// </summary>
public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-migrate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string CopyOfFixture()
    {
        string path = Path.Combine(_directory, "released.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "released-schema-1.db"), path);
        return path;
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
