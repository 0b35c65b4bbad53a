using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using AttrTune.Observability;
using AttrTune.Pruners;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Microsoft.Extensions.Logging;

namespace AttrTune;

/// <summary>
/// Ask and tell for one study: hands out trials (enqueued ones first, then the sampler's proposals, retrying a
/// refused claim with a fresh snapshot) and finishes them, keeping the sampler informed. Sampling and trial creation
/// run under one lock, so samplers need not be thread-safe.
/// </summary>
internal sealed class TrialDispatcher<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private const int MaxRefusedClaims = 1000;

    // Each parameter's distribution, stored beside its value by backends that keep it (SQLite).
    internal static readonly Dictionary<string, string> Distributions =
        TConfig.Descriptor.Parameters.ToDictionary(p => p.Name, p => p.Distribution.CanonicalText, StringComparer.Ordinal);

    private readonly object _samplerGate = new();
    private readonly IStudyStorage _storage;
    private readonly StudyRecord _record;
    private readonly ISampler _sampler;
    private readonly IPruner? _pruner;
    private readonly string _worker;
    private readonly TimeSpan _retryDeadline;
    private readonly bool _allowRepeats;
    private readonly MultiObjective.MetricsDescriptor? _metrics;
    private readonly SpaceProjection? _projection;
    private readonly ILogger _logger;
    private readonly KeyValuePair<string, object?> _studyTag;
    // Trials this dispatcher handed out that have not finished: a Running trial of this worker outside it is an orphan.
    private readonly HashSet<long> _handedOut = new();
    private bool _askInterrupted;
    private bool _routeLogged;
    private int _restartsLogged;

    public TrialDispatcher(IStudyStorage storage, StudyRecord record, ISampler sampler, IPruner? pruner, string worker, TimeSpan retryDeadline, bool allowRepeats, ILogger logger, MultiObjective.MetricsDescriptor? metrics = null, SpaceProjection? projection = null)
    {
        _projection = projection;
        _metrics = metrics;
        _logger = logger;
        _studyTag = new KeyValuePair<string, object?>("attrtune.study", record.Name);
        _allowRepeats = allowRepeats;
        _retryDeadline = retryDeadline;
        _storage = storage;
        _record = record;
        _sampler = sampler;
        _pruner = pruner;
        _worker = worker;
    }

    public ISampler Sampler => _sampler;

    public string Worker => _worker;

    public static NewTrial Waiting(ParameterSet parameters, int spaceVersion) => new(TrialState.Waiting, ToStored(parameters), Distributions: Distributions) { SpaceVersion = spaceVersion };

    public NewTrial Running(ParameterSet parameters, string? claimKey = null) => new(TrialState.Running, ToStored(parameters), claimKey, _worker, Distributions) { SpaceVersion = _record.SpaceVersion };

    /// <summary>Starts a running trial with exactly <paramref name="config"/>, bypassing the sampler and the queue.</summary>
    public TrialHandle<TConfig> Start(TConfig config)
    {
        ParameterSet parameters = config.ToParameters();
        lock (_samplerGate)
        {
            FrozenTrial trial = _storage.TryCreateTrial(_record.Id, Running(parameters))!;
            _handedOut.Add(trial.Id);
            _sampler.OnTrialStarted(Context(), trial);
            return Handle(trial, parameters);
        }
    }

    /// <summary>
    /// Hands out the next trial: an enqueued one, else a proposal of the sampler. A transient storage failure (a dropped
    /// connection, a restarting server) retries the whole ask until the retry deadline. A claim or insert whose commit
    /// succeeded but whose reply was lost leaves a Running trial of this worker that was never handed out: the retry
    /// adopts it instead of creating another, so no trial is stored twice and none is left Running.
    /// </summary>
    public bool TryAsk([NotNullWhen(true)] out TrialHandle<TConfig>? handle)
    {
        lock (_samplerGate)
        {
            handle = StorageRetry.Run(_storage, _retryDeadline, _logger, _record.Name, this, static dispatcher => dispatcher.AskOnce());
            return handle is not null;
        }
    }

    // Another Study object of this process on the same study shares the worker name; its trials are in flight in its
    // own dispatcher, so an orphan is adopted only when an ask of this dispatcher was interrupted.
    private FrozenTrial? FindOrphan() =>
        _storage.GetTrials(_record.Id, TrialState.Running).FirstOrDefault(t => t.Worker == _worker && !_handedOut.Contains(t.Id));

    // The trial a chained creation left, known by its start (the statement's own timestamp, kept to the microsecond) and
    // its parameters: another Study object of this process may hold a running trial of the same worker name and the
    // same point (a grid's, a seeded sequence's), which must not be taken from it.
    private FrozenTrial? FindChainedOrphan(Dictionary<string, double> parameters, DateTimeOffset startedAt) =>
        _storage.GetTrials(_record.Id, TrialState.Running).FirstOrDefault(t =>
            t.Worker == _worker && !_handedOut.Contains(t.Id)
            && t.Started is { } started && Math.Abs(started.UtcTicks - startedAt.UtcTicks) < TimeSpan.TicksPerMicrosecond
            && Study<TConfig>.SameParameters(t.Parameters, parameters));

    private TrialHandle<TConfig>? AskOnce()
    {
        if (_askInterrupted && FindOrphan() is { } orphan)
        {
            _askInterrupted = false;
            _handedOut.Add(orphan.Id);
            ParameterSet adopted = orphan.ToParameterSet(TConfig.Descriptor);
            _sampler.OnTrialStarted(Context(), orphan);
            return Handle(orphan, adopted);
        }

        _askInterrupted = true;
        TrialHandle<TConfig>? handle = AskFromStorageOrSampler();
        _askInterrupted = false;
        if (handle is not null)
        {
            _handedOut.Add(handle.Trial.Id);
        }

        return handle;
    }

    private TrialHandle<TConfig>? AskFromStorageOrSampler()
    {
        FrozenTrial? trial = _storage.TryClaimWaitingTrial(_record.Id, _worker);
        ParameterSet? parameters = trial is null ? null : ParametersOf(ref trial);
        SamplerContext context = Context();
        for (int attempt = 0; trial is null; attempt++)
        {
            if (attempt == MaxRefusedClaims)
            {
                throw new AttrTuneException($"Study '{_record.Name}': the sampler proposed {MaxRefusedClaims} points in a row that were all claimed already.");
            }

            // After a refused claim, the sampler must see the trial that took the point: a fresh snapshot.
            context = attempt == 0 ? context : Context();
            SampleProposal? proposal = Sample(context);
            if (proposal is null)
            {
                return null;
            }

            parameters = proposal.Parameters;
            trial = _storage.TryCreateTrial(_record.Id, Running(parameters, proposal.ClaimKey));
        }

        _sampler.OnTrialStarted(context, trial);
        return Handle(trial, parameters!);
    }

    // A waiting trial queued in an earlier space (a retry of one of its trials) runs in the current space's terms; one
    // whose values no longer fit is failed with the reason, and the next waiting trial is claimed.
    private ParameterSet? ParametersOf(ref FrozenTrial? trial)
    {
        while (trial is not null && trial.SpaceVersion != _record.SpaceVersion && _projection is not null)
        {
            try
            {
                return ParameterSet.Create(TConfig.Descriptor, _projection.ValuesOf(trial, DefaultValues));
            }
            catch (InvalidOperationException unfit)
            {
                _storage.FinishTrial(trial.Id, TrialState.Failed, null, unfit.Message);
                trial = _storage.TryClaimWaitingTrial(_record.Id, _worker);
            }
        }

        return trial?.ToParameterSet(TConfig.Descriptor);
    }

    /// <summary>The baseline configuration's internal values: what a parameter an earlier space lacked takes.</summary>
    internal static double[] DefaultValues { get; } = CreateDefaultValues();

    private static double[] CreateDefaultValues()
    {
        var values = new double[TConfig.Descriptor.Count];
        TConfig.CreateDefault().WriteValues(values);
        return values;
    }

    // The auto sampler's route is known after its first proposal; CMA-ES restarts are counted by the sampler.
    // Reads the context's trials only when the line is logged: a sampler that never looks at them (random search) must
    // not pay for a snapshot on every proposal.
    private void LogSamplerChanges(SamplerContext context)
    {
        if (!_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        ISampler inner = _sampler;
        if (_sampler is AutoSampler auto)
        {
            if (!_routeLogged)
            {
                _routeLogged = true;
                StudyLog.SamplerRoute(_logger, _record.Name, auto.Route.ToString());
            }

            inner = auto.Inner ?? _sampler;
        }

        if (inner is CmaEsSampler cmaEs && cmaEs.Restarts > _restartsLogged)
        {
            _restartsLogged = cmaEs.Restarts;
            StudyLog.SamplerRestarted(_logger, _record.Name, cmaEs.Restarts, context.Trials.Count);
        }
    }

    public TrialResult<TConfig> Finish(TrialHandle<TConfig> handle, TrialState state, double? value, string? reason, TrialFailure? failure = null, MetricValues? metrics = null)
    {
        RequireOwn(handle);
        return FinishStored(handle, state, value, reason, failure, metrics, notifySampler: true);
    }

    private TrialResult<TConfig> FinishStored(TrialHandle<TConfig> handle, TrialState state, double? value, string? reason, TrialFailure? failure, MetricValues? metrics, bool notifySampler)
    {
        FrozenTrial finished = StorageRetry.Run(
            _storage, _retryDeadline, _logger, _record.Name, (Dispatcher: this, handle.Trial, state, value, reason, failure, metrics), static finish => finish.Dispatcher.FinishOnce(finish.Trial, finish.state, finish.value, finish.reason, finish.failure, finish.metrics));
        lock (_samplerGate)
        {
            // Only trials in flight can be orphans, so the set holds those and stays small in a long study.
            _handedOut.Remove(finished.Id);
            if (notifySampler)
            {
                _sampler.OnTrialFinished(Context(), finished);
            }
        }

        return new TrialResult<TConfig>(finished);
    }

    /// <summary>
    /// Completes a trial and, when the storage can do both in one commit (<see cref="ITrialChainStorage"/>), hands out
    /// the worker's next trial with it. The next point is sampled before the commit from the trials with this one
    /// already complete, so the sampler sees what it would after a separate tell, and is told of the finish first, as
    /// always. <c>Next</c> is null when the storage cannot chain, the study may have waiting trials (claimed by the
    /// next ask, as always first), the point's claim was refused or the sampler has nothing left: the caller then
    /// asks as usual.
    /// </summary>
    public (TrialResult<TConfig> Finished, TrialHandle<TConfig>? Next) CompleteAndAsk(TrialHandle<TConfig> handle, double value, MetricValues? metrics)
    {
        RequireOwn(handle);
        lock (_samplerGate)
        {
            // A trial that reported or set attributes while it ran has stored state the sampler's overlay would lack.
            if (_storage is not ITrialChainStorage chain || _projection is not null || _askInterrupted || handle.Trial.WroteWhileRunning
                || !chain.KnowsNothingWaiting(_record.Id))
            {
                return (FinishStored(handle, TrialState.Complete, value, null, null, metrics, notifySampler: true), null);
            }

            DateTimeOffset at = _storage.UtcNow;
            FrozenTrial finishedHere = handle.Trial.HandedOut with
            {
                State = TrialState.Complete,
                Value = value,
                Values = metrics is { Values.IsDefault: false } ? metrics.Values : System.Collections.Immutable.ImmutableArray<double>.Empty,
                ConstraintValues = metrics is { ConstraintValues.IsDefault: false } ? metrics.ConstraintValues : System.Collections.Immutable.ImmutableArray<double>.Empty,
                Completed = at,
            };
            SamplerContext context = Context(finishedHere);
            SampleProposal? proposal = null;
            bool sent = false;
            FrozenTrial finished;
            FrozenTrial? next;
            try
            {
                _sampler.OnTrialFinished(context, finishedHere);
                proposal = Sample(context);
                if (proposal is null)
                {
                    return (FinishStored(handle, TrialState.Complete, value, null, null, metrics, notifySampler: false), null);
                }

                sent = true;
                (finished, next) = chain.CompleteAndCreateTrial(handle.Trial.Id, value, metrics, _record.Id, Running(proposal.Parameters, proposal.ClaimKey), at);
            }
            catch (Exception exception) when (_storage.IsTransientFailure(exception))
            {
                // The sampler's read or the statement failed. Both committed or neither: finishing again (with the usual
                // retries) finds its own finish if it was stored (FinishOnce), and a trial the statement created is this
                // worker's, started at `at` with the proposal's parameters, and was never handed out: it is handed out
                // now, so it runs (or, if the loop stops, goes back to the queue) instead of waiting, Running, for the
                // dead-worker check.
                TrialResult<TConfig> told = FinishStored(handle, TrialState.Complete, value, null, null, metrics, notifySampler: false);
                if (!sent)
                {
                    return (told, null);
                }

                FrozenTrial? created = StorageRetry.Run(
                    _storage, _retryDeadline, _logger, _record.Name, (Dispatcher: this, Proposed: ToStored(proposal!.Parameters), At: at), static find => find.Dispatcher.FindChainedOrphan(find.Proposed, find.At));
                return (told, created is null ? null : HandOut(context, created, proposal.Parameters));
            }
            catch when (!sent)
            {
                // A sampler that threw before anything was stored must not cost the trial its result.
                FinishStored(handle, TrialState.Complete, value, null, null, metrics, notifySampler: false);
                throw;
            }

            _handedOut.Remove(finished.Id);
            return (new TrialResult<TConfig>(finished), next is null ? null : HandOut(context, next, proposal.Parameters));
        }
    }

    // A trial created ahead is this worker's until the loop runs it; a sampler that throws on hearing of it must not
    // leave it Running.
    private TrialHandle<TConfig> HandOut(SamplerContext context, FrozenTrial created, ParameterSet parameters)
    {
        _handedOut.Add(created.Id);
        TrialHandle<TConfig> handle = Handle(created, parameters);
        try
        {
            _sampler.OnTrialStarted(context, created);
        }
        catch
        {
            ReturnToQueue(handle);
            throw;
        }

        return handle;
    }

    /// <summary>Puts a trial handed out by <see cref="CompleteAndAsk"/> that will not run back in the queue, for the next ask of any worker.</summary>
    public void ReturnToQueue(TrialHandle<TConfig> handle)
    {
        var chain = (ITrialChainStorage)_storage;
        StorageRetry.Run(_storage, _retryDeadline, _logger, _record.Name, (chain, handle.Trial.Id), static returned =>
        {
            returned.chain.ReturnToQueue(returned.Id);
            return true;
        });
        lock (_samplerGate)
        {
            _handedOut.Remove(handle.Trial.Id);
        }
    }

    private void RequireOwn(TrialHandle<TConfig> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!handle.Trial.BelongsTo(_storage, _record.Id))
        {
            throw new ArgumentException(
                $"Trial {handle.Trial.Number.ToString(CultureInfo.InvariantCulture)} was handed out by another study (or another storage); it can only be told to the study '{_record.Name}' that asked for it if it is that study's trial.",
                nameof(handle));
        }
    }

    private SampleProposal? Sample(SamplerContext context)
    {
        // Timed only while someone listens: the hot path of a fast objective pays nothing for the metric.
        long sampling = AttrTuneTelemetry.SamplerDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        SampleProposal? proposal = _sampler.Sample(context);
        if (sampling != 0)
        {
            AttrTuneTelemetry.SamplerDuration.Record(Stopwatch.GetElapsedTime(sampling).TotalMilliseconds, _studyTag);
        }

        LogSamplerChanges(context);
        return proposal;
    }

    // A retried finish may find its own earlier attempt committed (the reply was lost): that is success, not a conflict.
    private FrozenTrial FinishOnce(Trial trial, TrialState state, double? value, string? reason, TrialFailure? failure, MetricValues? metrics)
    {
        try
        {
            return _storage.FinishTrial(trial.Id, state, value, reason, failure, metrics);
        }
        catch (TrialStateException)
        {
            FrozenTrial stored = _storage.GetTrial(trial.Id);
            if (stored.State == state && stored.Value == value && stored.FailReason == reason)
            {
                return stored;
            }

            throw;
        }
    }

    private TrialHandle<TConfig> Handle(FrozenTrial trial, ParameterSet parameters) =>
        new(TConfig.FromParameters(parameters), new Trial(_storage, _record.Id, _record.Direction, _pruner, trial, parameters));

    // After a change of space, samplers see the earlier spaces' trials that fit the current one, in its terms.
    private SamplerContext Context() =>
        new(TConfig.Descriptor, _record.Direction, _projection is null ? () => _storage.GetTrials(_record.Id) : ProjectedTrials) { AllowRepeats = _allowRepeats, Metrics = _metrics };

    // The study's trials with one of this worker's trials already finished, before the storage has it.
    private SamplerContext Context(FrozenTrial finishedHere) =>
        new(TConfig.Descriptor, _record.Direction, () => TrialListWithOne.Replacing(_storage.GetTrials(_record.Id), finishedHere)) { AllowRepeats = _allowRepeats, Metrics = _metrics };

    private List<FrozenTrial> ProjectedTrials()
    {
        IReadOnlyList<FrozenTrial> stored = _storage.GetTrials(_record.Id);
        var trials = new List<FrozenTrial>(stored.Count);
        foreach (FrozenTrial trial in stored)
        {
            if (_projection!.Project(trial) is { } projected)
            {
                trials.Add(projected);
            }
        }

        return trials;
    }

    private static Dictionary<string, double> ToStored(ParameterSet parameters) =>
        parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
