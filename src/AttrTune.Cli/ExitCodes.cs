using System.Collections.Generic;

namespace AttrTune.Cli;

/// <summary>
/// The process exit codes of <c>attrtune</c>. Each failure a script may want to tell apart has its own code; they are
/// listed in <c>--help</c> and the README, so a number here is a promise: never reuse or renumber one.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int BadStorageUrl = 3;
    public const int StorageFileNotFound = 4;
    public const int NotAStudyDatabase = 5;
    public const int StudyNotFound = 6;
    public const int SchemaTooNew = 7;
    public const int Refused = 8;
    public const int TooFewCompleteTrials = 9;
    public const int NoStoredSpace = 10;
    public const int StudyExists = 11;
    public const int CannotFollowOlderSchema = 12;

    /// <summary>Every code with what it means, in the order the help lists them.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> All { get; } =
    [
        (Success, "success"),
        (Unexpected, "unexpected error (its message; the stack trace with --verbose)"),
        (Usage, "bad command line: unknown command or option, missing or invalid argument"),
        (BadStorageUrl, "bad or missing storage URL (--storage or ATTRTUNE_STORAGE)"),
        (StorageFileNotFound, "the storage file does not exist"),
        (NotAStudyDatabase, "the file is not an AttrTune study database"),
        (StudyNotFound, "no study of that name (the closest name is suggested)"),
        (SchemaTooNew, "the storage was written by a newer AttrTune than this tool"),
        (Refused, "delete refused: not confirmed (no terminal to ask on and no --yes, or answered no)"),
        (TooFewCompleteTrials, "too few complete trials: best needs one, importance two"),
        (NoStoredSpace, "importance: the study was stored without its search space (by an older release)"),
        (StudyExists, "copy: the target already holds a study of that name"),
        (CannotFollowOlderSchema, "tail: the file has an older schema, which only a migration (a write) would let it follow"),
    ];
}
