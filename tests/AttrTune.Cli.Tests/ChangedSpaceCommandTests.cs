using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using AttrTune.Storage;
using AttrTune.TestSupport;
using CsvHelper;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// A study resumed with a changed space, as the tool shows it: a copy of "demo" whose space then reversed
/// Optimizer's choices and added one (so every stored index now names another choice unless it is matched by value).
/// </summary>
public sealed class ChangedSpaceCommandTests
{
    private readonly InstalledTool _tool = InstalledTool.Shared;

    [Fact]
    public void Show_lists_the_spaces_and_export_gives_each_trial_its_choice_by_value_and_its_space_version()
    {
        string path = Path.Combine(_tool.WorkDirectory, "changed-space.db");
        File.Delete(path);
        IReadOnlyList<FrozenTrial> original;
        string fingerprint;
        using (var library = new LibraryView(_tool.StudyFile))
        {
            original = library.Trials("demo");
        }

        using (var source = new SqliteStorage(_tool.StudyFile))
        using (var target = new SqliteStorage(path))
        {
            StudyRecord copy = StudyStorage.CopyStudy(source, "demo", target, "changed");
            JsonNode space = JsonNode.Parse(copy.SpaceJson!)!;
            foreach (JsonNode? parameter in space["parameters"]!.AsArray())
            {
                if ((string?)parameter!["name"] == "Optimizer")
                {
                    parameter["choices"] = new JsonArray("sgd", "adam", "rmsprop");
                }
                else if (parameter!["activeWhen"] is JsonObject when)
                {
                    when["choices"] = new JsonArray(0);
                }
            }

            var changed = AttrTune.SearchSpaces.SearchSpaceDescriptor.FromJson(space.ToJsonString());
            fingerprint = changed.Fingerprint;
            target.AdoptSpace(copy.Id, fingerprint, changed.ToString(), changed.ToJson());
        }

        string url = "sqlite:///" + path;
        ProcessResult show = _tool.Run("show", "changed", "--storage", url);
        Assert.True(show.ExitCode == 0, show.ToString());
        string flat = System.Text.RegularExpressions.Regex.Replace(show.Output, @"\s+", " ");
        Assert.Contains($": {original.Count} trials; v1 {fingerprint} from ", flat, StringComparison.Ordinal);
        Assert.Contains("spaces v0 ", flat, StringComparison.Ordinal);

        string file = Path.Combine(_tool.WorkDirectory, "changed-space.csv");
        ProcessResult export = _tool.Run("export", "changed", "-o", file, "--storage", url);
        Assert.True(export.ExitCode == 0, export.ToString());
        using CsvReader csv = CsvReader.FromText(File.ReadAllText(file), CsvReaderOptions.Default with { Separator = ',', HasHeader = true, DetectSeparatorHint = false, MalformedData = CsvMalformedDataHandling.Throw });
        Assert.True(csv.Read());
        int optimizer = Array.IndexOf(csv.Headers.ToArray(), "Optimizer");
        int version = Array.IndexOf(csv.Headers.ToArray(), "space_version");
        Assert.True(optimizer >= 0 && version >= 0, string.Join(",", csv.Headers));
        string[] labels = ["adam", "sgd"];
        int row = 0;
        do
        {
            string[] cells = csv.Current.ToArray();
            FrozenTrial trial = original[row++];
            Assert.Equal("0", cells[version]);
            Assert.Equal(trial.Parameters.TryGetValue("Optimizer", out double index) ? labels[(int)index] : string.Empty, cells[optimizer]);
        }
        while (csv.Read());
        Assert.Equal(original.Count, row);
    }
}
