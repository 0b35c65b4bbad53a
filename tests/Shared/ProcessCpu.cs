using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AttrTune.TestSupport;

/// <summary>
/// CPU time of processes from Linux's /proc, for tests that report what a run cost the machine rather than how long it
/// took on a machine shared with other work. Zero where /proc is missing.
/// </summary>
internal static class ProcessCpu
{
    // /proc/<pid>/stat counts in clock ticks, 100 a second on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>The CPU time of this process and of the children it has waited for (the worker processes of a test).</summary>
    public static TimeSpan OfThisProcessAndItsChildren() => Read("self") is { } stat ? stat.Own + stat.Children : TimeSpan.Zero;

    /// <summary>The CPU time of <paramref name="pid"/>, of the children it has waited for, and of its live children.</summary>
    public static TimeSpan OfTree(int pid)
    {
        if (Read(pid.ToString(CultureInfo.InvariantCulture)) is not { } root)
        {
            return TimeSpan.Zero;
        }

        TimeSpan total = root.Own + root.Children;
        foreach (string entry in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit))!)
        {
            if (Read(entry) is { } child && child.Parent == pid)
            {
                total += child.Own + child.Children;
            }
        }

        return total;
    }

    private static (int Parent, TimeSpan Own, TimeSpan Children)? Read(string pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // Gone, or no /proc.
        }

        // The command name (field 2) is in parentheses and may hold spaces: the fields are counted after it.
        string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        TimeSpan Ticks(int field) => TimeSpan.FromSeconds(long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / TicksPerSecond);
        return (int.Parse(fields[4 - 3], CultureInfo.InvariantCulture), Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }
}
