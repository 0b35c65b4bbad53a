using System;
using System.Collections.Generic;

namespace AttrTune.Storage;

/// <summary>
/// Decides which running trials belong to a dead worker and fails them, so a study never keeps a trial Running
/// forever after a crash. Backend-independent: it reads trials and heartbeats through <see cref="IStudyStorage"/>,
/// so a third-party backend gets the same recovery by keeping heartbeats.
/// </summary>
/// <remarks>
/// A worker on this host is judged by the process table (its process is gone, or its pid now belongs to a
/// process that started later): that is exact and immediate. A worker on another host is judged by its
/// heartbeat, against the storage's clock: it is dead when it sent none for <see cref="StaleAfter"/>.
/// </remarks>
public sealed class DeadWorkerPolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="staleAfter">How long a worker on another host may stay silent before it is presumed dead.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="staleAfter"/> is not positive.</exception>
    public DeadWorkerPolicy(TimeSpan staleAfter)
    {
        if (staleAfter <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(staleAfter), staleAfter, "A dead-worker timeout must be positive.");
        }

        StaleAfter = staleAfter;
    }

    /// <summary>How long a worker on another host may stay silent before it is presumed dead.</summary>
    public TimeSpan StaleAfter { get; }

    /// <summary>
    /// Why <paramref name="worker"/> is considered dead, in words a user can act on; null while it is alive.
    /// Never throws: a process that exits while it is being inspected is judged on the next check.
    /// </summary>
    /// <param name="worker">The worker id stored with the trial (null when unknown).</param>
    /// <param name="lastHeartbeat">Its last heartbeat, or null.</param>
    /// <param name="now">The storage's clock.</param>
    public string? GetDeadReason(string? worker, DateTimeOffset? lastHeartbeat, DateTimeOffset now)
    {
        if (worker is null)
        {
            return "the worker that ran it is unknown";
        }

        if (WorkerIdentity.IsOnThisHost(worker))
        {
            return WorkerIdentity.IsDeadOnThisHost(worker) ? $"{WorkerIdentity.Describe(worker)} stopped while it was running" : null;
        }

        if (lastHeartbeat is { } beat && now - beat > StaleAfter)
        {
            return $"{WorkerIdentity.Describe(worker)} sent no heartbeat for {(now - beat).TotalSeconds:0} s (the limit is {StaleAfter.TotalSeconds:0} s)";
        }

        return null;
    }

    /// <summary>
    /// Fails the running trials of <paramref name="studyId"/> whose worker is dead, with the reason; returns them.
    /// A trial finished by its own worker in the meantime is left as that worker finished it.
    /// </summary>
    /// <param name="storage">The study's storage.</param>
    /// <param name="studyId">The study.</param>
    /// <param name="retry">
    /// When given, builds the trial that retries a failed one; it is enqueued in the same atomic step as the failure
    /// (<see cref="IStudyStorage.FailAndRetryTrial"/>), so a crash in between cannot lose it. Give it a claim key
    /// unique to the failed trial, so two processes recovering the same trial enqueue one retry.
    /// </param>
    public IReadOnlyList<FrozenTrial> FailTrialsOfDeadWorkers(IStudyStorage storage, long studyId, Func<FrozenTrial, NewTrial>? retry = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var failed = new List<FrozenTrial>();
        DateTimeOffset now = storage.UtcNow;
        foreach (FrozenTrial trial in storage.GetTrials(studyId, TrialState.Running))
        {
            DateTimeOffset? beat = trial.Worker is null ? null : storage.GetLastHeartbeat(trial.Worker);
            if (GetDeadReason(trial.Worker, beat, now) is not { } reason)
            {
                continue;
            }

            try
            {
                string failReason = $"Trial {trial.Number} was failed because {reason}.";
                failed.Add(retry is null
                    ? storage.FinishTrial(trial.Id, TrialState.Failed, null, failReason)
                    : storage.FailAndRetryTrial(trial.Id, failReason, retry(trial)).Failed);
            }
            catch (TrialStateException)
            {
                // Its worker (or another recovering process) finished it first; that result stands.
            }
        }

        return failed;
    }
}
