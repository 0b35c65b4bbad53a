using System;
using System.IO;
using System.Text.Json.Nodes;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// A file written by a release before the space was stored: the read commands show the stored values (a choice as its
/// index) and the space as it was described, and leave the file byte for byte as it was (no migration on a look).
/// </summary>
public sealed class OlderReleaseTests
{
    private readonly InstalledTool _tool;

    public OlderReleaseTests() => _tool = InstalledTool.Shared;

    [Fact]
    public void Read_commands_on_an_older_schema_show_stored_values_and_do_not_migrate_the_file()
    {
        string file = Path.Combine(_tool.WorkDirectory, "released.db");
        File.Copy(Path.Combine(_tool.RepositoryRoot, "tests", "AttrTune.Tests", "Fixtures", "released-schema-2.db"), file);
        byte[] before = File.ReadAllBytes(file);

        ProcessResult show = _tool.Run("show", "released", "--storage", "sqlite:///released.db");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Kind: Choice<System.String>[\"a\", \"b\", \"c\"]", show.Output, StringComparison.Ordinal);
        Assert.Contains("values are shown as stored", show.Output, StringComparison.Ordinal);

        ProcessResult best = _tool.Run("best", "released", "--storage", "sqlite:///released.db");
        Assert.True(best.ExitCode == 0, best.ToString());
        JsonObject config = JsonNode.Parse(best.Output)!.AsObject();
        Assert.Equal(2, config["Kind"]!.GetValue<double>());
        Assert.Equal(3, config["Depth"]!.GetValue<double>());

        foreach (string command in new[] { "studies", "trials" })
        {
            ProcessResult result = command == "studies"
                ? _tool.Run(command, "--storage", "sqlite:///released.db")
                : _tool.Run(command, "released", "--format", "csv", "--storage", "sqlite:///released.db");
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        ProcessResult importance = _tool.Run("importance", "released", "--storage", "sqlite:///released.db");
        Assert.True(importance.ExitCode == 10, importance.ToString());
        Assert.Contains("did not keep its search space", importance.Error, StringComparison.Ordinal);

        ProcessResult tail = _tool.Run("tail", "released", "--storage", "sqlite:///released.db");
        Assert.True(tail.ExitCode == 12, tail.ToString());
        Assert.Contains("older AttrTune release", tail.Error, StringComparison.Ordinal);

        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.False(File.Exists(file + "-wal"));
    }
}
