using System;
using System.IO;
using AttrTune.Storage;
using Microsoft.Data.Sqlite;

namespace AttrTune.Cli.Storage;

/// <summary>
/// Keeps a command that only reads from changing a study file. Opening a file of an older schema migrates it, a write
/// the user did not ask for by looking (and one an older program still using the file may not read); so a read
/// command on such a file opens a private copy of it instead, and the file stays byte for byte as it was.
/// </summary>
internal sealed class OlderSchemaSnapshot : IDisposable
{
    private readonly string _folder;

    private OlderSchemaSnapshot(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    /// <summary>The copy to open.</summary>
    public string Path { get; }

    /// <summary>A copy of <paramref name="file"/> if its schema is older than the library's, else null (open the file itself).</summary>
    public static OlderSchemaSnapshot? TakeIfOlder(string file)
    {
        if (StoredSchema(file) is not (> 0 and < SqliteStorage.SchemaVersion))
        {
            return null;
        }

        string folder = Directory.CreateTempSubdirectory("attrtune-snapshot-").FullName;
        string copy = System.IO.Path.Combine(folder, System.IO.Path.GetFileName(file));
        File.Copy(file, copy);

        // Committed transactions not yet checkpointed live in the WAL; without it the copy would miss them.
        if (File.Exists(file + "-wal"))
        {
            File.Copy(file + "-wal", copy + "-wal");
        }

        return new OlderSchemaSnapshot(folder, copy);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover copy in the temp folder is harmless; the command's result stands.
        }
    }

    // The schema version, or null when the file cannot be read as a study file: opening it then explains why.
    private static long? StoredSchema(string file)
    {
        try
        {
            // immutable=1: no lock, no -wal or -shm beside the file. A version still in the WAL (a migration just made)
            // is missed, and then the copy is taken without need, which is harmless.
            var builder = new SqliteConnectionStringBuilder
            {
                DataSource = new Uri(System.IO.Path.GetFullPath(file)).AbsoluteUri + "?immutable=1",
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT MAX(version) FROM schema_version;";
            return command.ExecuteScalar() as long?;
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}
