using System;
using System.Collections.Generic;
using System.Data.Common;
using System.IO;
using System.Linq;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Storage;

/// <summary>
/// A storage opened for one command, with the checks a user needs explained: a bad URL, a missing file (never
/// created by a command that only reads), a study that is not there (with the closest name).
/// </summary>
internal sealed class OpenedStorage : IDisposable
{
    private readonly OlderSchemaSnapshot? _snapshot;

    private OpenedStorage(IStudyStorage storage, string display, OlderSchemaSnapshot? snapshot)
    {
        Storage = storage;
        Display = display;
        _snapshot = snapshot;
    }

    public IStudyStorage Storage { get; }

    /// <summary>
    /// Whether the storage is a private copy of a file of an older schema (see <see cref="OlderSchemaSnapshot"/>): it
    /// reads as the file was when opened and never changes.
    /// </summary>
    public bool IsSnapshot => _snapshot is not null;

    /// <summary>The URL as messages show it (without a password).</summary>
    public string Display { get; }

    /// <summary>Opens the storage at <paramref name="url"/>.</summary>
    /// <param name="url">The storage URL.</param>
    /// <param name="mustExist">True for every command but the target of a copy: a missing file is an error, not a new study file.</param>
    /// <param name="readOnly">True for a command that only reads: a file of an older schema is read from a copy, not migrated.</param>
    /// <exception cref="CliException">The URL is bad or the file is missing.</exception>
    public static OpenedStorage Open(string url, bool mustExist, bool readOnly)
    {
        string display = StudyStorage.Redact(url);
        string? path = StorageUrl.SqlitePath(url);
        if (mustExist && path is not null)
        {
            if (Directory.Exists(path))
            {
                throw new CliException(ExitCodes.NotAStudyDatabase, $"{display}: {Path.GetFullPath(path)} is a folder, not a study database file.");
            }

            if (!File.Exists(path))
            {
                throw new CliException(ExitCodes.StorageFileNotFound, $"{display}: the file {Path.GetFullPath(path)} does not exist (sqlite:/// is followed by a path relative to the current folder, sqlite://// by an absolute one).");
            }
        }

        OlderSchemaSnapshot? snapshot = readOnly && path is not null && File.Exists(path) ? OlderSchemaSnapshot.TakeIfOlder(path) : null;
        try
        {
            return new OpenedStorage(snapshot is null ? StudyStorage.Open(url) : new SqliteStorage(snapshot.Path), display, snapshot);
        }
        catch (ArgumentException bad)
        {
            // ArgumentException appends " (Parameter 'url')", which means nothing to a user of the tool.
            string message = bad.ParamName is null ? bad.Message : bad.Message.Replace($" (Parameter '{bad.ParamName}')", string.Empty, StringComparison.Ordinal);
            snapshot?.Dispose();
            throw new CliException(ExitCodes.BadStorageUrl, message, bad);
        }
        catch (DbException unreachable)
        {
            // A database server that refuses or cannot be reached: say which (without the password) and why.
            snapshot?.Dispose();
            throw new CliException(ExitCodes.Unexpected, $"Cannot open {display}: {StudyStorage.Redact(unreachable.Message)}", unreachable);
        }
        catch
        {
            snapshot?.Dispose();
            throw;
        }
    }

    /// <summary>The study named <paramref name="name"/>.</summary>
    /// <exception cref="CliException">There is none; the message suggests the closest name and lists them all.</exception>
    public StudyRecord FindStudy(string name)
    {
        if (Storage.FindStudy(name) is { } study)
        {
            return study;
        }

        IReadOnlyList<string> names = Storage.GetStudyNames();
        if (names.Count == 0)
        {
            throw new CliException(ExitCodes.StudyNotFound, $"There is no study '{name}' in {Display}: it holds no studies.");
        }

        string closest = EditDistance.Closest(name, names)!;
        throw new CliException(
            ExitCodes.StudyNotFound,
            $"There is no study '{name}' in {Display}. Did you mean '{closest}'? Its studies: {string.Join(", ", names.Select(n => $"'{n}'"))}.");
    }

    /// <summary>The study's search space as stored, or null when the study was stored without one (values are then shown as stored).</summary>
    public static SearchSpaceDescriptor? SpaceOf(StudyRecord study) => study.Space;

    public void Dispose()
    {
        Storage.Dispose();
        _snapshot?.Dispose();
    }
}
