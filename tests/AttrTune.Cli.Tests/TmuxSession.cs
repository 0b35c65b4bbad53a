using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// A command running in a real terminal: a detached tmux session on a private socket, whose screen is read with
/// capture-pane and typed into with send-keys. The server is killed on dispose.
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    private const string Tmux = "/usr/bin/tmux";

    private readonly string _socket;
    private readonly string _name;

    /// <summary>Starts <paramref name="shellCommand"/> (run by sh, in a 220×50 terminal), then a 30 s pause so its last screen stays readable.</summary>
    public TmuxSession(string workDirectory, string name, string shellCommand)
    {
        Assert.True(File.Exists(Tmux), "the terminal tests run under tmux, which is not installed at " + Tmux);
        _socket = Path.Combine(workDirectory, name + ".tmux");
        _name = name;
        string root = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? Path.GetDirectoryName(host)! : "/usr/share/dotnet";
        Run("new-session", "-d", "-s", name, "-x", "220", "-y", "50", $"cd '{workDirectory}' && export DOTNET_ROOT='{root}' && {shellCommand}; echo exit-code-$?; sleep 30");
    }

    /// <summary>Waits until the screen shows <paramref name="text"/> and returns the screen; fails with the screen after <paramref name="limit"/>.</summary>
    public string WaitFor(string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        string screen = string.Empty;
        while (clock.Elapsed < limit)
        {
            screen = Run("capture-pane", "-p", "-t", _name).Output;
            if (screen.Contains(text, StringComparison.Ordinal))
            {
                return screen;
            }

            // A terminal has no event to wait on; a short pause between looks is all there is.
            Thread.Sleep(100);
        }

        Assert.Fail($"'{text}' did not appear within {limit.TotalSeconds} s; the screen shows:\n{screen}");
        return screen;
    }

    /// <summary>Types keys as tmux names them (<c>C-c</c>, <c>Enter</c>, or literal text).</summary>
    public void Send(params string[] keys) => Run(["send-keys", "-t", _name, .. keys]);

    public void Dispose() => Run("kill-server");

    private ProcessResult Run(params string[] arguments)
    {
        ProcessStartInfo start = InstalledTool.Start(Tmux, Path.GetTempPath(), ["-S", _socket, .. arguments]);
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var result = new ProcessResult(process.ExitCode, output, error);
        Assert.True(arguments[0] == "kill-server" || result.ExitCode == 0, $"tmux {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
