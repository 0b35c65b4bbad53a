using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// tail in a real terminal: tmux runs it in a detached session, another process adds trials to the study, and the
/// pane must show them while tail keeps running.
/// </summary>
public sealed class TailTests
{
    private const string Tmux = "/usr/bin/tmux";

    private readonly InstalledTool _tool;

    public TailTests() => _tool = InstalledTool.Shared;

    [Fact]
    public void Tail_shows_trials_another_process_adds_within_seconds_and_stops_on_ctrl_c()
    {
        Assert.True(File.Exists(Tmux), "tail is tested in tmux, which is not installed at " + Tmux);
        _tool.CopyStudyFile("tail.db");
        string session = "attrtune-tail-" + Environment.ProcessId;
        string socket = Path.Combine(_tool.WorkDirectory, "tmux.sock");
        string command = $"cd '{_tool.WorkDirectory}' && DOTNET_ROOT='{DotnetRoot()}' '{_tool.Executable}' tail demo --interval 0.2 --storage sqlite:///tail.db; echo tail-exit-$?; sleep 30";
        Tmux2(socket, "new-session", "-d", "-s", session, "-x", "220", "-y", "50", command);
        try
        {
            string pane = WaitFor(socket, session, "Ctrl+C to stop", TimeSpan.FromSeconds(15));
            Assert.DoesNotContain("│ 30 │", pane, StringComparison.Ordinal);

            ProcessResult added = Run(InstalledTool.Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", _tool.WorkDirectory, [_tool.MakerDll, "add", Path.Combine(_tool.WorkDirectory, "tail.db"), "demo", "3", "0"]));
            Assert.True(added.ExitCode == 0, added.ToString());

            pane = WaitFor(socket, session, "│ 32 │", TimeSpan.FromSeconds(5));
            Assert.Contains("│ 30 │", pane, StringComparison.Ordinal);
            Assert.Contains("│ 31 │", pane, StringComparison.Ordinal);
            Assert.Contains("33 trials", pane, StringComparison.Ordinal);

            Tmux2(socket, "send-keys", "-t", session, "C-c");
            WaitFor(socket, session, "tail-exit-0", TimeSpan.FromSeconds(5));
        }
        finally
        {
            Run(Start(socket, "kill-server"));
        }
    }

    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? Path.GetDirectoryName(host)! : "/usr/share/dotnet";

    private static string WaitFor(string socket, string session, string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        string pane = string.Empty;
        while (clock.Elapsed < limit)
        {
            pane = Tmux2(socket, "capture-pane", "-p", "-t", session).Output;
            if (pane.Contains(text, StringComparison.Ordinal))
            {
                return pane;
            }

            // Polling a terminal has no event to wait on; a short pause between looks is all there is.
            Thread.Sleep(100);
        }

        Assert.Fail($"'{text}' did not appear within {limit.TotalSeconds} s; the pane shows:\n{pane}");
        return pane;
    }

    private static ProcessResult Tmux2(string socket, params string[] arguments)
    {
        ProcessResult result = Run(Start(socket, arguments));
        Assert.True(result.ExitCode == 0, $"tmux {string.Join(' ', arguments)}: {result}");
        return result;
    }

    private static ProcessStartInfo Start(string socket, params string[] arguments)
    {
        ProcessStartInfo start = InstalledTool.Start(Tmux, Path.GetTempPath(), ["-S", socket, .. arguments]);
        start.Environment["TERM"] = "xterm-256color";
        return start;
    }

    private static ProcessResult Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output, error);
    }
}
