using System;
using Spectre.Console.Cli;

namespace AttrTune.Cli;

/// <summary>
/// Turns any exception that reaches the top into an exit code and a message for standard error. The failures a user
/// can cause (a bad URL, a missing file, another application's database, an unknown study, a newer schema) get their
/// own codes and never a stack trace; anything else is a bug or an environment problem, shown as its message with
/// exit code 1, and with the stack trace when --verbose asks for it.
/// </summary>
internal static class ErrorReport
{
    public static int Write(Exception exception, bool verbose)
    {
        (int code, string message) = Classify(exception);
        Console.Error.WriteLine($"attrtune: {message}");
        if (verbose && code == ExitCodes.Unexpected)
        {
            Console.Error.WriteLine(exception.ToString());
        }

        return code;
    }

    public static (int Code, string Message) Classify(Exception exception) => exception switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        StudyNotFoundException notFound => (ExitCodes.StudyNotFound, notFound.Message),
        UnsupportedSchemaException schema => (ExitCodes.SchemaTooNew, schema.Message),
        StorageOpenException { Problem: StorageOpenProblem.NotADatabase or StorageOpenProblem.ForeignDatabase or StorageOpenProblem.Damaged } open =>
            (ExitCodes.NotAStudyDatabase, open.Message),
        StorageOpenException { Problem: StorageOpenProblem.FolderMissing } open => (ExitCodes.StorageFileNotFound, open.Message),
        CorruptStudyException corrupt => (ExitCodes.NotAStudyDatabase, corrupt.Message),
        CommandParseException or CommandRuntimeException => (ExitCodes.Usage, exception.Message + " (see attrtune --help)"),
        _ => (ExitCodes.Unexpected, exception.Message),
    };
}
