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
        while (!_stopRequested && !cancellationToken.IsCancellationRequested)
        {
            if ((_options.MaxTrials is { } max && Interlocked.Increment(ref _started) > max)
                || (_options.Timeout is { } timeout && _time.GetElapsedTime(startedAt) >= timeout)
                || !_dispatcher.TryAsk(out TrialHandle<TConfig>? handle))
            {
                return;
            }

            TrialResult<TConfig>? result = await EvaluateAsync(handle, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                return;
            }

            // With constraints, only a feasible trial reaches the target.
            if (_options.TargetValue is { } target && result.State == TrialState.Complete
                && !_study.Direction.IsBetter(target, result.Value!.Value)
                && (_study.Metrics is not { } metrics || metrics.Violation(result.Frozen.ConstraintValues.AsSpan()) <= 0))
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

    // Whatever the objective does, its trial ends finished: a value, pruned or failed. Null when cancelled.
    private async ValueTask<TrialResult<TConfig>?> EvaluateAsync(TrialHandle<TConfig> handle, CancellationToken cancellationToken)
    {
        // The span is current while the objective runs, so the user's own spans (a training step, a query) nest under it.
        using Activity? activity = StartTrialActivity(handle);
        TrialResult<TConfig>? result = await EvaluateCoreAsync(handle, cancellationToken).ConfigureAwait(false);
        if (activity is not null)
        {
            FrozenTrial finished = result?.Frozen ?? handle.Trial.Snapshot();
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

        return result;
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
    private async ValueTask<TrialResult<TConfig>?> EvaluateCoreAsync(TrialHandle<TConfig> handle, CancellationToken cancellationToken)
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
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _study.TellFailed(handle, "The study was cancelled while the trial was running.");
            return null;
        }
        catch (TrialPrunedException)
        {
            return _study.TellPruned(handle);
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

            return failed;
        }

        return _objective is not null ? _study.Tell(handle, value) : _study.TellMetrics(handle, metrics.Objectives, metrics.Constraints);
    }
}
