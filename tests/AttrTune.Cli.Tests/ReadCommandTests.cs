using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttrTune.Analysis;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using CsvHelper;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>The commands that read a study, run as installed, against what the library reads from the same file.</summary>
public sealed class ReadCommandTests
{
    private readonly InstalledTool _tool;

    public ReadCommandTests() => _tool = InstalledTool.Shared;

    [Fact]
    public void Help_lists_the_commands_the_storage_forms_and_every_exit_code()
    {
        ProcessResult help = _tool.Run("--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Golden.Match("help.txt", help.Output);
    }

    [Fact]
    public void Version_is_the_installed_package_version()
    {
        ProcessResult version = _tool.Run("--version");
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal(_tool.Version, version.Output.Trim());
    }

    [Fact]
    public void Studies_lists_every_study_with_its_trials_by_state_and_best_value()
    {
        ProcessResult studies = _tool.Run("studies", "--storage", InstalledTool.StorageUrl);
        Assert.True(studies.ExitCode == 0, studies.ToString());
        Golden.Match("studies.txt", studies.Output);

        using var library = new LibraryView(_tool.StudyFile);
        string demoRow = studies.Output.Split('\n').Single(l => l.Contains(" demo ", StringComparison.Ordinal));
        IReadOnlyList<FrozenTrial> trials = library.Trials("demo");
        Assert.Equal(
            [
                trials.Count(t => t.State == TrialState.Complete).ToString(CultureInfo.InvariantCulture),
                trials.Count(t => t.State == TrialState.Pruned).ToString(CultureInfo.InvariantCulture),
                trials.Count(t => t.State == TrialState.Failed).ToString(CultureInfo.InvariantCulture),
            ],
            Cells(demoRow)[2..5]);
    }

    [Fact]
    public void Storage_defaults_to_the_environment_variable()
    {
        ProcessResult studies = _tool.Run(new Dictionary<string, string> { ["ATTRTUNE_STORAGE"] = InstalledTool.StorageUrl }, "studies");
        Assert.True(studies.ExitCode == 0, studies.ToString());
        Assert.Contains(" other ", studies.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absolute_sqlite_url_has_four_slashes()
    {
        ProcessResult studies = _tool.Run("studies", "--storage", "sqlite:///" + _tool.StudyFile);
        Assert.True(studies.ExitCode == 0, studies.ToString());
        Assert.Contains(" demo ", studies.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_gives_the_summary_the_best_trial_and_the_space()
    {
        ProcessResult show = _tool.Run("show", "demo", "--storage", InstalledTool.StorageUrl);
        Assert.True(show.ExitCode == 0, show.ToString());
        Golden.Match("show-demo.txt", show.Output);
    }

    [Fact]
    public void Trials_as_a_table()
    {
        ProcessResult trials = _tool.Run("trials", "demo", "--storage", InstalledTool.StorageUrl);
        Assert.True(trials.ExitCode == 0, trials.ToString());
        Golden.Match("trials-demo.txt", trials.Output);
    }

    [Fact]
    public void Trials_as_csv_hold_every_trial_cell_for_cell_as_the_library_reads_it()
    {
        ProcessResult csv = _tool.Run("trials", "demo", "--format", "csv", "--storage", InstalledTool.StorageUrl);
        Assert.True(csv.ExitCode == 0, csv.ToString());
        using var library = new LibraryView(_tool.StudyFile);
        CheckCsv(csv.Output, library.Study("demo"), library.Trials("demo"));
    }

    [Fact]
    public void Trials_as_json_hold_every_trial_field_for_field_as_the_library_reads_it()
    {
        ProcessResult json = _tool.Run("trials", "demo", "--format", "json", "--storage", InstalledTool.StorageUrl);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var library = new LibraryView(_tool.StudyFile);
        CheckJson(json.Output, library.Study("demo"), library.Trials("demo"));
    }

    [Fact]
    public void Trials_filtered_by_state_and_sorted_by_value_descending()
    {
        ProcessResult json = _tool.Run("trials", "demo", "--format", "json", "--state", "complete,pruned", "--sort", "value", "--desc", "--storage", InstalledTool.StorageUrl);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var library = new LibraryView(_tool.StudyFile);
        int[] expected = library.Trials("demo")
            .Where(t => t.State is TrialState.Complete or TrialState.Pruned)
            .OrderByDescending(t => t.Value)
            .ThenBy(t => t.Number)
            .Select(t => t.Number)
            .ToArray();
        int[] actual = JsonNode.Parse(json.Output)!["trials"]!.AsArray().Select(t => t!["number"]!.GetValue<int>()).ToArray();
        Assert.Equal(expected, actual);
        Assert.NotEmpty(actual);
    }

    [Fact]
    public void Best_prints_the_best_configuration_as_json_with_inactive_parameters_absent()
    {
        ProcessResult best = _tool.Run("best", "demo", "--storage", InstalledTool.StorageUrl);
        Assert.True(best.ExitCode == 0, best.ToString());
        Golden.Match("best-demo.json", best.Output);

        using var library = new LibraryView(_tool.StudyFile);
        StudyRecord study = library.Study("demo");
        SearchSpaceDescriptor? space = LibraryView.SpaceOf(study);
        FrozenTrial expected = library.Storage.GetBestTrial(study.Id)!;
        JsonObject actual = JsonNode.Parse(best.Output)!.AsObject();
        Assert.Equal(expected.Parameters.Keys.Order(StringComparer.Ordinal), actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach ((string name, double stored) in expected.Parameters)
        {
            Assert.True(JsonNode.DeepEquals(LibraryView.Expected(space, name, stored), actual[name]), $"{name}: expected {LibraryView.Expected(space, name, stored)}, got {actual[name]}");
        }
    }

    [Fact]
    public void Export_writes_csv_or_json_by_the_file_extension_with_every_trial_as_the_library_reads_it()
    {
        using var library = new LibraryView(_tool.StudyFile);
        foreach (string format in new[] { "csv", "json" })
        {
            string file = Path.Combine(_tool.WorkDirectory, $"export-test.{format}");
            ProcessResult export = _tool.Run("export", "demo", "-o", file, "--storage", InstalledTool.StorageUrl);
            Assert.True(export.ExitCode == 0, export.ToString());
            Assert.Contains("Wrote 30 trials", export.Error, StringComparison.Ordinal);
            if (format == "csv")
            {
                CheckCsv(File.ReadAllText(file), library.Study("demo"), library.Trials("demo"));
            }
            else
            {
                CheckJson(File.ReadAllText(file), library.Study("demo"), library.Trials("demo"));
            }
        }
    }

    [Fact]
    public void Importance_gives_the_libraries_fanova_importances_as_a_table_and_as_json()
    {
        ProcessResult table = _tool.Run("importance", "demo", "--storage", InstalledTool.StorageUrl);
        Assert.True(table.ExitCode == 0, table.ToString());
        Golden.Match("importance-demo.txt", table.Output);

        ProcessResult json = _tool.Run("importance", "demo", "--format", "json", "--seed", "3", "--storage", InstalledTool.StorageUrl);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var library = new LibraryView(_tool.StudyFile);
        StudyRecord study = library.Study("demo");
        ParameterImportances expected = new StudyAnalysis(study.Space!, study.Direction, library.Trials("demo")).GetImportance(new ImportanceOptions { Seed = 3 });
        JsonNode actual = JsonNode.Parse(json.Output)!;
        Assert.Equal("fANOVA", actual["evaluator"]!.GetValue<string>());
        Assert.Equal(expected.TrialCount, actual["completeTrials"]!.GetValue<int>());
        Assert.Equal(
            expected.Parameters.Select(p => (p.Name, p.Importance, p.ActiveTrials)),
            actual["parameters"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["importance"]!.GetValue<double>(), p["activeTrials"]!.GetValue<int>())));
    }

    [Fact]
    public void Importance_on_raw_values_with_scale_raw_is_the_librarys_raw_scale()
    {
        ProcessResult json = _tool.Run("importance", "demo", "--scale", "raw", "--format", "json", "--seed", "3", "--storage", InstalledTool.StorageUrl);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var library = new LibraryView(_tool.StudyFile);
        StudyRecord study = library.Study("demo");
        var analysis = new StudyAnalysis(study.Space!, study.Direction, library.Trials("demo"));
        ParameterImportances raw = analysis.GetImportance(new ImportanceOptions { Seed = 3, Scale = ImportanceScale.Raw });
        JsonNode actual = JsonNode.Parse(json.Output)!;
        Assert.Equal("raw", actual["scale"]!.GetValue<string>());
        Assert.Equal(
            raw.Parameters.Select(p => (p.Name, p.Importance, p.ActiveTrials)),
            actual["parameters"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["importance"]!.GetValue<double>(), p["activeTrials"]!.GetValue<int>())));

        // The demo's LearningRate is LogUniform(1e-4, 1e-1): on raw values its importance is not the default's.
        ParameterImportances declared = analysis.GetImportance(new ImportanceOptions { Seed = 3 });
        Assert.NotEqual(declared["LearningRate"], raw["LearningRate"]);
        Assert.Equal("parameter", JsonNode.Parse(_tool.Run("importance", "demo", "--format", "json", "--storage", InstalledTool.StorageUrl).Output)!["scale"]!.GetValue<string>());

        ProcessResult table = _tool.Run("importance", "demo", "--scale", "RAW", "--storage", InstalledTool.StorageUrl);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("seed 0, raw values)", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Importance_by_ped_anova_on_request()
    {
        ProcessResult json = _tool.Run("importance", "demo", "--evaluator", "ped-anova", "--format", "json", "--storage", InstalledTool.StorageUrl);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal("PED-ANOVA", JsonNode.Parse(json.Output)!["evaluator"]!.GetValue<string>());
    }

    internal static void CheckCsv(string text, StudyRecord study, IReadOnlyList<FrozenTrial> trials)
    {
        SearchSpaceDescriptor? space = LibraryView.SpaceOf(study);
        using CsvReader csv = CsvReader.FromText(text, CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            SkipEmptyLines = false,
            TrimWhitespace = false,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
        });
        string[] names = LibraryView.ParameterNames(space, trials).ToArray();
        string[] header = ["number", "state", "value", "started", "completed", "duration_seconds", .. names, "attr:fold", "intermediate_values", "fail_reason"];
        int row = 0;
        while (csv.Read())
        {
            Assert.Equal(header, csv.Headers);
            string[] cells = csv.Current.ToArray();
            string Cell(string column) => cells[Array.IndexOf(header, column)];
            FrozenTrial trial = trials[row++];
            Assert.Equal(trial.Number, int.Parse(Cell("number"), CultureInfo.InvariantCulture));
            Assert.Equal(trial.State.ToString(), Cell("state"));
            Assert.Equal(trial.Value, Cell("value") is { Length: > 0 } v ? double.Parse(v, CultureInfo.InvariantCulture) : null);
            Assert.Equal(trial.Started, Cell("started") is { Length: > 0 } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null);
            Assert.Equal(trial.Completed, Cell("completed") is { Length: > 0 } c ? DateTimeOffset.Parse(c, CultureInfo.InvariantCulture) : null);
            foreach (string name in names)
            {
                string expected = trial.Parameters.TryGetValue(name, out double stored) ? LibraryView.ExpectedText(space, name, stored) : string.Empty;
                Assert.Equal(expected, Cell(name));
            }

            Assert.Equal(trial.UserAttributes.GetValueOrDefault("fold", string.Empty), Cell("attr:fold"));
            Assert.Equal(trial.FailReason ?? string.Empty, Cell("fail_reason"));
            Dictionary<long, double> intermediate = Cell("intermediate_values") is { Length: > 0 } json
                ? JsonSerializer.Deserialize<Dictionary<long, double>>(json)!
                : [];
            Assert.Equal(trial.IntermediateValues, intermediate.OrderBy(p => p.Key));
        }

        Assert.Equal(trials.Count, row);
    }

    internal static void CheckJson(string text, StudyRecord study, IReadOnlyList<FrozenTrial> trials)
    {
        SearchSpaceDescriptor? space = LibraryView.SpaceOf(study);
        JsonNode document = JsonNode.Parse(text)!;
        Assert.Equal(study.Name, document["study"]!.GetValue<string>());
        Assert.Equal(study.Direction.ToString(), document["direction"]!.GetValue<string>());
        JsonArray exported = document["trials"]!.AsArray();
        Assert.Equal(trials.Count, exported.Count);
        for (int i = 0; i < trials.Count; i++)
        {
            FrozenTrial trial = trials[i];
            JsonNode actual = exported[i]!;
            Assert.Equal(trial.Number, actual["number"]!.GetValue<int>());
            Assert.Equal(trial.State.ToString(), actual["state"]!.GetValue<string>());
            Assert.Equal(trial.Value, actual["value"]?.GetValue<double>());
            Assert.Equal(trial.Started, actual["started"] is { } s ? DateTimeOffset.Parse(s.GetValue<string>(), CultureInfo.InvariantCulture) : null);
            Assert.Equal(trial.Completed, actual["completed"] is { } c ? DateTimeOffset.Parse(c.GetValue<string>(), CultureInfo.InvariantCulture) : null);
            Assert.Equal(trial.FailReason, actual["failReason"]?.GetValue<string>());
            JsonObject parameters = actual["params"]!.AsObject();
            Assert.Equal(trial.Parameters.Keys.Order(StringComparer.Ordinal), parameters.Select(p => p.Key).Order(StringComparer.Ordinal));
            foreach ((string name, double stored) in trial.Parameters)
            {
                Assert.True(JsonNode.DeepEquals(LibraryView.Expected(space, name, stored), parameters[name]), $"trial {trial.Number} {name}: {parameters[name]}");
                Assert.Equal(stored, actual["internalParams"]![name]!.GetValue<double>());
            }

            Assert.Equal(trial.UserAttributes.OrderBy(a => a.Key), actual["userAttributes"]!.AsObject().Select(a => KeyValuePair.Create(a.Key, a.Value!.GetValue<string>())));
            Assert.Equal(trial.IntermediateValues.Select(v => KeyValuePair.Create(v.Key.ToString(CultureInfo.InvariantCulture), v.Value)), actual["intermediateValues"]!.AsObject().Select(v => KeyValuePair.Create(v.Key, v.Value!.GetValue<double>())));
        }
    }

    private static string[] Cells(string row) => row.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
