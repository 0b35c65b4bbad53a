using System;

namespace AttrTune.Cli;

/// <summary>
/// A failure the tool explains itself: the message is shown as it is, without a stack trace, and the process exits
/// with <see cref="ExitCode"/> (one of <see cref="ExitCodes"/>).
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
