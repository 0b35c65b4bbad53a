using System;

namespace AttrTune;

/// <summary>
/// A storage could not be opened: its file or folder is missing, unreadable, read-only, damaged, locked by another
/// process, or belongs to another application. The message names the file and the problem in words;
/// <see cref="Exception.InnerException"/> holds the underlying failure (a <c>SqliteException</c>, an
/// <see cref="System.IO.IOException"/>) when there was one. Nothing was written, and no handle on the file is left open.
/// </summary>
public sealed class StorageOpenException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file that was to be opened, as the caller gave it.</param>
    /// <param name="problem">What kind of problem it is.</param>
    /// <param name="message">The file and the problem, in words.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public StorageOpenException(string path, StorageOpenProblem problem, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that was to be opened.</summary>
    public string Path { get; }

    /// <summary>What kind of problem it is.</summary>
    public StorageOpenProblem Problem { get; }
}
