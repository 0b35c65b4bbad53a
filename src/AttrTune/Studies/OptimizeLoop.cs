using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Observability;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune;

/// <summary>
/// One run of <see cref="Study{TConfig}.OptimizeAsync(Func{TConfig, Trial, CancellationToken, ValueTask{double}}, OptimizeOptions, Action{TrialFinishedContext{TConfig}}?, CancellationToken)"/>:
/// workers that ask, evaluate and tell until a stop condition holds, with the heartbeat running meanwhile.
/// </summary>
internal sealed class OptimizeLoop<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly Study<TConfig> _study;
    private readonly TrialDispatcher<TConfig> _dispatcher;
    private readonly Func<TConfig, Trial, CancellationToken, ValueTask<double>>? _objective;
    private readonly Func<TConfig, Trial, CancellationToken, ValueTask<(double[] Objectives, double[] Constraints)>>? _metricsObjective;
    private readonly OptimizeOptions _options;
    private readonly Action<TrialFinishedContext<TConfig>>? _onTrialFinished;
    private readonly TimeProvider _time;
    private readonly object _callbackGate = new();
    private int _started;
    private volatile bool _stopRequested;
    private Exception? _fatal;

    public OptimizeLoop(
        Study<TConfig> study,
        TrialDispatcher<TConfig> dispatcher,
        Func<TConfig, Trial, CancellationToken, ValueTask<double>> objective,
        OptimizeOptions options,
        Action<TrialFinishedContext<TConfig>>? onTrialFinished,
        TimeProvider time)
    {
        _study = study;
        _dispatcher = dispatcher;
        _objective = objective;
        _options = options;
        _onTrialFinished = onTrialFinished;
        _time = time;
    }

    public OptimizeLoop(
        Study<TConfig> study,
        TrialDispatcher<TConfig> dispatcher,
        Func<TConfig, Trial, CancellationToken, ValueTask<(double[] Objectives, double[] Constraints)>> objective,
        OptimizeOptions options,
        Action<TrialFinishedContext<TConfig>>? onTrialFinished,
        TimeProvider time)
    {
        _study = study;
        _dispatcher = dispatcher;
        _metricsObjective = objective;
        _options = options;
        _onTrialFinished = onTrialFinished;
        _time = time;
    }

    public async Task RunAsync(DeadWorkerPolicy deadWorkers, Func<FrozenTrial, NewTrial>? retry, CancellationToken cancellationToken)
    {
        long startedAt = _time.GetTimestamp();
        using (new WorkerHeartbeat(_study.Storage, _study.Record.Id, _dispatcher.Worker, deadWorkers, retry, _options.HeartbeatInterval, _time, _study.LogRecovered))
        {
            Task[] workers = Enumerable.Range(0, _options.Parallelism)
                .Select(_ => Task.Run(() => WorkAsync(startedAt, cancellationToken), CancellationToken.None))
                .ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        try
        {
            _study.Storage.Heartbeat(_dispatcher.Worker);
        }
        catch (Exception exception) when (_study.Storage.IsTransientFailure(exception))
        {
            // Every trial is told by now: a last beat lost to a dropped connection costs nothing, ending the loop with it would.
        }

        if (_fatal is not null)
        {
            throw new AttrTuneException($"Study '{_study.Name}' stopped: an objective threw ({FailureText.Headline(_fatal)}).", _fatal);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task WorkAsync(long startedAt, CancellationToken cancellationToken)
    {
        // A trial created with the previous one's finish (TellAndAsk), and whether the trial count already holds the
        // trial this worker starts next (taken before a chained tell that then created none).
        TrialHandle<TConfig>? next = null;
        bool slotTaken = false;
        try
        {
            while (true)
            {
                // A trial created ahead is checked against the clock again: a slow callback may have used up the time.
                if (_stopRequested || cancellationToken.IsCancellationRequested || (next is not null && TimedOut(startedAt)))
                {
                    return;
                }

                TrialHandle<TConfig>? handle = next;
                next = null;
                if (handle is null && ((!slotTaken && !TakeSlot()) || TimedOut(startedAt) || !_dispatcher.TryAsk(out handle)))
                {
                    return;
                }

                slotTaken = false;
                Evaluation evaluation = await EvaluateAsync(handle, startedAt, cancellationToken).ConfigureAwait(false);
                next = evaluation.Next;
                slotTaken = evaluation.SlotTaken;
                if (evaluation.Result is not { } result)
                {
                    return;
                }

                if (result.State == TrialState.Complete && ReachesTarget(result.Value!.Value, result.Frozen.ConstraintValues.AsSpan()))
                {
                    _stopRequested = true;
                }

                if (_onTrialFinished is not null)
                {
                    lock (_callbackGate)
                    {
                        _onTrialFinished(new TrialFinishedContext<TConfig>(_study, result, () => _stopRequested = true));
                    }
                }
            }
        }
        finally
        {
            // A trial created ahead that will not run (the study stopped, a callback threw) goes back to the queue
            // rather than waiting, Running, for the dead-worker check.
            if (next is not null)
            {
                ReturnUnstarted(next);
            }
        }
    }

    private void ReturnUnstarted(TrialHandle<TConfig> next)
    {
        try
        {
            _study.ReturnToQueue(next);
        }
        catch (Exception exception) when (_study.Storage.IsTransientFailure(exception))
        {
            // The storage stayed unreachable past the retry deadline: the trial stays Running under this worker, and
            // the dead-worker check fails it (and retries it, if the study retries) once this worker's heartbeat stops.
        }
    }

    private bool TakeSlot() => _options.MaxTrials is not { } max || Interlocked.Increment(ref _started) <= max;

    private bool TimedOut(long startedAt) => _options.Timeout is { } timeout && _time.GetElapsedTime(startedAt) >= timeout;

    // With constraints, only a feasible trial reaches the target.
    private bool ReachesTarget(double value, ReadOnlySpan<double> constraints) =>
        _options.TargetValue is { } target
        && !_study.Direction.IsBetter(target, value)
        && (_study.Metrics is not { } metrics || metrics.Violation(constraints) <= 0);

    // Whether this worker will start another trial after one that completed with these values: then its tell may
    // create that trial in the same commit. Takes the trial's place in the count.
    private bool GoesOnAfter(double value, double[] constraints, long startedAt, CancellationToken cancellationToken, out bool slotTaken)
    {
        slotTaken = false;
        if (_stopRequested || cancellationToken.IsCancellationRequested || !double.IsFinite(value) || ReachesTarget(value, constraints))
        {
            return false;
        }

        slotTaken = TakeSlot();
        return slotTaken && !TimedOut(startedAt);
    }

    /// <summary>A trial's outcome: its result (null when cancelled), the trial created with its tell, and whether the count holds the worker's next trial.</summary>
    private readonly record struct Evaluation(TrialResult<TConfig>? Result, TrialHandle<TConfig>? Next = null, bool SlotTaken = false);

    // Whatever the objective does, its trial ends finished: a value, pruned or failed. Null when cancelled.
    private async ValueTask<Evaluation> EvaluateAsync(TrialHandle<TConfig> handle, long startedAt, CancellationToken cancellationToken)
    {
        // The span is current while the objective runs, so the user's own spans (a training step, a query) nest under it.
        using Activity? activity = StartTrialActivity(handle);
        Evaluation evaluation = await EvaluateCoreAsync(handle, startedAt, cancellationToken).ConfigureAwait(false);
        if (activity is not null)
        {
            FrozenTrial finished = evaluation.Result?.Frozen ?? handle.Trial.Snapshot();
            activity.SetTag("attrtune.trial.state", finished.State.ToString());
            if (finished.Value is { } value)
            {
                activity.SetTag("attrtune.trial.value", value);
            }

            if (finished.State == TrialState.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error, finished.Failure?.Headline ?? finished.FailReason);
                if (finished.Failure is { } failure)
                {
                    activity.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection
                    {
                        ["exception.type"] = failure.ExceptionType,
                        ["exception.message"] = failure.Message,
                        ["exception.stacktrace"] = failure.StackTrace,
                    }));
                }
            }
        }

        return evaluation;
    }

    private Activity? StartTrialActivity(TrialHandle<TConfig> handle)
    {
        if (!AttrTuneTelemetry.Source.HasListeners())
        {
            return null;
        }

        Activity? activity = AttrTuneTelemetry.Source.StartActivity("trial");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("attrtune.study", _study.Name);
            activity.SetTag("attrtune.trial.number", handle.Trial.Number);
            SearchSpaceDescriptor space = TConfig.Descriptor;
            ParameterSet parameters = handle.Trial.Parameters;
            for (int i = 0; i < space.Count; i++)
            {
                if (parameters.IsActive(i))
                {
                    activity.SetTag("attrtune.param." + space.Parameters[i].Name, space.Parameters[i].Distribution.FormatValue(parameters[i]));
                }
            }
        }

        return activity;
    }

    // Only the objective's own exceptions fail its trial. A tell that fails after the storage retries (its deadline
    // passed, or a non-transient error) propagates and ends the study: failing the trial instead would overwrite a
    // result whose commit may have succeeded before the error.
    private async ValueTask<Evaluation> EvaluateCoreAsync(TrialHandle<TConfig> handle, long startedAt, CancellationToken cancellationToken)
    {
        double value = 0;
        (double[] Objectives, double[] Constraints) metrics = (Array.Empty<double>(), Array.Empty<double>());
        try
        {
            if (_objective is not null)
            {
                value = await _objective(handle.Config, handle.Trial, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                metrics = await _metricsObjective!(handle.Config, handle.Trial, cancellationToken).ConfigureAwait(false);
                value = metrics.Objectives.Length > 0 ? metrics.Objectives[0] : double.NaN;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _study.TellFailed(handle, "The study was cancelled while the trial was running.");
            return new Evaluation(null);
        }
        catch (TrialPrunedException)
        {
            return new Evaluation(_study.TellPruned(handle));
        }
        catch (Exception exception)
        {
            TrialResult<TConfig> failed = _study.TellFailed(handle, exception);
            if (_options.StopOnFailure)
            {
                Interlocked.CompareExchange(ref _fatal, exception, null);
                _stopRequested = true;
            }
            else
            {
                _study.RetryFailedTrial(failed.Frozen, _options.MaxRetries);
            }

            return new Evaluation(failed);
        }

        if (!GoesOnAfter(value, metrics.Constraints, startedAt, cancellationToken, out bool slotTaken))
        {
            return new Evaluation(_objective is not null ? _study.Tell(handle, value) : _study.TellMetrics(handle, metrics.Objectives, metrics.Constraints), SlotTaken: slotTaken);
        }

        (TrialResult<TConfig> result, TrialHandle<TConfig>? next) = _objective is not null
            ? _study.TellAndAsk(handle, value)
            : _study.TellMetricsAndAsk(handle, metrics.Objectives, metrics.Constraints);
        return new Evaluation(result, next, SlotTaken: next is null);
    }
}
