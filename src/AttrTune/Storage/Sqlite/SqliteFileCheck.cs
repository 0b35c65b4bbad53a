using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace AttrTune.Storage;

/// <summary>What a file holds, as far as opening it for studies is concerned.</summary>
internal enum SqliteFileKind
{
    /// <summary>No file, or an empty one: AttrTune creates it.</summary>
    Empty,

    /// <summary>A SQLite database without tables: AttrTune creates its schema in it.</summary>
    New,

    /// <summary>An AttrTune study file of this schema version or an older one.</summary>
    Ours,
}

/// <summary>
/// Looks at a file before anything writes to it. A study file is opened; a new or empty one is created; anything
/// else (a database of another application, a study file of a newer version, a text file, a damaged file) is refused
/// with a message that names the file and what was found, and the file is left byte for byte as it was: the look is
/// taken through a read-only connection that creates no -wal, -shm or -journal file.
/// </summary>
/// <remarks>
/// A database file is only ever opened through SQLite here, never with a descriptor of its own: on POSIX systems,
/// closing any descriptor of a file drops every lock this process holds on it, including those of another open
/// SqliteStorage on the same file, which SQLite cannot then protect. (SQLite's own descriptors are shared and closed
/// safely.) Only a file SQLite has refused as "not a database" is read directly, to say what it is.
/// </remarks>
internal static class SqliteFileCheck
{
    /// <summary>The tables every study file has had since schema version 1.</summary>
    private static readonly string[] StudyTables = ["schema_version", "studies", "trials", "trial_params", "trial_intermediate", "trial_attributes", "workers", "trial_checkpoints"];

    private static ReadOnlySpan<byte> SqliteHeader => "SQLite format 3\0"u8;

    /// <summary>SQLITE_READONLY_ROLLBACK: a hot journal that a read-only connection cannot roll back.</summary>
    private const int ReadOnlyRollback = 776;

    /// <summary>Classifies the file at <paramref name="path"/> without writing anything, or throws why it cannot be used.</summary>
    /// <exception cref="StorageOpenException">The file cannot be used, and why.</exception>
    /// <exception cref="UnsupportedSchemaException">The file was written by a newer schema version.</exception>
    public static SqliteFileKind Inspect(string path, TimeSpan busyTimeout)
    {
        try
        {
            return InspectOnce(path, busyTimeout);
        }
        catch (StorageOpenException e) when (e.Problem is StorageOpenProblem.NotADatabase or StorageOpenProblem.Damaged)
        {
            // The look takes no lock on a file without a -wal file: another process creating it, writing it (a
            // rollback-journal database) or checkpointing it as it closes can tear what was read. Only a verdict that
            // stands a second look is reported.
            Thread.Sleep(50);
            return InspectOnce(path, busyTimeout);
        }
    }

