using System;
using Microsoft.Extensions.Logging;

namespace AttrTune.Observability;

/// <summary>
/// Every message a study logs, source-generated ([LoggerMessage]: no formatting and no boxing unless the level is
/// enabled). Event ids are stable so log filters and alerts can rely on them.
/// </summary>
internal static partial class StudyLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Study '{Study}': trial {Number} finished with value {Value} in {DurationMs:0} ms; best is trial {BestNumber} with value {BestValue}")]
    public static partial void TrialCompleted(ILogger logger, string study, int number, double value, double durationMs, int bestNumber, double bestValue);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Study '{Study}': trial {Number} finished with {Metrics} in {DurationMs:0} ms")]
    public static partial void TrialCompletedWithMetrics(ILogger logger, string study, int number, string metrics, double durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Study '{Study}': trial {Number} pruned at step {Step} with value {Value}")]
    public static partial void TrialPruned(ILogger logger, string study, int number, long? step, double? value);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Study '{Study}': trial {Number} failed: {Reason}")]
    public static partial void TrialFailed(ILogger logger, Exception? exception, string study, int number, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Study '{Study}': trial {Number} was failed because {Reason}")]
    public static partial void DeadWorkerTrialRecovered(ILogger logger, string study, int number, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Study '{Study}' opened with {Trials} trials; sampler {Sampler}")]
    public static partial void StudyOpened(ILogger logger, string study, int trials, string sampler);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Study '{Study}': CMA-ES restarted its search (restart {Restart}) after trial {Number}")]
    public static partial void SamplerRestarted(ILogger logger, string study, int restart, int number);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Study '{Study}': the auto sampler took the route {Route}")]
    public static partial void SamplerRoute(ILogger logger, string study, string route);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Study '{Study}': a storage call failed ({Reason}); retry {Attempt} in {DelayMs:0} ms")]
    public static partial void StorageRetry(ILogger logger, Exception exception, string study, string reason, int attempt, double delayMs);
}
