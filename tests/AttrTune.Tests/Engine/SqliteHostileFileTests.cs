using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using AttrTune.Storage;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>
/// SqliteStorage opened on files it must not take over or cannot use: a database of another application, a newer
/// schema, a text file, a damaged file, a missing or read-only folder, a read-only or locked file, and rows changed
/// behind its back. Each is refused (or reported) in words that name the file, the file is left byte for byte as it
/// was, and no handle on it stays open.
/// </summary>
public sealed class SqliteHostileFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-hostile-").FullName;
    private readonly List<Action> _cleanups = new();

    public void Dispose()
    {
        foreach (Action cleanup in _cleanups)
        {
            cleanup();
        }

        Directory.Delete(_directory, recursive: true);
    }

    public static TheoryData<string, string, string> ForeignSchemas => new()
    {
        { "customers", "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Ada');", "customers" },
        { "clashing trials table", "CREATE TABLE trials(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO trials(name) VALUES ('phase 3');", "trials" },
        {
            "Optuna",
            """
            CREATE TABLE studies (study_id INTEGER NOT NULL, study_name VARCHAR(512) NOT NULL, PRIMARY KEY (study_id));
            CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name);
            CREATE TABLE version_info (version_info_id INTEGER NOT NULL, schema_version INTEGER, library_version VARCHAR(256), PRIMARY KEY (version_info_id), CHECK (version_info_id=1));
            CREATE TABLE study_directions (study_direction_id INTEGER NOT NULL, direction VARCHAR(8) NOT NULL, study_id INTEGER NOT NULL, objective INTEGER NOT NULL, PRIMARY KEY (study_direction_id), UNIQUE (study_id, objective), FOREIGN KEY(study_id) REFERENCES studies (study_id));
            CREATE TABLE trials (trial_id INTEGER NOT NULL, number INTEGER, study_id INTEGER, state VARCHAR(8) NOT NULL, datetime_start DATETIME, datetime_complete DATETIME, PRIMARY KEY (trial_id), FOREIGN KEY(study_id) REFERENCES studies (study_id));
            CREATE TABLE trial_params (param_id INTEGER NOT NULL, trial_id INTEGER, param_name VARCHAR(512), param_value FLOAT, distribution_json TEXT, PRIMARY KEY (param_id), UNIQUE (trial_id, param_name), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
            CREATE TABLE trial_values (trial_value_id INTEGER NOT NULL, trial_id INTEGER NOT NULL, objective INTEGER NOT NULL, value FLOAT, value_type VARCHAR(7) NOT NULL, PRIMARY KEY (trial_value_id), UNIQUE (trial_id, objective), FOREIGN KEY(trial_id) REFERENCES trials (trial_id));
            CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
            INSERT INTO alembic_version VALUES ('v3.2.0.a');
            INSERT INTO version_info VALUES (1, 12, '4.1.0');
            INSERT INTO studies VALUES (1, 'optuna-study');
            INSERT INTO trials VALUES (1, 0, 1, 'COMPLETE', '2024-01-01 00:00:00', '2024-01-01 00:00:01');
            """,
            "alembic_version, studies, study_directions, trial_params, trial_values, trials, version_info"
        },
        { "customers, in WAL mode", "PRAGMA journal_mode=WAL; CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers(name) VALUES ('Ada');", "customers" },
        { "AttrTune's studies table without schema_version", "CREATE TABLE studies(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);", "studies" },
        { "schema_version and studies but nothing else", "CREATE TABLE schema_version(version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2); CREATE TABLE studies(id INTEGER PRIMARY KEY, name TEXT);", "schema_version, studies" },
    };

    [Theory]
    [MemberData(nameof(ForeignSchemas))]
    public void A_database_of_another_application_is_refused_and_left_unchanged(string kind, string schema, string tables)
    {
        string path = Path.Combine(_directory, "app.db");
        RunRaw(path, schema);
        string before = Hash(path);

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.True(error.Problem == StorageOpenProblem.ForeignDatabase, kind + ": " + error);
        Assert.Contains($"{path} is a SQLite database of another application (tables: {tables}); AttrTune will not write to it", error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.Path);
        AssertUntouched(path, before);
    }

    [Fact]
    public void A_file_from_a_newer_schema_is_refused_before_anything_is_written()
    {
        // An AttrTune file of a future version in rollback-journal mode: the version is checked before the WAL switch.
        string path = Path.Combine(_directory, "newer.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        RunRaw(path, "PRAGMA journal_mode=DELETE; INSERT INTO schema_version(version) VALUES (99);");
        Assert.Equal(1, JournalFormat(path));
        string before = Hash(path);

        var error = Assert.Throws<UnsupportedSchemaException>(() => new SqliteStorage(path));

        Assert.Equal(99, error.FoundVersion);
        AssertUntouched(path, before);
        Assert.Equal(1, JournalFormat(path));
    }

    [Fact]
    public void Empty_files_and_files_without_tables_are_new_study_files()
    {
        string empty = Path.Combine(_directory, "empty.db");
        File.WriteAllBytes(empty, []);
        string blank = Path.Combine(_directory, "blank.db");
        RunRaw(blank, "PRAGMA user_version = 7;");

        foreach (string path in new[] { empty, blank })
        {
            using var storage = new SqliteStorage(path);
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
            Assert.Equal(new[] { "s" }, storage.GetStudyNames());
        }
    }

    [Fact]
    public void A_study_file_with_tables_of_the_user_added_is_still_a_study_file()
    {
        string path = Path.Combine(_directory, "ours.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        RunRaw(path, "CREATE TABLE my_notes(text TEXT); CREATE VIEW best AS SELECT * FROM trials WHERE state = 2;");
        using var reopened = new SqliteStorage(path);
        Assert.NotNull(reopened.FindStudy("s"));
    }

    [Fact]
    public void The_handle_check_sees_the_handles_of_an_open_storage()
    {
        // The checks above are only as good as this one: an open storage holds the file, its -wal and its -shm.
        string path = Path.Combine(_directory, "open.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
            if (Directory.Exists("/proc/self/fd"))
            {
                Assert.Equal(3, OpenHandles(path).Count);
            }
        }

        AssertNoHandle(path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_file_left_with_a_hot_journal_is_recovered_if_it_is_a_study_file_and_refused_unchanged_if_not(bool studyFile)
    {
        // A program killed in a transaction of a rollback-journal database leaves a hot journal, which only a writer
        // may roll back: the read-only look must still tell a study file (opened, and rolled back) from another
        // application's database (refused, journal and all).
        string original = Path.Combine(_directory, "original.db");
        if (studyFile)
        {
            using var storage = new SqliteStorage(original);
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        RunRaw(original, "PRAGMA journal_mode=DELETE; CREATE TABLE customers(id INTEGER PRIMARY KEY, data BLOB);");
        string path = Path.Combine(_directory, "interrupted.db");
        using (var writer = new SqliteConnection($"Data Source={original};Pooling=False"))
        {
            writer.Open();
            using SqliteCommand command = writer.CreateCommand();
            command.CommandText = "PRAGMA cache_size=2; BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO customers(data) SELECT randomblob(2000) FROM n;";
            command.ExecuteNonQuery();

            // The files as a crash in the middle of the transaction leaves them: pages written, journal hot.
            File.Copy(original, path);
            File.Copy(original + "-journal", path + "-journal");
            command.CommandText = "ROLLBACK;";
            command.ExecuteNonQuery();
        }

        if (studyFile)
        {
            using var storage = new SqliteStorage(path);
            Assert.Equal(new[] { "s" }, storage.GetStudyNames());
            Assert.False(File.Exists(path + "-journal"));
            return;
        }

        string before = Hash(path);
        string journalBefore = Hash(path + "-journal");
        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));
        Assert.Equal(StorageOpenProblem.ForeignDatabase, error.Problem);
        Assert.Contains("(tables: customers)", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(path));
        Assert.Equal(journalBefore, Hash(path + "-journal"));
        AssertNoHandle(path);
    }

    [Fact]
    public void Opening_a_study_file_keeps_the_locks_another_storage_of_this_process_holds_on_it()
    {
        // Closing any descriptor of a file drops every POSIX lock the process holds on it. If the look before opening
        // used a descriptor of its own, the first storage would lose its lock on the file, and another process closing
        // the file would take itself for the last user and delete the WAL under it.
        string path = Path.Combine(_directory, "shared.db");
        using var first = new SqliteStorage(path);
        long study = first.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        using (var second = new SqliteStorage(path))
        {
            Assert.NotNull(second.FindStudy("s"));
        }

        if (!RunTool("sqlite3", path, "SELECT count(*) FROM studies;"))
        {
            return; // no sqlite3 command-line tool here to play the other process
        }

        Assert.True(File.Exists(path + "-wal"), "another process deleted the WAL of an open storage");
        FrozenTrial trial = first.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Worker: "w"))!;
        first.FinishTrial(trial.Id, TrialState.Complete, 1.0, null);
        Assert.Equal(TrialState.Complete, Assert.Single(first.GetTrials(study)).State);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        string folder = Path.Combine(_directory, "missing");
        string path = Path.Combine(folder, "study.db");

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.FolderMissing, error.Problem);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"folder {folder}{Path.DirectorySeparatorChar} does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_folder_is_not_a_study_file()
    {
        string path = Path.Combine(_directory, "a-folder.db");
        Directory.CreateDirectory(path);

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.PathIsFolder, error.Problem);
        Assert.Contains($"{path} is a folder", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(path));
        Assert.False(File.Exists(path + "-wal") || File.Exists(path + "-journal"));
    }

    [Fact]
    public void A_text_file_is_not_a_database()
    {
        string path = Path.Combine(_directory, "notes.db");
        File.WriteAllText(path, "These are my notes, not a database.\n" + new string('x', 5000));
        string before = Hash(path);

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.NotADatabase, error.Problem);
        Assert.Contains($"{path} is not a SQLite database", error.Message, StringComparison.Ordinal);
        AssertUntouched(path, before);
    }

    [Fact]
    public void A_damaged_file_is_named_as_damaged()
    {
        string path = Path.Combine(_directory, "damaged.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        // Page 1 holds the table of tables (sqlite_master) after the 100-byte file header: scribble over it.
        using (FileStream file = File.OpenWrite(path))
        {
            file.Position = 100;
            file.Write(Enumerable.Repeat((byte)0x5A, 900).ToArray());
        }

        string before = Hash(path);

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.Damaged, error.Problem);
        Assert.Contains($"{path} is damaged", error.Message, StringComparison.Ordinal);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
        AssertUntouched(path, before);
    }

    [Fact]
    public void A_read_only_study_file_is_named_as_read_only()
    {
        string path = Path.Combine(_directory, "read-only.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        if (!MakeReadOnly(path))
        {
            return; // this machine cannot make a file read-only for this user (root without chattr)
        }

        string before = Hash(path);

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.ReadOnlyFile, error.Problem);
        Assert.Contains($"{path} is read-only", error.Message, StringComparison.Ordinal);
        AssertUntouched(path, before, renamable: false);
    }

    [Fact]
    public void A_new_file_in_a_read_only_folder_is_refused_with_the_folder_named()
    {
        string folder = Path.Combine(_directory, "locked-folder");
        Directory.CreateDirectory(folder);
        if (!MakeReadOnly(folder))
        {
            return;
        }

        string path = Path.Combine(folder, "study.db");

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.ReadOnlyFolder, error.Problem);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains($"folder {folder}{Path.DirectorySeparatorChar} is read-only", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void A_study_file_in_a_read_only_folder_is_refused_with_the_folder_named()
    {
        // WAL mode needs to create its -wal and -shm files beside the database.
        string folder = Path.Combine(_directory, "locked-folder");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "study.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        if (!MakeReadOnly(folder))
        {
            return;
        }

        string before = Hash(path);

        var error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path));

        Assert.Equal(StorageOpenProblem.ReadOnlyFolder, error.Problem);
        Assert.Contains($"folder {folder}{Path.DirectorySeparatorChar} is read-only", error.Message, StringComparison.Ordinal);
        AssertUntouched(path, before, renamable: false);
    }

    [Fact]
    public void A_file_locked_by_another_process_for_longer_than_the_busy_timeout_is_named_as_locked()
    {
        string path = Path.Combine(_directory, "busy.db");
        using (var storage = new SqliteStorage(path))
        {
            storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C");
        }

        StorageOpenException error;
        using (var holder = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            holder.Open();
            using SqliteTransaction transaction = holder.BeginTransaction(deferred: false);
            using (SqliteCommand write = holder.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = "INSERT INTO workers(id, heartbeat) VALUES ('other', 'now');";
                write.ExecuteNonQuery();
            }

            var watch = Stopwatch.StartNew();
            error = Assert.Throws<StorageOpenException>(() => new SqliteStorage(path, new SqliteStorageOptions { BusyTimeout = TimeSpan.FromSeconds(1) }));
            Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"gave up after {watch.Elapsed}");
        }

        Assert.Equal(StorageOpenProblem.Locked, error.Problem);
        Assert.Contains($"{path} is locked by another process", error.Message, StringComparison.Ordinal);
        Assert.Contains("busy timeout", error.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteException>(error.InnerException);
        AssertNoHandle(path);

        // The holder let go: the file opens.
        using var reopened = new SqliteStorage(path);
        Assert.NotNull(reopened.FindStudy("s"));
    }

    // Tampered rows: a value its column cannot hold is reported with the study, the trial and the column, and
    // the study's other trials stay readable.
    public static TheoryData<string, string, int?> Tamperings => new()
    {
        { "UPDATE trials SET state = 99 WHERE number = 1;", "trials.state", 1 },
        { "UPDATE trials SET value = NULL WHERE number = 1;", "trials.value", 1 },
        { "UPDATE trials SET value = 'fast' WHERE number = 1;", "trials.value", 1 },
        { "UPDATE trials SET completed = 'the day before yesterday' WHERE number = 1;", "trials.completed", 1 },
        { "UPDATE trials SET started = 12345 WHERE number = 1;", "trials.started", 1 },
        { "UPDATE trials SET number = 1099511627776 WHERE number = 1;", "trials.number", null },
        { "UPDATE trial_params SET value = 'wide' WHERE trial_id = (SELECT id FROM trials WHERE number = 1);", "trial_params.value", 1 },
        { "UPDATE trial_intermediate SET value = X'00FF' WHERE trial_id = (SELECT id FROM trials WHERE number = 1);", "trial_intermediate.value", 1 },
        { "UPDATE trial_attributes SET value = CAST(X'C328FF' AS TEXT) WHERE trial_id = (SELECT id FROM trials WHERE number = 1);", "trial_attributes.value", 1 },
    };

    [Theory]
    [MemberData(nameof(Tamperings))]
    public void A_tampered_trial_is_reported_with_the_study_trial_and_column(string tampering, string column, int? trialNumber)
    {
        string path = Path.Combine(_directory, "tampered.db");
        long[] ids = WriteStudyOfThreeTrials(path);
        RunRaw(path, tampering);

        using var storage = new SqliteStorage(path);
        StudyRecord study = storage.FindStudy("tampered study")!;

        var error = Assert.Throws<CorruptStudyException>(() => storage.GetTrials(study.Id));
        Assert.Equal(column, error.Column);
        Assert.Equal("tampered study", error.StudyName);
        Assert.Equal(trialNumber, error.TrialNumber);
        Assert.Equal(path, error.Storage);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("'tampered study'", error.Message, StringComparison.Ordinal);
        Assert.Contains(column, error.Message, StringComparison.Ordinal);
        if (trialNumber is not null)
        {
            Assert.Contains($"trial {trialNumber}", error.Message, StringComparison.Ordinal);
        }

        // The healthy trials are still readable one by one; the tampered one says the same again.
        Assert.Equal(0, storage.GetTrial(ids[0]).Number);
        Assert.Equal(2, storage.GetTrial(ids[2]).Number);
        Assert.Equal(column, Assert.Throws<CorruptStudyException>(() => storage.GetTrial(ids[1])).Column);
    }

    [Fact]
    public void A_tampered_study_direction_is_reported_with_the_study_and_column()
    {
        string path = Path.Combine(_directory, "tampered.db");
        WriteStudyOfThreeTrials(path);
        RunRaw(path, "UPDATE studies SET direction = 7;");

        using var storage = new SqliteStorage(path);

        var error = Assert.Throws<CorruptStudyException>(() => storage.FindStudy("tampered study"));
        Assert.Equal(("studies.direction", "tampered study", (int?)null), (error.Column, error.StudyName, error.TrialNumber));
        Assert.Contains("7", error.Message, StringComparison.Ordinal);
        Assert.Equal("studies.direction", Assert.Throws<CorruptStudyException>(() => storage.CreateOrLoadStudy("tampered study", StudyDirection.Minimize, "f", "T.C")).Column);
    }

    [Fact]
    public void A_trial_repaired_after_a_failed_read_is_read_again()
    {
        // A failed snapshot must not make the storage forget which trials it has to read again.
        string path = Path.Combine(_directory, "repaired.db");
        using var storage = new SqliteStorage(path);
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        FrozenTrial running = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Worker: "w"))!;
        Assert.Equal(TrialState.Running, Assert.Single(storage.GetTrials(study)).State);

        RunRaw(path, "UPDATE trials SET state = 42;");
        Assert.Equal("trials.state", Assert.Throws<CorruptStudyException>(() => storage.GetTrials(study)).Column);

        RunRaw(path, "UPDATE trials SET state = 2, value = 0.25, completed = '2024-01-01T00:00:00.0000000+00:00';");
        FrozenTrial repaired = Assert.Single(storage.GetTrials(study));
        Assert.Equal((running.Id, TrialState.Complete, (double?)0.25), (repaired.Id, repaired.State, repaired.Value));
    }

    private static long[] WriteStudyOfThreeTrials(string path)
    {
        using var storage = new SqliteStorage(path);
        long study = storage.CreateOrLoadStudy("tampered study", StudyDirection.Minimize, "f", "T.C").Id;
        var ids = new long[3];
        for (int i = 0; i < 3; i++)
        {
            FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = i / 4.0 }, Worker: "w", Attributes: new Dictionary<string, string> { ["fold"] = "f" + i }))!;
            storage.ReportIntermediate(trial.Id, 1, i);
            storage.FinishTrial(trial.Id, TrialState.Complete, i + 1.0, null);
            ids[i] = trial.Id;
        }

        return ids;
    }

    private static void RunRaw(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    // Bytes 18 and 19 of the header: 1 for a rollback journal, 2 for WAL.
    private static int JournalFormat(string path)
    {
        byte[] header = new byte[20];
        using FileStream file = File.OpenRead(path);
        file.ReadExactly(header);
        return header[18];
    }

    private static void AssertUntouched(string path, string hashBefore, bool renamable = true)
    {
        Assert.Equal(hashBefore, Hash(path));
        foreach (string suffix in new[] { "-wal", "-shm", "-journal" })
        {
            Assert.False(File.Exists(path + suffix), $"{path + suffix} was left behind");
        }

        AssertNoHandle(path);

        // Nothing holds it: it can be renamed (and renamed back), unless the test made it immutable.
        if (renamable)
        {
            File.Move(path, path + ".moved");
            File.Move(path + ".moved", path);
        }
    }

    // No file descriptor of this process points at the file (or its -wal, -shm or -journal).
    private static void AssertNoHandle(string path)
    {
        List<string> open = OpenHandles(path);
        Assert.True(open.Count == 0, "handles left open: " + string.Join(", ", open));
    }

    private static List<string> OpenHandles(string path)
    {
        const string descriptors = "/proc/self/fd";
        var open = new List<string>();
        if (!Directory.Exists(descriptors))
        {
            return open;
        }

        string full = Path.GetFullPath(path);
        foreach (string descriptor in Directory.GetFiles(descriptors))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                continue; // closed while enumerating
            }

            if (target is not null && target.StartsWith(full, StringComparison.Ordinal))
            {
                open.Add($"{descriptor} -> {target}");
            }
        }

        return open;
    }

    // Makes a file or folder unwritable for this process: by permissions, or (as root, whom permissions do not stop)
    // with the immutable attribute. False when neither works here.
    private bool MakeReadOnly(string path)
    {
        bool folder = Directory.Exists(path);
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            _cleanups.Insert(0, () =>
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, mode);
                }
            });
            if (!IsWritable(path, folder))
            {
                return true;
            }

            if (RunTool("chattr", "+i", path))
            {
                _cleanups.Insert(0, () => RunTool("chattr", "-i", path));
                return !IsWritable(path, folder);
            }
        }

        return false;
    }

    private static bool IsWritable(string path, bool folder)
    {
        try
        {
            if (folder)
            {
                using var probe = new FileStream(Path.Combine(path, ".probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            else
            {
                using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            }

            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool RunTool(string tool, params string[] arguments)
    {
        try
        {
            using Process process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
