using System;

namespace AttrTune.Cli.Storage;

/// <summary>What the tool itself needs to know about a storage URL, beyond what StudyStorage.Open does with it.</summary>
internal static class StorageUrl
{
    private const string SqliteScheme = "sqlite:///";

    /// <summary>
    /// The SQLite file a URL names, read as <see cref="AttrTune.Storage.StudyStorage.Open"/> reads it
    /// (<c>sqlite:///relative.db</c>, <c>sqlite:////absolute.db</c>, or a plain path), or null for any other URL
    /// (which opening accepts or explains). The tool needs the file because opening creates a missing one, and a
    /// command that only reads must say the file is missing instead of leaving an empty study database behind.
    /// </summary>
    public static string? SqlitePath(string url)
    {
        string trimmed = url.Trim();
        if (trimmed.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase))
        {
            string path = Uri.UnescapeDataString(trimmed[SqliteScheme.Length..]);
            return path.Length == 0 ? null : path;
        }

        bool other = trimmed.Length == 0
            || trimmed.Equals("memory:", StringComparison.OrdinalIgnoreCase)
            || trimmed.Contains("://", StringComparison.Ordinal)
            || trimmed.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase);
        return other ? null : trimmed;
    }
}