    private static SqliteFileKind InspectOnce(string path, TimeSpan busyTimeout)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new StorageOpenException(path, StorageOpenProblem.PathIsFolder, $"{path} is a folder, not a study file; give the path of a file (a new one, or one AttrTune created).");
        }

        if (FolderProblem(path) is { } missing)
        {
            throw missing;
        }

        var file = new FileInfo(full);
        if (!file.Exists || file.Length == 0)
        {
            return SqliteFileKind.Empty;
        }

        // Without a -wal file the whole database is in the main file, and "immutable" reads it without creating a -wal
        // or -shm file (a read-only connection to a WAL database would create both, and leave them behind), without
        // taking a lock and without reading a journal. With a -wal file, another process has it open (or crashed with
        // it open), and the look goes through its WAL like any reader.
        bool immutable = !File.Exists(full + "-wal");
        try
        {
            return Look(path, full, immutable, busyTimeout);
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == ReadOnlyRollback && !immutable)
        {
            // SQLITE_READONLY_ROLLBACK: a program stopped in the middle of a transaction and left a hot journal,
            // which only a writer may roll back. Look at the file as it is, without the journal: a study file is
            // then opened for writing (and SQLite rolls the transaction back); anything else is refused unchanged.
            try
            {
                return Look(path, full, immutable: true, busyTimeout);
            }
            catch (SqliteException)
            {
                throw new StorageOpenException(
                    path,
                    StorageOpenProblem.Other,
                    $"{path} has an interrupted transaction ({full}-journal is the hot journal of a program that stopped while writing), and cannot be read before it is rolled back. AttrTune rolls back only its own study files and cannot tell whose this is: open it once with the program that wrote it, or with the sqlite3 tool.",
                    e);
            }
        }
        catch (SqliteException e)
        {
            throw Explain(path, e, busyTimeout);
        }
    }

    // One read-only look at the tables.
    private static SqliteFileKind Look(string path, string full, bool immutable, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? FileUri(full) + "?immutable=1" : full,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using (SqliteCommand timeout = connection.CreateCommand())
        {
            timeout.CommandText = $"PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds};";
            timeout.ExecuteNonQuery();
        }

        return Classify(connection, null, path);
    }

    /// <summary>
    /// Classifies an open database by its tables: none -> new; AttrTune's (with a schema version this version reads)
    /// -> ours; a newer schema version -> <see cref="UnsupportedSchemaException"/>; anything else -> refused.
    /// </summary>
    public static SqliteFileKind Classify(SqliteConnection connection, SqliteTransaction? transaction, string path)
    {
        var tables = new List<string>();
        var others = new List<string>();
        using (SqliteCommand command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name;";
            using SqliteDataReader reader = command.ExecuteReader();
            while (reader.Read())
            {
                string type = reader.GetString(0);
                if (type == "table")
                {
                    tables.Add(reader.GetString(1));
                }
                else
                {
                    others.Add($"{reader.GetString(1)} ({type})");
                }
            }
        }

        if (tables.Count == 0 && others.Count == 0)
        {
            return SqliteFileKind.New;
        }

        if (tables.Contains("schema_version") && tables.Contains("studies"))
        {
            long? version = ReadVersion(connection, transaction);
            if (version > SqliteSchema.Version)
            {
                throw new UnsupportedSchemaException(path, version.Value, SqliteSchema.Version);
            }

            if (version >= 1 && StudyTables.All(tables.Contains))
            {
                return SqliteFileKind.Ours;
            }
        }

        tables.Sort(StringComparer.Ordinal);
        string found = tables.Count > 0 ? "tables: " + List(tables) : "no tables, but " + List(others);
        throw new StorageOpenException(
            path,
            StorageOpenProblem.ForeignDatabase,
            $"{path} is a SQLite database of another application ({found}); AttrTune will not write to it. Give the path of a new file, or of a study file AttrTune created.");
    }

    /// <summary>The open failure <paramref name="error"/> of SQLite, in words, with the file named.</summary>
    public static StorageOpenException Explain(string path, SqliteException error, TimeSpan busyTimeout)
    {
        switch (error.SqliteErrorCode)
        {
            case 5 or 6: // SQLITE_BUSY, SQLITE_LOCKED
                return new StorageOpenException(
                    path,
                    StorageOpenProblem.Locked,
                    $"{path} is locked by another process: it held the file for longer than the busy timeout ({busyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s). Try again when it is done, or give SqliteStorageOptions.BusyTimeout more time.",
                    error);
            case 11: // SQLITE_CORRUPT
                return new StorageOpenException(
                    path,
                    StorageOpenProblem.Damaged,
                    $"{path} is damaged: SQLite reports that the database disk image is malformed. AttrTune did not write to it; restore it from a backup, or try the sqlite3 tool's .recover command on a copy.",
                    error);
            case 26: // SQLITE_NOTADB
                return new StorageOpenException(
                    path,
                    StorageOpenProblem.NotADatabase,
                    $"{path} is not a SQLite database{DescribeNonDatabase(path)}. AttrTune did not write to it; give the path of a new file, or of a study file.",
                    error);
            case 13: // SQLITE_FULL
                return new StorageOpenException(path, StorageOpenProblem.Other, $"{path} cannot be opened: the disk (or the file system's quota) is full.", error);
        }

        // Read-only, cannot open, permission, I/O: the file system says which.
        StorageOpenException? found = FolderProblem(path) ?? FileProblem(path, error);
        return found ?? new StorageOpenException(path, StorageOpenProblem.Other, $"{path} cannot be opened: {error.Message}", error);
    }

    /// <summary>The folder of <paramref name="path"/> is missing, or null.</summary>
    private static StorageOpenException? FolderProblem(string path)
    {
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        return Directory.Exists(folder)
            ? null
            : new StorageOpenException(path, StorageOpenProblem.FolderMissing, $"Cannot open {path}: folder {FolderAsGiven(path)} does not exist. Create it first (AttrTune creates the file, not its folder).");
    }

    // Why a file that exists (or should be created) in an existing folder cannot be opened for writing, or null.
    private static StorageOpenException? FileProblem(string path, Exception? inner)
    {
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return new StorageOpenException(path, StorageOpenProblem.PathIsFolder, $"{path} is a folder, not a study file; give the path of a file (a new one, or one AttrTune created).", inner);
        }

        bool exists = File.Exists(full);
        if (FolderWriteProblem(System.IO.Path.GetDirectoryName(full)!) is { } folderProblem)
        {
            string what = exists
                ? $"Cannot open {path}: folder {FolderAsGiven(path)} is read-only, and SQLite needs to create the file's journal (-wal and -shm files) beside it"
                : $"Cannot create {path}: folder {FolderAsGiven(path)} is read-only";
            return new StorageOpenException(path, StorageOpenProblem.ReadOnlyFolder, $"{what} ({folderProblem.Message}).", inner ?? folderProblem);
        }

        if (exists && File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly))
        {
            return ReadOnlyFile(path, inner);
        }

        if (exists && ReadProblem(full) is { } unreadable)
        {
            return new StorageOpenException(path, StorageOpenProblem.AccessDenied, $"{path} cannot be read: {unreadable.Message}", inner ?? unreadable);
        }

        return null;
    }

    /// <summary>
    /// A file SQLite could open only for reading (no write permission, an immutable file, a read-only mount): SQLite
    /// opens it quietly and would fail at the first write, so the storage asks (sqlite3_db_readonly) and refuses it.
    /// </summary>
    public static StorageOpenException ReadOnlyFile(string path, Exception? inner = null) =>
        new(path, StorageOpenProblem.ReadOnlyFile, $"{path} is read-only: SQLite can open it only for reading (no write permission, an immutable file or a read-only mount), and AttrTune needs to write to its study file. Make it writable, or work on a copy.", inner);

    // Asked last, after SQLite failed and the folder and permissions were cleared: SQLite could not open the file, so
    // no SqliteStorage of this process holds it.
    private static Exception? ReadProblem(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e;
        }
    }

    // Only asked after SQLite failed: a probe file (another file, so no lock on the database is touched), created and
    // deleted at once, is the portable way to know.
    private static Exception? FolderWriteProblem(string folder)
    {
        try
        {
            string probe = System.IO.Path.Combine(folder, $".attrtune-probe-{Guid.NewGuid():N}");
            using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e;
        }
    }

    private static long? ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        try
        {
            using SqliteCommand command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT MAX(version) FROM schema_version;";
            return command.ExecuteScalar() is long version ? version : null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            return null; // a schema_version table without a version column: not ours
        }
    }

    // What a file SQLite refused as "not a database" begins with: not SQLite's header (text, or bytes in hex), or
    // SQLite's header followed by nonsense. Read directly: SQLite refused it, so no connection of this process holds it.
    private static string DescribeNonDatabase(string path)
    {
        byte[] header = new byte[100];
        int read;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }

        return read >= SqliteHeader.Length && header.AsSpan(0, SqliteHeader.Length).SequenceEqual(SqliteHeader)
            ? " (it begins with SQLite's header, but what follows is not a database: an encrypted or damaged database looks like this)"
            : $": it does not begin with SQLite's header ({Describe(header[..read])})";
    }

    // The first bytes of a file that is no database, as a reader would recognise them: text, or bytes in hex.
    private static string Describe(byte[] header)
    {
        ReadOnlySpan<byte> start = header.AsSpan(0, Math.Min(header.Length, 24));
        bool text = true;
        var shown = new StringBuilder();
        foreach (byte b in start)
        {
            string? piece = b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                >= 0x20 and <= 0x7E => ((char)b).ToString(),
                _ => null,
            };
            if (piece is null)
            {
                text = false;
                break;
            }

            shown.Append(piece);
        }

        return text
            ? $"it begins with the text \"{shown}{(header.Length > start.Length ? "..." : string.Empty)}\""
            : $"it begins with the bytes {Convert.ToHexString(start[..Math.Min(start.Length, 8)])}";
    }

    private static string FolderAsGiven(string path)
    {
        string? folder = System.IO.Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(folder))
        {
            folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        }

        return System.IO.Path.EndsInDirectorySeparator(folder) ? folder : folder + System.IO.Path.DirectorySeparatorChar;
    }

    private static string List(List<string> names) =>
        names.Count <= 12 ? string.Join(", ", names) : string.Join(", ", names.Take(10)) + $" and {names.Count - 10} more";

    // A SQLite URI for an absolute path: every byte outside the unreserved set is percent-encoded.
    private static string FileUri(string fullPath)
    {
        string path = fullPath.Replace('\\', '/');
        if (!path.StartsWith('/'))
        {
            path = "/" + path; // C:/x -> /C:/x
        }

        var uri = new StringBuilder("file://");
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'/' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~' or (byte)':')
            {
                uri.Append((char)b);
            }
            else
            {
                uri.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return uri.ToString();
    }
}
