using System;
using System.IO;
using System.Text.RegularExpressions;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// Output compared with a checked-in file under Expected/. Times and durations differ from run to run and are
/// replaced before comparing; everything else must match to the byte. <c>ATTRTUNE_ACCEPT=1</c> rewrites the files
/// instead (review the diff as any other change).
/// </summary>
internal static partial class Golden
{
    public static void Match(string name, string actual)
    {
        string file = Path.Combine(TestFolders.RepositoryRoot(), "tests", "AttrTune.Cli.Tests", "Expected", name);
        string normalized = Normalize(actual);
        if (Environment.GetEnvironmentVariable("ATTRTUNE_ACCEPT") == "1")
        {
            File.WriteAllText(file, normalized);
            return;
        }

        Assert.True(File.Exists(file), $"{file} does not exist; run with ATTRTUNE_ACCEPT=1 to write it. The output was:\n{normalized}");
        Assert.Equal(File.ReadAllText(file).ReplaceLineEndings("\n"), normalized);
    }

    /// <summary>Times and durations replaced by placeholders of the same width, so tables keep their shape.</summary>
    public static string Normalize(string text)
    {
        text = text.ReplaceLineEndings("\n");
        text = Timestamp().Replace(text, m => Placeholder("time", m.Length));
        return Duration().Replace(text, m => Placeholder("dur", m.Length));
    }

    private static string Placeholder(string label, int width) =>
        width >= label.Length + 2 ? ("<" + label).PadRight(width - 1, '~') + ">" : new string('~', width);

    [GeneratedRegex(@"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b\d+\.\d\d s\b")]
    private static partial Regex Duration();
}
