using System;
using System.Text.RegularExpressions;

namespace AttrTune.Cli.Storage;

/// <summary>What the tool itself needs to know about a storage URL, beyond what opening it does.</summary>
internal static partial class StorageUrl
{
    private const string SqliteScheme = "sqlite:///";

    /// <summary>
    /// The file of a <c>sqlite:</c> URL (SQLAlchemy's form: three slashes and a relative path, four for an absolute
    /// one), or null for another scheme. The tool needs it because opening creates a missing file, and a command that
    /// only reads must say the file is missing instead of creating an empty study database.
    /// </summary>
    public static string? SqlitePath(string url) =>
        url.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase) && url.Length > SqliteScheme.Length
            ? url[SqliteScheme.Length..]
            : null;

    /// <summary>The URL as it may be shown: a password in it is replaced with ***.</summary>
    public static string Redact(string url) => Password().Replace(url, "${prefix}***@");

    [GeneratedRegex("(?<prefix>://[^:/@]*:)[^@/]*@")]
    private static partial Regex Password();
}
