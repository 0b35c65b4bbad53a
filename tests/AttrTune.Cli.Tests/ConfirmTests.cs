using System;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>delete in a terminal asks, and only "y" deletes.</summary>
public sealed class ConfirmTests
{
    private readonly InstalledTool _tool;

    public ConfirmTests() => _tool = InstalledTool.Shared;

    [Theory]
    [InlineData("n", 8)]
    [InlineData("y", 0)]
    public void Delete_in_a_terminal_asks_and_deletes_only_on_yes(string answer, int exitCode)
    {
        string file = _tool.CopyStudyFile($"confirm-{answer}.db");
        using var terminal = new TmuxSession(_tool.WorkDirectory, $"confirm-{answer}-{Environment.ProcessId}", $"'{_tool.Executable}' delete other --storage sqlite:///confirm-{answer}.db");
        terminal.WaitFor("Delete study 'other' (4 trials) from sqlite:///confirm-" + answer + ".db?", TimeSpan.FromSeconds(15));
        terminal.Send(answer, "Enter");
        terminal.WaitFor("exit-code-" + exitCode, TimeSpan.FromSeconds(10));

        using var library = new LibraryView(file);
        Assert.Equal(answer == "n", library.Storage.FindStudy("other") is not null);
        Assert.NotNull(library.Storage.FindStudy("demo"));
    }
}
