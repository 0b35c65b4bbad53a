using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>
/// FixtureConfig after a user changed it: Rate's range widened, Depth's narrowed (a stored trial may fall outside),
/// Kind's choices reordered with one added (indices move; values must not), and a new parameter, Width.
/// </summary>
[SearchSpace]
public partial class FixtureConfigChanged
{
    [LogUniform(1e-5, 1.0)] public double Rate { get; set; } = 0.01;
    [IntRange(1, 6)] public int Depth { get; set; } = 3;
    [Choice("d", "c", "b", "a")] public string Kind { get; set; } = "a";
    [IntRange(2, 16, Default = 4)] public int Width { get; set; } = 4;
}

/// <summary>Records what the engine shows a sampler, and proposes random points.</summary>
internal sealed class RecordingSampler(ulong seed) : IMultiObjectiveSampler
{
    private readonly RandomSampler _inner = new(seed);

    public List<IReadOnlyList<FrozenTrial>> Seen { get; } = new();

    public SampleProposal? Sample(SamplerContext context)
    {
        Seen.Add(context.Trials);
        return _inner.Sample(context);
    }
}

/// <summary>Resuming a study whose space changed: refused by default, adopted on request, on SQLite and PostgreSQL.</summary>
public sealed class ChangedSpaceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-space-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string ReleasedFile()
    {
        string path = Path.Combine(_directory, "released.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "released-schema-3.db"), path);
        return path;
    }

    [Fact]
    public async Task A_study_file_of_the_previous_release_resumes_with_a_changed_space_and_keeps_every_trial()
    {
        using var storage = new SqliteStorage(ReleasedFile());
        await ResumesWithChangedSpace(storage);
    }

    [SkippableFact]
    public async Task A_postgres_study_resumes_with_a_changed_space_and_keeps_every_trial()
    {
        string database = PostgresServer.Instance.CreateDatabase();
        using (var sqlite = new SqliteStorage(ReleasedFile()))
        using (var postgres = new PostgresStorage(database))
        {
            StudyStorage.CopyStudy(sqlite, "released", postgres);
        }

        using var storage = new PostgresStorage(database);
        await ResumesWithChangedSpace(storage);
    }

    private static async Task ResumesWithChangedSpace(IStudyStorage storage)
    {
        IReadOnlyList<FrozenTrial> before = storage.GetTrials(storage.FindStudy("released")!.Id);

        // By default the change is refused, with the way out in the message, and nothing is written.
        var refused = Assert.Throws<IncompatibleStudyException>(() => Study<FixtureConfigChanged>.CreateOrResume("released", new StudyOptions { Storage = storage }));
        Assert.Contains("StudyOptions.AcceptChangedSpace = true", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, storage.FindStudy("released")!.SpaceVersion);

        var sampler = new RecordingSampler(5);
        var study = Study<FixtureConfigChanged>.CreateOrResume("released", new StudyOptions { Storage = storage, Sampler = sampler, AcceptChangedSpace = true });
        Assert.Equal(1, study.Record.SpaceVersion);
        IReadOnlyList<StudySpace> spaces = storage.GetSpaceHistory(study.Record.Id);
        Assert.Equal(new[] { 0, 1 }, spaces.Select(s => s.Version));
        Assert.Equal(FixtureConfig.Descriptor.Fingerprint, spaces[0].Fingerprint);
        Assert.Equal(FixtureConfigChanged.Descriptor.Fingerprint, spaces[1].Fingerprint);

        // Every old trial is kept; read in the new space, a choice keeps its value and the new parameter its default.
        IReadOnlyList<TrialResult<FixtureConfigChanged>> trials = study.GetTrials();
        Assert.Equal(before.Count, trials.Count);
        string[] oldKinds = ["a", "b", "c"];
        var fitting = new List<int>();
        foreach ((FrozenTrial old, TrialResult<FixtureConfigChanged> now) in before.Zip(trials))
        {
            Assert.Equal(0, now.Frozen.SpaceVersion);
            int depth = (int)old.Parameters["Depth"];
            if (depth > 6)
            {
                Assert.Contains("Depth = " + depth, Assert.Throws<InvalidOperationException>(() => now.Config).Message, StringComparison.Ordinal);
                continue;
            }

            fitting.Add(old.Number);
            Assert.Equal(oldKinds[(int)old.Parameters["Kind"]], now.Config.Kind);
            Assert.Equal((depth, 4, old.Parameters["Rate"]), (now.Config.Depth, now.Config.Width, now.Config.Rate));
        }

        // The next trials belong to the new space; the sampler saw exactly the old trials that fit, in the new terms.
        await study.OptimizeAsync(c => c.Rate * c.Width, new OptimizeOptions { MaxTrials = 3 });
        IReadOnlyList<FrozenTrial> seen = sampler.Seen[0];
        Assert.Equal(fitting, seen.Where(t => t.SpaceVersion == 0).Select(t => t.Number));
        foreach (FrozenTrial trial in seen.Where(t => t.SpaceVersion == 0))
        {
            FrozenTrial old = before[trial.Number];
            Assert.Equal(oldKinds[(int)old.Parameters["Kind"]], new[] { "d", "c", "b", "a" }[(int)trial.Parameters["Kind"]]);
            Assert.False(trial.Parameters.ContainsKey("Width"));
        }

        Assert.All(study.GetTrials().Skip(before.Count), t => Assert.Equal(1, t.Frozen.SpaceVersion));
        Assert.True(study.TryGetBest() is { } best && fitting.Concat(Enumerable.Range(before.Count, 10)).Contains(best.Number));

        var csv = new StringWriter();
        study.ExportCsv(csv);
        string[] lines = csv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int column = Array.IndexOf(lines[0].Split(','), "space_version");
        Assert.True(column > 0, lines[0]);
        Assert.Equal(Enumerable.Repeat("0", before.Count).Concat(Enumerable.Repeat("1", lines.Length - 1 - before.Count)), lines.Skip(1).Select(l => l.Split(',')[column]));

        // Reopened with the new type, the study resumes as it is now; with the old type again, it is refused.
        Assert.Equal(1, Study<FixtureConfigChanged>.CreateOrResume("released", new StudyOptions { Storage = storage }).Record.SpaceVersion);
        Assert.Throws<IncompatibleStudyException>(() => Study<FixtureConfig>.CreateOrResume("released", new StudyOptions { Storage = storage }));
    }
}
