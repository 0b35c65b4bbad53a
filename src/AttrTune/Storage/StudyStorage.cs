using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace AttrTune.Storage;

/// <summary>
/// Storage by URL, the one way the library, the samples and the <c>attrtune</c> tool name a storage, and study-level
/// operations that work between any two backends.
/// </summary>
/// <remarks>
/// URLs follow Optuna's (SQLAlchemy's) syntax so a user of both writes the same thing:
/// <list type="bullet">
/// <item><c>sqlite:///studies.db</c>: a SQLite file relative to the working directory.</item>
/// <item><c>sqlite:////var/studies/studies.db</c>: an absolute path (four slashes).</item>
/// <item><c>memory:</c>: a new in-memory storage (tests, quick experiments).</item>
/// <item><c>postgresql://user:password@host:5432/database</c> (or <c>postgres://</c>): a PostgreSQL database shared by
/// workers on many machines (<see cref="PostgresStorage"/>); query parameters are Npgsql keywords.</item>
/// <item>A plain file path (no scheme) is read as a SQLite file.</item>
/// </list>
/// </remarks>
public static partial class StudyStorage
{
    private const string SqlitePrefix = "sqlite:///";

    /// <summary>Opens the storage <paramref name="url"/> names.</summary>
    /// <exception cref="ArgumentException">The URL is empty, has an unknown scheme or no path; the message shows it with any password hidden.</exception>
    /// <exception cref="StorageOpenException">The SQLite file cannot be opened (missing folder, not a database, locked).</exception>
    /// <exception cref="Npgsql.NpgsqlException">The PostgreSQL server cannot be reached or refuses the login.</exception>
    /// <exception cref="UnsupportedSchemaException">The file was written by a newer version of AttrTune.</exception>
    public static IStudyStorage Open(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string trimmed = url.Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The storage URL is empty; give one such as sqlite:///studies.db.", nameof(url));
        }

        if (trimmed.Equals("memory:", StringComparison.OrdinalIgnoreCase))
        {
            return new InMemoryStorage();
        }

        if (trimmed.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            string path = Uri.UnescapeDataString(trimmed[SqlitePrefix.Length..]);
            if (path.Length == 0)
            {
                throw new ArgumentException($"The storage URL '{Redact(trimmed)}' names no file; write sqlite:///relative/path.db or sqlite:////absolute/path.db.", nameof(url));
            }

            return new SqliteStorage(path);
        }

        int scheme = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            string name = trimmed[..scheme];
            if (name.Equals("postgresql", StringComparison.OrdinalIgnoreCase) || name.Equals("postgres", StringComparison.OrdinalIgnoreCase))
            {
                return new PostgresStorage(trimmed);
            }

