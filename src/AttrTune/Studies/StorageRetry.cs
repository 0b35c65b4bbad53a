using System;
using System.Diagnostics;
using System.Threading;
using AttrTune.Observability;
using AttrTune.Storage;
using Microsoft.Extensions.Logging;

namespace AttrTune;

/// <summary>
/// Retries a storage call that failed for a reason its backend calls transient (<see cref="IStudyStorage.IsTransientFailure"/>),
/// with exponential backoff, until a deadline: a finished trial's result is worth waiting for a busy database.
/// </summary>
internal static class StorageRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(2);

    /// <summary>Runs <paramref name="call"/> with <paramref name="state"/>: a static lambda and a state, so that the common
    /// case (no failure) allocates no closure on the per-trial path.</summary>
    public static TResult Run<TState, TResult>(IStudyStorage storage, TimeSpan deadline, ILogger logger, string study, TState state, Func<TState, TResult> call)
    {
        long started = Stopwatch.GetTimestamp();
        TimeSpan delay = FirstDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return call(state);
            }
            catch (Exception exception) when (storage.IsTransientFailure(exception) && Stopwatch.GetElapsedTime(started) + delay < deadline)
            {
                StudyLog.StorageRetry(logger, exception, study, exception.Message, attempt, delay.TotalMilliseconds);
                Thread.Sleep(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
            }
        }
    }
}
