using System;
using System.Collections.Generic;
using System.Threading;
using AttrTune.Storage;

namespace AttrTune;

/// <summary>
/// Keeps a worker visibly alive while it runs trials, and on every beat fails the trials of workers that died
/// meanwhile, so a killed process's trial does not stay Running while the survivors carry on.
/// </summary>
internal sealed class WorkerHeartbeat : IDisposable
{
    private readonly IStudyStorage _storage;
    private readonly long _studyId;
    private readonly string _worker;
    private readonly DeadWorkerPolicy _policy;
    private readonly Func<FrozenTrial, NewTrial>? _retry;
    private readonly ITimer _timer;
    private int _beating;

    private readonly Action<IReadOnlyList<FrozenTrial>> _onRecovered;

    public WorkerHeartbeat(IStudyStorage storage, long studyId, string worker, DeadWorkerPolicy policy, Func<FrozenTrial, NewTrial>? retry, TimeSpan interval, TimeProvider time, Action<IReadOnlyList<FrozenTrial>> onRecovered)
    {
        _onRecovered = onRecovered;
        _retry = retry;
        _storage = storage;
        _studyId = studyId;
        _worker = worker;
        _policy = policy;

        // A transient failure of the first beat (a dropped connection, a restarting server) must not end the loop or
        // the ask that every later storage call would ride out by retrying: the timer writes the beat instead, at once.
        TimeSpan firstTick = interval;
        try
        {
            _storage.Heartbeat(worker);
        }
        catch (Exception exception) when (storage.IsTransientFailure(exception))
        {
            LastFailure = exception;
            firstTick = TimeSpan.Zero;
        }

        _timer = time.CreateTimer(_ => Beat(), null, firstTick, interval);
    }

    /// <summary>The last beat's failure, kept for diagnostics (a beat never throws).</summary>
    public Exception? LastFailure { get; private set; }

    public void Dispose()
    {
        _timer.Dispose();
    }

    // Runs on a timer thread, where an unhandled exception would end the process. A beat that fails for any reason
    // is retried at the next tick: a storage that is really broken shows up in the trials' own calls, which throw.
    private void Beat()
    {
        if (Interlocked.Exchange(ref _beating, 1) == 1)
        {
            return;
        }

        try
        {
            _storage.Heartbeat(_worker);
            IReadOnlyList<FrozenTrial> recovered = _policy.FailTrialsOfDeadWorkers(_storage, _studyId, _retry);
            if (recovered.Count > 0)
            {
                _onRecovered(recovered);
            }
        }
        catch (Exception exception)
        {
            LastFailure = exception;
        }
        finally
        {
            Volatile.Write(ref _beating, 0);
        }
    }
}
