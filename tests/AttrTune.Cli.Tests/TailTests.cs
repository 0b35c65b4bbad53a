using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>tail follows a study while another process adds trials to it: in a terminal (tmux) and piped.</summary>
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class TailTests
{
    private readonly InstalledTool _tool;

    public TailTests() => _tool = InstalledTool.Shared;

    [Fact]
    public void In_a_terminal_tail_shows_trials_another_process_adds_within_seconds_and_ends_on_ctrl_c_with_exit_0()
    {
        _tool.CopyStudyFile("tail.db");
        using var terminal = new TmuxSession(_tool.WorkDirectory, "tail-" + Environment.ProcessId, $"'{_tool.Executable}' tail demo --interval 0.2 --storage sqlite:///tail.db");
        string screen = terminal.WaitFor("Ctrl+C to stop", TimeSpan.FromSeconds(15));
        Assert.DoesNotContain("│ 30 │", screen, StringComparison.Ordinal);

        AddTrials("tail.db", 3);
        screen = terminal.WaitFor("│ 32 │", TimeSpan.FromSeconds(10));
        Assert.Contains("│ 30 │", screen, StringComparison.Ordinal);
        Assert.Contains("│ 31 │", screen, StringComparison.Ordinal);
        Assert.Contains("33 trials", screen, StringComparison.Ordinal);

        terminal.Send("C-c");
        terminal.WaitFor("exit-code-0", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Piped_tail_prints_a_line_per_finished_trial()
    {
        _tool.CopyStudyFile("tail-piped.db");
        ProcessStartInfo start = InstalledTool.Start(_tool.Executable, _tool.WorkDirectory, ["tail", "demo", "--interval", "0.2", "--storage", "sqlite:///tail-piped.db"]);
        using var tail = Process.Start(start)!;
        try
        {
            Assert.StartsWith("Following study 'demo' in sqlite:///tail-piped.db from trial 30 on", tail.StandardOutput.ReadLine(), StringComparison.Ordinal);
            AddTrials("tail-piped.db", 2);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Assert.StartsWith("trial 30 Complete value ", await tail.StandardOutput.ReadLineAsync(limit.Token), StringComparison.Ordinal);
            Assert.StartsWith("trial 31 Complete value ", await tail.StandardOutput.ReadLineAsync(limit.Token), StringComparison.Ordinal);
        }
        finally
        {
            tail.Kill(entireProcessTree: true);
        }
    }

    // Another process, as a running study's workers are: the study maker built from the packed package.
    private void AddTrials(string file, int count)
    {
        ProcessStartInfo start = InstalledTool.Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", _tool.WorkDirectory, [_tool.MakerDll, "add", Path.Combine(_tool.WorkDirectory, file), "demo", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "0"]);
        using var maker = Process.Start(start)!;
        maker.StandardInput.Close();
        string output = maker.StandardOutput.ReadToEnd() + maker.StandardError.ReadToEnd();
        maker.WaitForExit();
        Assert.True(maker.ExitCode == 0, output);
    }
}
