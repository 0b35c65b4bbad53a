namespace AttrTune;

/// <summary>Why a storage could not be opened (<see cref="StorageOpenException.Problem"/>).</summary>
public enum StorageOpenProblem
{
    /// <summary>None of the kinds below; the message and the inner exception say more.</summary>
    Other = 0,

    /// <summary>The folder that should hold the file does not exist.</summary>
    FolderMissing = 1,

    /// <summary>The path names a folder, not a file.</summary>
    PathIsFolder = 2,

    /// <summary>The file is not a database of the expected kind (for SQLite: it lacks SQLite's header, e.g. a text file).</summary>
    NotADatabase = 3,

    /// <summary>The file is a database but damaged (for SQLite: "database disk image is malformed").</summary>
    Damaged = 4,

    /// <summary>The file is a database of another application; it is left unchanged.</summary>
    ForeignDatabase = 5,

    /// <summary>The file cannot be written (permissions, an immutable file, a read-only mount), and writing is needed.</summary>
    ReadOnlyFile = 6,

    /// <summary>The folder cannot be written, and the file or its journal must be created there.</summary>
    ReadOnlyFolder = 7,

    /// <summary>Another process held the file for longer than the busy timeout.</summary>
    Locked = 8,

    /// <summary>The file or folder cannot be read (permissions).</summary>
    AccessDenied = 9,
}