            throw new ArgumentException($"The storage URL '{Redact(trimmed)}' has the scheme '{name}', which is not supported: the schemes are sqlite:///, postgresql:// and memory:.", nameof(url));
        }

        if (trimmed.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The storage URL '{Redact(trimmed)}' is not a SQLite URL: write sqlite:///relative/path.db or sqlite:////absolute/path.db (three slashes, then the path).", nameof(url));
        }

        return new SqliteStorage(trimmed);
    }

    /// <summary>
    /// <paramref name="url"/> as it may be shown: the password of a <c>scheme://user:password@host</c> URL and of a
    /// <c>Password=</c> connection-string key replaced by <c>***</c>.
    /// </summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string withoutUserInfo = UserInfoPassword().Replace(url, "$1***@");
        return PasswordKey().Replace(withoutUserInfo, "$1***");
    }

    /// <summary>
    /// The study's trials with every trial of an earlier space (a study resumed with a changed space,
    /// <see cref="StudyOptions.AcceptChangedSpace"/>) expressed in its current space, for tools that read trials through
    /// the current space (<see cref="StudyRecord.Space"/>): a parameter the current space lacks, or whose value it does
    /// not allow, is left out, and a choice is matched by its value, not its index. Each trial keeps its
    /// <see cref="FrozenTrial.SpaceVersion"/>. For a study whose space never changed, <see cref="IStudyStorage.GetTrials(long)"/>.
    /// </summary>
    public static IReadOnlyList<FrozenTrial> GetTrialsInCurrentSpace(IStudyStorage storage, StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(study);
        IReadOnlyList<FrozenTrial> trials = storage.GetTrials(study.Id);
        if (study.SpaceVersion == 0 || study.Space is not { } space)
        {
            return trials;
        }

        var projection = new SearchSpaces.SpaceProjection(space, study.SpaceVersion, storage.GetSpaceHistory(study.Id));
        return trials.Select(projection.ProjectFitting).ToList();
    }

    /// <summary>
    /// Copies the study <paramref name="studyName"/> from <paramref name="source"/> to <paramref name="target"/>
    /// (under <paramref name="newName"/>, or its own name): its direction and space, then every trial as it is
    /// (states, values, parameters, reports, attributes, times, workers, failures) in number order, and the
    /// checkpoints when both storages keep them. A copy that fails part-way is deleted, so the target never holds
    /// half a study.
    /// </summary>
    /// <returns>The copied study in <paramref name="target"/>.</returns>
    /// <exception cref="StudyNotFoundException">The source has no such study; the message lists the ones it has.</exception>
    /// <exception cref="ArgumentException">The target already holds a study of that name.</exception>
    public static StudyRecord CopyStudy(IStudyStorage source, string studyName, IStudyStorage target, string? newName = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(studyName);
        ArgumentNullException.ThrowIfNull(target);
        StudyRecord study = source.FindStudy(studyName) ?? throw NotFound(source, studyName);
        string name = newName ?? studyName;
        if (target.FindStudy(name) is not null)
        {
            throw new ArgumentException($"The target storage already holds a study named '{name}'; copy under another name (newName) or delete it first.", nameof(newName));
        }

        IReadOnlyList<FrozenTrial> trials = source.GetTrials(study.Id);
        IReadOnlyList<StudySpace> spaces = source.GetSpaceHistory(study.Id);

        // The copy goes through the same spaces in the same order, so each trial's space version means the same there.
        StudySpace first = spaces[0];
        StudyRecord copy = target.CreateOrLoadStudy(name, study.Direction, first.Fingerprint, first.Description, first.SpaceJson, study.MetricsJson);
        try
        {
            foreach (StudySpace later in spaces.Skip(1))
            {
                copy = target.AdoptSpace(copy.Id, later.Fingerprint, later.Description, later.SpaceJson);
            }

            foreach (FrozenTrial trial in trials)
            {
                FrozenTrial imported = target.ImportTrial(copy.Id, trial);
                if (source is ICheckpointStore from && target is ICheckpointStore to && from.LoadCheckpoint(trial.Id) is { } checkpoint)
                {
                    to.SaveCheckpoint(imported.Id, checkpoint);
                }
            }
        }
        catch
        {
            target.DeleteStudy(copy.Id);
            throw;
        }

        return copy;
    }

    /// <summary>Deletes the study <paramref name="studyName"/> and all its trials.</summary>
    /// <exception cref="StudyNotFoundException">There is no such study; the message lists the ones there are.</exception>
    public static void DeleteStudy(IStudyStorage storage, string studyName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(studyName);
        StudyRecord study = storage.FindStudy(studyName) ?? throw NotFound(storage, studyName);
        storage.DeleteStudy(study.Id);
    }

    /// <summary>Renames the study <paramref name="studyName"/> to <paramref name="newName"/>.</summary>
    /// <exception cref="StudyNotFoundException">There is no such study; the message lists the ones there are.</exception>
    /// <exception cref="ArgumentException">Another study already has <paramref name="newName"/>.</exception>
    public static void RenameStudy(IStudyStorage storage, string studyName, string newName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(studyName);
        StudyRecord study = storage.FindStudy(studyName) ?? throw NotFound(storage, studyName);
        storage.RenameStudy(study.Id, newName);
    }

    /// <summary>
    /// Every study of <paramref name="storage"/> with its summary (trials by state, best trial, first start, last
    /// activity), in name order (ordinal). Each study's trials are read once; a study deleted by another process
    /// while the list is read is left out.
    /// </summary>
    public static IReadOnlyList<StudySummary> GetStudySummaries(IStudyStorage storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var summaries = new List<StudySummary>();
        foreach (string name in storage.GetStudyNames())
        {
            if (storage.FindStudy(name) is { } study)
            {
                summaries.Add(StudySummary.Read(storage, study));
            }
        }

        return summaries;
    }

    /// <summary>The summary of the study <paramref name="studyName"/>.</summary>
    /// <exception cref="StudyNotFoundException">There is no such study; the message lists the ones there are.</exception>
    public static StudySummary GetStudySummary(IStudyStorage storage, string studyName)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(studyName);
        StudyRecord study = storage.FindStudy(studyName) ?? throw NotFound(storage, studyName);
        return StudySummary.Read(storage, study);
    }

    private static StudyNotFoundException NotFound(IStudyStorage storage, string studyName)
    {
        IReadOnlyList<string> names = storage.GetStudyNames();
        string list = names.Count == 0 ? "it holds no study" : "it holds " + string.Join(", ", names.Select(n => $"'{n}'"));
        return new StudyNotFoundException(studyName, names, $"There is no study named '{studyName}': {list}.");
    }

    [GeneratedRegex(@"(://[^:/@]*:)[^@/]*@")]
    private static partial Regex UserInfoPassword();

    [GeneratedRegex(@"((?:^|;)\s*(?:Password|Pwd)\s*=)[^;]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordKey();
}
