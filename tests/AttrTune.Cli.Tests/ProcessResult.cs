namespace AttrTune.Cli.Tests;

/// <summary>How a process ended: its exit code and what it wrote to each stream.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
