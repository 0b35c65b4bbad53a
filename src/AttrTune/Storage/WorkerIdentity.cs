using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace AttrTune.Storage;

/// <summary>
/// Names a worker as host:pid:start-ticks, so a live worker can be told from a killed one on the same host (the
/// process is gone, or its pid was reused by a process that started later).
/// </summary>
internal static class WorkerIdentity
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

    /// <summary>The worker as a user would say it: "process 12390 on host vm (started 2026-12-01 23:40:59Z)".</summary>
    public static string Describe(string worker)
    {
        string[] parts = worker.Split(':');
        if (parts.Length == 3 && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid)
            && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks)
            && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks)
        {
            string started = new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            return $"the worker process {pid.ToString(CultureInfo.InvariantCulture)} on host {parts[0]} (started {started})";
        }

        return $"the worker '{worker}'";
    }

    /// <summary>
    /// True when <paramref name="worker"/> is known to be dead: it ran on this host and its process no longer
    /// exists (or its pid belongs to a later process). Never throws: when the process cannot be inspected (it may be
    /// exiting at this very moment), the answer is "not known dead", and the next check decides.
    /// </summary>
    public static bool IsDeadOnThisHost(string worker) => IsDeadOnThisHost(worker, ReadStartTime);

    /// <summary>The same judgement with the process table read through <paramref name="readStartTime"/> (null: no such process).</summary>
    internal static bool IsDeadOnThisHost(string worker, Func<int, DateTime?> readStartTime)
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
            return readStartTime(pid) is not { } started || Math.Abs(started.Ticks - startTicks) > StartTimeTolerance.Ticks;
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or NotSupportedException or UnauthorizedAccessException)
        {
            // The process exited between two reads of it, or cannot be read: look again at whether the pid exists.
            return !ProcessExists(pid);
        }
    }

    private static DateTime? ReadStartTime(int pid)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }

        using (process)
        {
            return process.HasExited ? null : process.StartTime.ToUniversalTime();
        }
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            return true;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
