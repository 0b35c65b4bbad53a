using System;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Storage;

/// <summary>
/// The library calls the tool needs that the library does not offer yet (StudyStorage.Open, DeleteStudy,
/// CopyStudy, StudyRecord.Space, FrozenTrial.Failure). Every use goes through here, so that when they land each
/// member becomes a one-line call and this file goes away. Until then: sqlite: URLs open a SqliteStorage, the space
/// is unknown (values are shown as stored), and delete and copy say they are not available.
/// </summary>
internal static class PendingLibraryApi
{
    public static IStudyStorage Open(string url)
    {
        if (StorageUrl.SqlitePath(url) is { } path)
        {
            return new SqliteStorage(path);
        }

        if (url.Equals("memory:", StringComparison.OrdinalIgnoreCase))
        {
            return new InMemoryStorage();
        }

        throw new ArgumentException($"Storage URL '{StorageUrl.Redact(url)}' is not one this tool opens: use sqlite:///relative/file.db or sqlite:////absolute/file.db.", nameof(url));
    }

    public static SearchSpaceDescriptor? SpaceOf(StudyRecord study) => study is null ? null : null;

    public static string? FailureMessage(FrozenTrial trial) => trial.FailReason;

    public static void DeleteStudy(IStudyStorage storage, long studyId) =>
        throw new CliException(ExitCodes.NotAvailable, "delete is not available in this build: the library it was built with cannot delete a study.");

    public static StudyRecord CopyStudy(IStudyStorage source, string studyName, IStudyStorage target, string? newName) =>
        throw new CliException(ExitCodes.NotAvailable, "copy is not available in this build: the library it was built with cannot copy a study.");
}
