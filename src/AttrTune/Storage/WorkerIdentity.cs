using System;
using System.Diagnostics;
using System.Globalization;

namespace AttrTune.Storage;

/// <summary>
/// Names a worker as host:pid:start, so that a resumed study can tell a live worker from one that was killed
/// (same host, and the process is gone or the pid was reused by another process).
/// </summary>
public static class WorkerIdentity
{
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    private static readonly Lazy<string> CurrentId = new(() =>
    {
        using Process process = Process.GetCurrentProcess();
        return $"{Environment.MachineName}:{process.Id.ToString(CultureInfo.InvariantCulture)}:{process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";
    });

    /// <summary>This process's worker id.</summary>
    public static string Current => CurrentId.Value;

    /// <summary>Whether <paramref name="worker"/> ran on this machine.</summary>
    public static bool IsOnThisHost(string worker) => worker.Split(':')[0] == Environment.MachineName;

    /// <summary>
    /// True when <paramref name="worker"/> is known to be dead: it ran on this host and its process no longer
    /// exists. Workers on other hosts are judged by heartbeats instead.
    /// </summary>
    public static bool IsDeadOnThisHost(string worker)
    {
        string[] parts = worker.Split(':');
        if (parts.Length != 3 || parts[0] != Environment.MachineName
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long startTicks))
        {
            return false;
        }

        try
        {
            // Linux derives a process's start time from the boot time, which each reader recomputes from the clock:
            // the same process reads slightly differently from another process. A reused pid starts much later.
            using Process process = Process.GetProcessById(pid);
            return process.HasExited || Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) > StartTimeTolerance.Ticks;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
