using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using AttrTune.MultiObjective;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// <c>studies</c> and <c>show</c> on studies with a metrics type: a file of hand-made studies over the "demo" space
/// ("pareto": two objectives and a constraint, "sized": three objectives, "constrained": one objective and a
/// constraint), checked against a brute-force front and best.
/// </summary>
public sealed class MultiObjectiveCommandTests
{
    private const string DbFile = "pareto.db";

    private const string StorageUrl = "sqlite:///" + DbFile;

    private static readonly Lazy<string> Written = new(() =>
    {
        InstalledTool tool = InstalledTool.Shared;
        string path = Path.Combine(tool.WorkDirectory, DbFile);
        StudyRecord demo;
        using (var library = new LibraryView(tool.StudyFile))
        {
            demo = library.Study("demo");
        }

        using var storage = new SqliteStorage(path);
        static IReadOnlyDictionary<string, double> Parameters(int i) => new Dictionary<string, double>
        {
            ["LearningRate"] = 1e-3 * (1 + (i % 10)),
            ["Depth"] = 1 + (i % 8),
            ["Optimizer"] = i % 2,
            ["Momentum"] = 0.9,
        }.Where(p => p.Key != "Momentum" || i % 2 == 1).ToDictionary(p => p.Key, p => p.Value);
        ParetoStudy.Write(storage, "pareto", ParetoStudy.TwoObjectives(), demo, Parameters);
        ParetoStudy.Write(storage, "sized", ParetoStudy.ThreeObjectives(), demo, Parameters);
        ParetoStudy.Write(storage, "constrained", ParetoStudy.OneObjectiveConstrained(), demo, Parameters);
        return path;
    });

    private readonly InstalledTool _tool;

    public MultiObjectiveCommandTests()
    {
        _tool = InstalledTool.Shared;
        _ = Written.Value;
    }

    [Fact]
    public void Studies_gives_the_number_of_objectives_instead_of_a_best_value_and_the_best_feasible_one_with_constraints()
    {
        ProcessResult studies = _tool.Run("studies", "--storage", StorageUrl);
        Assert.True(studies.ExitCode == 0, studies.ToString());
        Golden.Match("studies-pareto.txt", studies.Output);

        Assert.EndsWith("2 objectives", Row(studies.Output, "pareto")[^2], StringComparison.Ordinal);
        Assert.Equal("Minimize/Maximize", Row(studies.Output, "pareto")[1]);
        Assert.EndsWith("3 objectives", Row(studies.Output, "sized")[^2], StringComparison.Ordinal);

        using var library = new LibraryView(Written.Value);
        IReadOnlyList<FrozenTrial> trials = library.Trials("constrained");
        var complete = trials.Where(t => t.State == TrialState.Complete).ToList();
        double bestFeasible = complete.Where(t => ParetoStudy.Feasible(t.Number)).Min(t => t.Values[0]);
        Assert.True(complete.Min(t => t.Values[0]) < bestFeasible, "the lowest loss should break the constraint");
        Assert.Equal(bestFeasible.ToString("G6", CultureInfo.InvariantCulture), Row(studies.Output, "constrained")[^2]);
    }

    [Theory]
    [InlineData("pareto")]
    [InlineData("sized")]
    public void Show_prints_the_metrics_and_the_pareto_front_as_a_table(string name)
    {
        ProcessResult show = _tool.Run("show", name, "--storage", StorageUrl);
        Assert.True(show.ExitCode == 0, show.ToString());
        Golden.Match($"show-{name}.txt", show.Output);

        using var library = new LibraryView(Written.Value);
        StudyRecord study = library.Study(name);
        MetricsDescriptor metrics = study.Metrics!;
        IReadOnlyList<FrozenTrial> trials = library.Trials(name);
        int[] front = ParetoStudy.BruteForceFront(metrics, trials);
        Assert.Contains("metrics ", show.Output, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", metrics.Metrics.Select(m => m.ToString())), show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Best trial", show.Output, StringComparison.Ordinal);
        Assert.Contains($"Pareto front: {front.Length} trials", show.Output, StringComparison.Ordinal);

        // The front table: between its header and the space's, a row per front trial with every objective.
        string[] lines = show.Output.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("Pareto front:", StringComparison.Ordinal));
        int end = Array.FindIndex(lines, start, l => l.StartsWith("Space:", StringComparison.Ordinal));
        List<string[]> rows = lines[start..end].Where(l => l.StartsWith('│')).Select(Cells).Where(c => int.TryParse(c[0], out _)).ToList();
        Assert.Equal(front, rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToArray());
        foreach (string[] row in rows)
        {
            FrozenTrial trial = trials.Single(t => t.Number == int.Parse(row[0], CultureInfo.InvariantCulture));
            for (int k = 0; k < metrics.Objectives.Count; k++)
            {
                Assert.Equal(trial.Values[k], double.Parse(row[1 + k], CultureInfo.InvariantCulture), 5);
            }
        }
    }

    [Fact]
    public void Show_of_a_constrained_study_gives_its_best_feasible_trial_not_the_lowest_value()
    {
        ProcessResult show = _tool.Run("show", "constrained", "--storage", StorageUrl);
        Assert.True(show.ExitCode == 0, show.ToString());
        Golden.Match("show-constrained.txt", show.Output);

        using var library = new LibraryView(Written.Value);
        FrozenTrial best = library.Trials("constrained")
            .Where(t => t.State == TrialState.Complete && ParetoStudy.Feasible(t.Number))
            .OrderBy(t => t.Values[0]).ThenBy(t => t.Number).First();
        Assert.Contains($"Best feasible trial: {best.Number} (value {best.Values[0].ToString("R", CultureInfo.InvariantCulture)},", show.Output, StringComparison.Ordinal);
    }

    private static string[] Row(string table, string study) =>
        Cells(table.Split('\n').Single(l => l.StartsWith("│ " + study + " ", StringComparison.Ordinal)));

    private static string[] Cells(string line) => line.Trim().Trim('│').Split('│').Select(c => c.Trim()).ToArray();

    [Fact]
    public void Best_prints_the_pareto_front_with_several_objectives_and_the_best_feasible_trial_with_constraints()
    {
        using var library = new LibraryView(Written.Value);
        ProcessResult front = _tool.Run("best", "pareto", "--storage", StorageUrl);
        Assert.True(front.ExitCode == 0, front.ToString());
        var members = System.Text.Json.Nodes.JsonNode.Parse(front.Output)!.AsArray();
        IReadOnlyList<FrozenTrial> trials = library.Trials("pareto");
        Assert.Equal(ParetoStudy.BruteForceFront(ParetoStudy.TwoObjectives(), trials), members.Select(m => (int)m!["trial"]!));
        foreach (System.Text.Json.Nodes.JsonNode? member in members)
        {
            FrozenTrial trial = trials[(int)member!["trial"]!];
            Assert.Equal(trial.Values[0], (double)member["metrics"]!["loss"]!);
            Assert.Equal(trial.Parameters["Depth"], (double)member["config"]!["Depth"]!);
        }

        ProcessResult constrained = _tool.Run("best", "constrained", "--storage", StorageUrl);
        Assert.True(constrained.ExitCode == 0, constrained.ToString());
        IReadOnlyList<FrozenTrial> one = library.Trials("constrained");
        FrozenTrial best = one.Where(t => t.State == TrialState.Complete && ParetoStudy.Feasible(t.Number)).OrderBy(t => t.Values[0]).ThenBy(t => t.Number).First();
        Assert.Equal(best.Parameters["Depth"], (double)System.Text.Json.Nodes.JsonNode.Parse(constrained.Output)!["Depth"]!);
    }
}
