using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Export;
using AttrTune.Observability;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Microsoft.Extensions.Logging;

namespace AttrTune;

/// <summary>
/// A hyperparameter study over the configuration type <typeparamref name="TConfig"/>: the objective receives typed
/// configurations and the results come back typed (<c>study.Best.Config</c> is a <typeparamref name="TConfig"/>).
/// </summary>
/// <typeparam name="TConfig">A <see cref="SearchSpaceAttribute"/> type.</typeparam>
/// <remarks>
/// Thread-safe. Sampling and trial creation run under one lock (samplers need not be thread-safe); objectives
/// run concurrently up to <see cref="OptimizeOptions.Parallelism"/>. The work is split the way the pieces change:
/// ask and tell in <c>TrialDispatcher</c>, the optimisation loop in <c>OptimizeLoop</c>, the worker's heartbeat in
/// <c>WorkerHeartbeat</c>, export in <see cref="StudyExport"/>; this type is the surface a user holds.
/// </remarks>
public sealed class Study<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    /// <summary>The user attribute a retry carries: the number of the trial it retries.</summary>
    public const string RetryOfAttribute = "attrtune.retry_of";

    private readonly TrialDispatcher<TConfig> _dispatcher;
    private readonly DeadWorkerPolicy _deadWorkers;
    private readonly Func<FrozenTrial, NewTrial>? _retry;
    private readonly TimeSpan _heartbeatInterval;
    private readonly TimeSpan _retryDeadline;
    private readonly TimeProvider _time;
    private readonly object _askedGate = new();
    private readonly HashSet<long> _askedTrials = new();
    private WorkerHeartbeat? _askedHeartbeat;
    private int _optimizing;

    private Study(IStudyStorage storage, StudyRecord record, TrialDispatcher<TConfig> dispatcher, StudyOptions options, DeadWorkerPolicy deadWorkers, Func<FrozenTrial, NewTrial>? retry, IReadOnlyList<FrozenTrial> recovered, MultiObjective.MetricsDescriptor? metrics)
    {
        Metrics = metrics;
        Storage = storage;
        Record = record;
        _dispatcher = dispatcher;
        _deadWorkers = deadWorkers;
        _retry = retry;
        _heartbeatInterval = options.HeartbeatInterval;
        _retryDeadline = options.StorageRetryDeadline;
        _time = options.TimeProvider;
        RecoveredTrials = recovered;
        Logger = options.ResolveLogger();
        if (Logger.IsEnabled(LogLevel.Information))
        {
            StudyLog.StudyOpened(Logger, record.Name, storage.GetTrials(record.Id).Count, dispatcher.Sampler.GetType().Name);
        }

        LogRecovered(recovered);
    }

    /// <summary>The objectives and constraints when the study runs for <see cref="Study{TConfig, TMetrics}"/>; null for a study with one value per trial.</summary>
    internal MultiObjective.MetricsDescriptor? Metrics { get; }

    /// <summary>How trials of the study's earlier spaces read in its current one; null when its space never changed.</summary>
    internal SpaceProjection? Projection { get; private init; }

    /// <summary>Where this study logs (silent unless <see cref="StudyOptions.LoggerFactory"/> or <see cref="StudyOptions.Logger"/> was set).</summary>
    internal ILogger Logger { get; }

    internal void LogRecovered(IReadOnlyList<FrozenTrial> recovered)
    {
        foreach (FrozenTrial trial in recovered)
        {
            StudyLog.DeadWorkerTrialRecovered(Logger, Name, trial.Number, trial.FailReason ?? "its worker stopped");
        }
    }

    /// <summary>The study's name.</summary>
    public string Name => Record.Name;

    /// <summary>The study as stored.</summary>
    public StudyRecord Record { get; }

    /// <summary>Minimize or maximize.</summary>
    public StudyDirection Direction => Record.Direction;

    /// <summary>The storage the study lives in.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>The sampler that proposes this study's configurations (the auto sampler unless one was given).</summary>
    public ISampler Sampler => _dispatcher.Sampler;

    /// <summary>Trials that were left running by a dead worker and marked failed when this study was opened.</summary>
    public IReadOnlyList<FrozenTrial> RecoveredTrials { get; }

    /// <summary>
    /// The best complete trial. One indexed read of the storage (it does not scan the study), so it is cheap to
    /// read after every trial.
    /// </summary>
    /// <exception cref="InvalidOperationException">No trial has completed yet.</exception>
    public TrialResult<TConfig> Best => TryGetBest() ?? throw new InvalidOperationException($"Study '{Name}' has no complete trial yet.");

    /// <summary>Creates the study, or resumes it if one with this name exists in the storage.</summary>
    /// <exception cref="IncompatibleStudyException">The stored study has another config type, direction or an incompatible space.</exception>
    /// <exception cref="ArgumentException">Both <see cref="StudyOptions.Seed"/> and <see cref="StudyOptions.Sampler"/> are set.</exception>
    public static Study<TConfig> CreateOrResume(string name, StudyOptions? options = null) => Open(name, options, mustExist: false);

    /// <summary>
    /// Opens a study that must already exist: use it to analyse or continue a study, where a misspelt name should be
    /// an error rather than a new, empty study (as <see cref="CreateOrResume"/> would make).
    /// </summary>
    /// <exception cref="StudyNotFoundException">The storage has no study of that name; the message lists the ones it has.</exception>
    /// <exception cref="IncompatibleStudyException">The stored study has another config type, direction or an incompatible space.</exception>
    public static Study<TConfig> Load(string name, StudyOptions? options = null) => Open(name, options, mustExist: true);

    // Metrics only while a listener is subscribed, log lines only at enabled levels (the best trial costs a storage
    // read): a study nobody watches pays two flag checks per trial.
    private void Observe(FrozenTrial finished, Exception? exception)
    {
        if (AttrTuneTelemetry.Trials.Enabled || AttrTuneTelemetry.TrialDuration.Enabled)
        {
            var studyTag = new KeyValuePair<string, object?>("attrtune.study", Name);
            var stateTag = new KeyValuePair<string, object?>("state", finished.State.ToString());
            AttrTuneTelemetry.Trials.Add(1, studyTag, stateTag);
            if (finished.Duration is { } duration)
            {
                AttrTuneTelemetry.TrialDuration.Record(duration.TotalSeconds, studyTag, stateTag);
            }
        }

        switch (finished.State)
        {
            case TrialState.Complete when Metrics is not null && Logger.IsEnabled(LogLevel.Information):
                StudyLog.TrialCompletedWithMetrics(Logger, Name, finished.Number, MetricsText.Describe(Metrics, finished), finished.Duration?.TotalMilliseconds ?? 0);
                break;
            case TrialState.Complete when Logger.IsEnabled(LogLevel.Information):
                // Retried like the tell it follows: a log line must never end a study that a restarting database did not.
                FrozenTrial best = StorageRetry.Run(Storage, _retryDeadline, Logger, Name, this, static study => study.Storage.GetBestTrial(study.Record.Id)) ?? finished;
                StudyLog.TrialCompleted(Logger, Name, finished.Number, finished.Value!.Value, finished.Duration?.TotalMilliseconds ?? 0, best.Number, best.Value!.Value);
                break;
            case TrialState.Pruned:
                StudyLog.TrialPruned(Logger, Name, finished.Number, finished.LastIntermediate?.Key, finished.Value);
                break;
            case TrialState.Failed:
                StudyLog.TrialFailed(Logger, exception, Name, finished.Number, finished.Failure?.Headline ?? finished.FailReason ?? "no reason given");
                break;
        }
    }

    internal static Study<TConfig> Open(string name, StudyOptions? options, bool mustExist, MultiObjective.MetricsDescriptor? metrics = null)
    {
        options ??= new StudyOptions();
        options.Validate();
        ISampler sampler = options.Sampler ?? (metrics is null ? new AutoSampler(options.Seed) : new MultiObjective.AutoMultiObjectiveSampler(options.Seed));
        if (metrics is not null)
        {
            CheckMetricsOptions(name, options, sampler, metrics);
        }

        IStudyStorage storage = options.Storage ?? new InMemoryStorage(options.TimeProvider);
        SearchSpaceDescriptor descriptor = TConfig.Descriptor;
        if (mustExist && storage.FindStudy(name) is null)
        {
            IReadOnlyList<string> names = storage.GetStudyNames();
            string known = names.Count == 0 ? "it holds no study" : "it holds " + string.Join(", ", names.Select(n => $"'{n}'"));
            throw new StudyNotFoundException(name, names, $"There is no study named '{name}' in the storage ({known}). Use Study.CreateOrResume to create one.");
        }

        StudyDirection direction = metrics?.Directions[0] ?? options.Direction;
        string? metricsJson = metrics?.ToJson();
        if (options.AcceptChangedSpace && storage.FindStudy(name) is { } existing && existing.SpaceFingerprint != descriptor.Fingerprint)
        {
            // Everything but the space must still match before the study is changed.
            StorageChecks.Compatible(existing with { SpaceFingerprint = descriptor.Fingerprint }, direction, descriptor.Fingerprint, descriptor.ToString(), metricsJson);
            storage.AdoptSpace(existing.Id, descriptor.Fingerprint, descriptor.ToString(), descriptor.ToJson());
        }

        StudyRecord record = storage.CreateOrLoadStudy(name, direction, descriptor.Fingerprint, descriptor.ToString(), descriptor.ToJson(), metricsJson);
        SpaceProjection? projection = record.SpaceVersion > 0 ? new SpaceProjection(descriptor, record.SpaceVersion, storage.GetSpaceHistory(record.Id)) : null;
        var deadWorkers = new DeadWorkerPolicy(options.DeadWorkerTimeout);
        Func<FrozenTrial, NewTrial>? retry = options.RetryTrialsOfDeadWorkers ? RetryOf : null;
        IReadOnlyList<FrozenTrial> recovered = deadWorkers.FailTrialsOfDeadWorkers(storage, record.Id, retry);
        var dispatcher = new TrialDispatcher<TConfig>(storage, record, sampler, options.Pruner, WorkerIdentity.Current, options.StorageRetryDeadline, options.NoisyObjective, options.ResolveLogger(), metrics, projection);
        return new Study<TConfig>(storage, record, dispatcher, options, deadWorkers, retry, recovered, metrics) { Projection = projection };
    }

    // Refused before anything is stored: each of these would run a study that silently optimises something else.
    private static void CheckMetricsOptions(string name, StudyOptions options, ISampler sampler, MultiObjective.MetricsDescriptor metrics)
    {
        if (options.Direction != StudyDirection.Minimize)
        {
            throw new ArgumentException(
                $"Study '{name}': StudyOptions.Direction is {options.Direction}, but a study over {metrics.TypeName} takes each objective's direction from its [Minimize] or [Maximize]; leave Direction unset.",
                nameof(options));
        }

        if (sampler is not IMultiObjectiveSampler)
        {
            throw new ArgumentException(
                $"Study '{name}': the sampler {sampler.GetType().Name} optimises one value and would ignore the other objectives and the constraints of {metrics.TypeName}. Use AutoMultiObjectiveSampler (the default), MotpeSampler, NsgaIISampler, or a sampler that reads no values (RandomSampler, SobolSampler, GridSampler).",
                nameof(options));
        }

        if (options.Pruner is not null && metrics.HasSeveralObjectives)
        {
            throw new ArgumentException(
                $"Study '{name}': the pruner {options.Pruner.GetType().Name} compares one intermediate value per step, and {metrics.TypeName} has {metrics.Objectives.Count} objectives, so there is no one value to prune on (as in Optuna). Remove StudyOptions.Pruner, or report and prune on one objective in a single-objective study.",
                nameof(options));
        }
    }

    // A retry's claim key is unique to the trial it retries, so however many processes recover or retry the same
    // failed trial, one retry is queued.
    private static NewTrial RetryOf(FrozenTrial failed) =>
        new NewTrial(TrialState.Waiting, failed.Parameters, Distributions: TrialDispatcher<TConfig>.Distributions) with
        {
            SpaceVersion = failed.SpaceVersion,
            ClaimKey = "retry-of:" + failed.Number.ToString(CultureInfo.InvariantCulture),
            Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [RetryOfAttribute] = failed.Number.ToString(CultureInfo.InvariantCulture) },
        };

    /// <summary>All trials so far, typed, in number order: a snapshot read from the storage.</summary>
    /// <remarks>
    /// After a change of space (<see cref="StudyOptions.AcceptChangedSpace"/>), a trial of an earlier space reads in
    /// the current one (<see cref="TrialResult{TConfig}.Config"/>); <see cref="FrozenTrial.SpaceVersion"/> says which.
    /// </remarks>
    public IReadOnlyList<TrialResult<TConfig>> GetTrials() => Storage.GetTrials(Record.Id).Select(t => new TrialResult<TConfig>(t, Projection)).ToList();

    /// <summary>
    /// The best complete trial, or null. After a change of space, the best of the trials whose values fit the current
    /// space (a trial outside it has no configuration of the current type).
    /// </summary>
    public TrialResult<TConfig>? TryGetBest()
    {
        FrozenTrial? best = Storage.GetBestTrial(Record.Id);
        if (best is not null && Projection is not null && Projection.Project(best) is null)
        {
            best = Storage.GetTrials(Record.Id)
                .Where(t => t.State == TrialState.Complete && Projection.Project(t) is not null)
                .Aggregate((FrozenTrial?)null, (current, t) => current is null || Direction.IsBetter(t.Value!.Value, current.Value!.Value) ? t : current);
        }

        return best is null ? null : new TrialResult<TConfig>(best, Projection);
    }

    /// <summary>
    /// Queues a known configuration (a warm start, the baseline); it runs before sampled ones. A configuration that
    /// is already queued, running or complete in the study is not queued again (as Optuna's <c>skip_if_exists</c>),
    /// so a program that enqueues its baseline on every start, in every process, queues it once.
    /// </summary>
    /// <returns>True if it was queued; false if the study already has it.</returns>
    /// <exception cref="ArgumentException">The configuration is outside the space; the message names the parameter.</exception>
    public bool Enqueue(TConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        ParameterSet parameters = config.ToParameters();
        NewTrial waiting = TrialDispatcher<TConfig>.Waiting(parameters, Record.SpaceVersion);
        if (Storage.GetTrials(Record.Id).Any(t => t.State is TrialState.Complete or TrialState.Running or TrialState.Waiting && SameParameters(t.Parameters, waiting.Parameters)))
        {
            return false;
        }

        // The claim key makes two processes enqueueing the same configuration at the same moment queue it once.
        return Storage.TryCreateTrial(Record.Id, waiting with { ClaimKey = "enqueued:" + ParameterKey(waiting.Parameters) }) is not null;
    }

    /// <summary>Queues the baseline configuration (<c>CreateDefault()</c>), so it is trial 0 of a new study; queued once however often it is called.</summary>
    /// <returns>True if it was queued; false if the study already has it.</returns>
    public bool EnqueueDefault() => Enqueue(TConfig.CreateDefault());

    /// <summary>
    /// Queues a retry of every failed trial that was never retried, so a grid point or an enqueued configuration
    /// whose only run failed (a crash, a bug since fixed) gets evaluated. Each retry records the trial it retries in
    /// <see cref="RetryOfAttribute"/>; a trial is retried at most once by this call, in any number of processes.
    /// </summary>
    /// <returns>How many retries were queued.</returns>
    public int RetryFailedTrials()
    {
        IReadOnlyList<FrozenTrial> trials = Storage.GetTrials(Record.Id);
        int queued = 0;
        foreach (FrozenTrial failed in trials.Where(t => t.State == TrialState.Failed))
        {
            // A configuration completed since (by a retry of another failed trial, or by chance) needs no retry.
            if (trials.Any(t => t.State == TrialState.Complete && SameParameters(t.Parameters, failed.Parameters)))
            {
                continue;
            }

            if (Storage.TryCreateTrial(Record.Id, RetryOf(failed)) is not null)
            {
                queued++;
            }
        }

        return queued;
    }

    /// <summary>
    /// Queues a retry of <paramref name="failed"/> unless the chain of retries that led to it already holds
    /// <paramref name="maxRetries"/> of them; the retry's claim key makes it one per failed trial across processes.
    /// </summary>
    internal bool RetryFailedTrial(FrozenTrial failed, int maxRetries)
    {
        if (maxRetries <= 0 || failed.State != TrialState.Failed)
        {
            return false;
        }

        int depth = 0;
        IReadOnlyList<FrozenTrial>? trials = null;
        for (FrozenTrial trial = failed; trial.UserAttributes.TryGetValue(RetryOfAttribute, out string? of) && int.TryParse(of, NumberStyles.None, CultureInfo.InvariantCulture, out int number);)
        {
            depth++;
            trials ??= Storage.GetTrials(Record.Id);
            if (number >= trials.Count || depth >= maxRetries)
            {
                break;
            }

            trial = trials[number];
        }

        return depth < maxRetries && Storage.TryCreateTrial(Record.Id, RetryOf(failed)) is not null;
    }

    /// <summary>Adds a configuration that was already evaluated elsewhere.</summary>
    /// <exception cref="ArgumentException">The value is not finite, or the configuration is outside the space.</exception>
    public TrialResult<TConfig> AddCompletedTrial(TConfig config, double value)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"A completed trial needs a finite value, got {value.ToString(CultureInfo.InvariantCulture)}.", nameof(value));
        }

        FrozenTrial created = Storage.TryCreateTrial(Record.Id, _dispatcher.Running(config.ToParameters()))!;
        return new TrialResult<TConfig>(Storage.FinishTrial(created.Id, TrialState.Complete, value, null));
    }

    /// <summary>Starts a running trial with exactly <paramref name="config"/>, bypassing the sampler and the queue of enqueued trials.</summary>
    internal TrialHandle<TConfig> StartTrial(TConfig config) => _dispatcher.Start(config);

    /// <summary>Starts a trial for a loop of your own; finish it with <see cref="Tell"/>, <see cref="TellPruned"/> or <see cref="TellFailed(TrialHandle{TConfig}, string)"/>.</summary>
    /// <exception cref="SamplerExhaustedException">The sampler has nothing left (an exhausted grid).</exception>
    public TrialHandle<TConfig> Ask() =>
        TryAsk(out TrialHandle<TConfig>? handle)
            ? handle
            : throw new SamplerExhaustedException(Name, $"Study '{Name}': the sampler has no point left to evaluate (every grid point is claimed).");

    /// <summary>
    /// Starts a trial, or returns false when the sampler has nothing left. While this process holds asked trials
    /// (until each is told), a heartbeat keeps them alive in the storage; if the process dies, any other worker of
    /// the study fails them after <see cref="StudyOptions.DeadWorkerTimeout"/> (at once on the same host).
    /// </summary>
    public bool TryAsk([NotNullWhen(true)] out TrialHandle<TConfig>? handle)
    {
        if (!_dispatcher.TryAsk(out handle))
        {
            return false;
        }

        lock (_askedGate)
        {
            _askedTrials.Add(handle.Trial.Id);
            _askedHeartbeat ??= new WorkerHeartbeat(Storage, Record.Id, _dispatcher.Worker, _deadWorkers, _retry, _heartbeatInterval, _time, LogRecovered);
        }

        return true;
    }

    /// <summary>Finishes a trial with its objective value; a NaN or infinite value fails it, with the reason.</summary>
    /// <exception cref="ArgumentException">The handle belongs to another study.</exception>
    public TrialResult<TConfig> Tell(TrialHandle<TConfig> handle, double value) =>
        double.IsFinite(value)
            ? Finish(handle, TrialState.Complete, value, null)
            : Finish(handle, TrialState.Failed, null, $"The objective returned {value.ToString(CultureInfo.InvariantCulture)}, not a finite number.");

    /// <summary>Finishes a trial as pruned, keeping its last reported value.</summary>
    /// <exception cref="ArgumentException">The handle belongs to another study.</exception>
    public TrialResult<TConfig> TellPruned(TrialHandle<TConfig> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return Finish(handle, TrialState.Pruned, handle.Trial.Snapshot().LastIntermediate?.Value, null);
    }

    /// <summary>Finishes a trial as failed with a reason.</summary>
    /// <exception cref="ArgumentException">The handle belongs to another study.</exception>
    public TrialResult<TConfig> TellFailed(TrialHandle<TConfig> handle, string reason) => Finish(handle, TrialState.Failed, null, reason);

    /// <summary>
    /// Finishes a trial as failed by <paramref name="exception"/>: its whole text (type, message, stack trace) is the
    /// reason, and the type, message and stack trace are also stored apart (<see cref="FrozenTrial.Failure"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The handle belongs to another study.</exception>
    public TrialResult<TConfig> TellFailed(TrialHandle<TConfig> handle, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Finish(handle, TrialState.Failed, null, FailureText.Describe(exception), TrialFailure.FromException(exception), exception);
    }

    /// <summary>
    /// Finishes a trial of a study with a metrics type with every objective's and constraint's value; a NaN or infinite
    /// one fails the trial, with a reason that names the metric.
    /// </summary>
    internal TrialResult<TConfig> TellMetrics(TrialHandle<TConfig> handle, double[] objectives, double[] constraints)
    {
        MultiObjective.MetricsDescriptor metrics = Metrics ?? throw new InvalidOperationException($"Study '{Name}' has one value per trial; tell it a double.");
        string? bad = MetricsText.FirstNonFinite(metrics, objectives, constraints);
        return bad is null
            ? Finish(handle, TrialState.Complete, objectives[0], null, metrics: new MetricValues(System.Collections.Immutable.ImmutableArray.Create(objectives), System.Collections.Immutable.ImmutableArray.Create(constraints)))
            : Finish(handle, TrialState.Failed, null, $"The objective returned {bad}, not a finite number.");
    }

    /// <summary>
    /// <see cref="Tell"/> for the optimize loop, which goes straight on to another trial: on a storage that can, the
    /// next trial is created in the same commit and returned (null otherwise: ask as usual).
    /// </summary>
    internal (TrialResult<TConfig> Result, TrialHandle<TConfig>? Next) TellAndAsk(TrialHandle<TConfig> handle, double value)
    {
        if (!double.IsFinite(value))
        {
            return (Tell(handle, value), null);
        }

        (TrialResult<TConfig> result, TrialHandle<TConfig>? next) = _dispatcher.CompleteAndAsk(handle, value, null);
        return ObserveChained(result, next);
    }

    /// <summary><see cref="TellMetrics"/> for the optimize loop, as <see cref="TellAndAsk"/>.</summary>
    internal (TrialResult<TConfig> Result, TrialHandle<TConfig>? Next) TellMetricsAndAsk(TrialHandle<TConfig> handle, double[] objectives, double[] constraints)
    {
        if (Metrics is not { } metrics || MetricsText.FirstNonFinite(metrics, objectives, constraints) is not null)
        {
            return (TellMetrics(handle, objectives, constraints), null);
        }

        (TrialResult<TConfig> result, TrialHandle<TConfig>? next) = _dispatcher.CompleteAndAsk(
            handle, objectives[0], new MetricValues(System.Collections.Immutable.ImmutableArray.Create(objectives), System.Collections.Immutable.ImmutableArray.Create(constraints)));
        return ObserveChained(result, next);
    }

    // Logging reads the storage (the best so far); if that fails past its retries, the trial created ahead goes back
    // to the queue before the error ends the loop, rather than staying Running under a live worker.
    private (TrialResult<TConfig> Result, TrialHandle<TConfig>? Next) ObserveChained(TrialResult<TConfig> result, TrialHandle<TConfig>? next)
    {
        try
        {
            Observe(result.Frozen, null);
        }
        catch when (next is not null)
        {
            _dispatcher.ReturnToQueue(next);
            throw;
        }

        return (result, next);
    }

    /// <summary>Puts a trial that <see cref="TellAndAsk"/> created but the loop will not run back in the queue.</summary>
    internal void ReturnToQueue(TrialHandle<TConfig> handle) => _dispatcher.ReturnToQueue(handle);

    private TrialResult<TConfig> Finish(TrialHandle<TConfig> handle, TrialState state, double? value, string? reason, TrialFailure? failure = null, Exception? exception = null, MetricValues? metrics = null)
    {
        TrialResult<TConfig> result = _dispatcher.Finish(handle, state, value, reason, failure, metrics);
        Observe(result.Frozen, exception);
        lock (_askedGate)
        {
            if (_askedTrials.Remove(handle.Trial.Id) && _askedTrials.Count == 0)
            {
                _askedHeartbeat?.Dispose();
                _askedHeartbeat = null;
            }
        }

        return result;
    }

    internal static bool SameParameters(IReadOnlyDictionary<string, double> a, IReadOnlyDictionary<string, double> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out double value) && value.Equals(p.Value));

    // A short, stable digest of a parameter set (names and exact values, in name order).
    private static string ParameterKey(IReadOnlyDictionary<string, double> parameters)
    {
        var text = new System.Text.StringBuilder();
        foreach ((string name, double value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append('=').Append(BitConverter.DoubleToInt64Bits(value).ToString("x16", CultureInfo.InvariantCulture)).Append(';');
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }

    /// <summary>Runs trials of a synchronous objective until a stop condition is met.</summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the objective's type (a plain function or one with the trial and token), so no call can bind to both; the optional callback and token are the same in each.")]
    public Task OptimizeAsync(Func<TConfig, double> objective, OptimizeOptions options, Action<TrialFinishedContext<TConfig>>? onTrialFinished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return OptimizeAsync((config, _, _) => new ValueTask<double>(objective(config)), options, onTrialFinished, cancellationToken);
    }

    /// <summary>
    /// Runs the study as <see cref="OptimizeAsync(Func{TConfig, Trial, CancellationToken, ValueTask{double}}, OptimizeOptions, Action{TrialFinishedContext{TConfig}}?, CancellationToken)"/>
    /// does and hands back each trial as it finishes (complete, pruned or failed), in the order they finish: the
    /// progress idiom of .NET (<c>await foreach</c>). Leaving the loop early (<c>break</c>) stops the study: running
    /// trials are failed as on cancellation and no new one starts. An exception that ends the study
    /// (<see cref="OptimizeOptions.StopOnFailure"/>, a storage failure) is thrown from the loop.
    /// </summary>
    /// <example><code>
    /// await foreach (TrialResult&lt;MyConfig&gt; trial in study.OptimizeStreamAsync(Train, new OptimizeOptions { MaxTrials = 50 }))
    ///     Console.WriteLine($"{trial.Number}: {trial.State} {trial.Value}");
    /// </code></example>
    /// <exception cref="InvalidOperationException">Another <c>OptimizeAsync</c> of this study object is still running.</exception>
    public async IAsyncEnumerable<TrialResult<TConfig>> OptimizeStreamAsync(
        Func<TConfig, Trial, CancellationToken, ValueTask<double>> objective,
        OptimizeOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        await foreach (TrialResult<TConfig> trial in TrialStream.ReadAsync<TrialResult<TConfig>>((onFinished, token) => OptimizeAsync(objective, options, context => onFinished(context.Trial), token), cancellationToken).ConfigureAwait(false))
        {
            yield return trial;
        }
    }

    /// <summary>
    /// Runs trials until a stop condition is met: <see cref="OptimizeOptions.MaxTrials"/>, <see cref="OptimizeOptions.Timeout"/>,
    /// <see cref="OptimizeOptions.TargetValue"/>, a callback's <c>Stop()</c>, an exhausted sampler, or cancellation.
    /// An objective that throws fails its trial (with the exception's type, message and stack trace) and the study
    /// goes on, unless <see cref="OptimizeOptions.StopOnFailure"/>. On cancellation, running trials are marked failed,
    /// so storage stays consistent, and <see cref="OperationCanceledException"/> is thrown. While it runs, the worker's
    /// heartbeat is kept and trials of workers that died meanwhile are failed.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another <c>OptimizeAsync</c> of this study object is still running
    /// (run several workers with <see cref="OptimizeOptions.Parallelism"/>, or open the study again in another process).</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the objective's type (a plain function or one with the trial and token), so no call can bind to both; the optional callback and token are the same in each.")]
    public async Task OptimizeAsync(
        Func<TConfig, Trial, CancellationToken, ValueTask<double>> objective,
        OptimizeOptions options,
        Action<TrialFinishedContext<TConfig>>? onTrialFinished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await RunAsync(new OptimizeLoop<TConfig>(this, _dispatcher, objective, options, onTrialFinished, _time), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The loop of <see cref="Study{TConfig, TMetrics}"/>: the objective returns every objective's and constraint's value.</summary>
    internal async Task OptimizeMetricsAsync(
        Func<TConfig, Trial, CancellationToken, ValueTask<(double[] Objectives, double[] Constraints)>> objective,
        OptimizeOptions options,
        Action<TrialFinishedContext<TConfig>>? onTrialFinished,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.TargetValue is { } target && Metrics is { HasSeveralObjectives: true } metrics)
        {
            throw new ArgumentException(
                $"Study '{Name}': OptimizeOptions.TargetValue ({target.ToString(CultureInfo.InvariantCulture)}) needs one objective, and {metrics.TypeName} has {metrics.Objectives.Count}; stop the study from the callback instead.",
                nameof(options));
        }

        await RunAsync(new OptimizeLoop<TConfig>(this, _dispatcher, objective, options, onTrialFinished, _time), cancellationToken).ConfigureAwait(false);
    }

    // One loop at a time per study object: a second OptimizeAsync would share the dispatcher's in-flight trials.
    private async Task RunAsync(OptimizeLoop<TConfig> loop, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _optimizing, 1) == 1)
        {
            throw new InvalidOperationException($"Study '{Name}' is already being optimised by another OptimizeAsync call on this object; wait for it, or raise OptimizeOptions.Parallelism instead.");
        }

        try
        {
            await loop.RunAsync(_deadWorkers, _retry, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _optimizing, 0);
        }
    }

    /// <summary>
    /// Writes every trial as CSV (RFC 4180): number, state, value, timings, one column per parameter (typed values),
    /// user attributes, intermediate values and the failure reason. See <see cref="StudyExport.WriteCsv"/>.
    /// </summary>
    public void ExportCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        StudyExport.WriteCsv(TConfig.Descriptor, Record, ExportedTrials(), writer);
    }

    // A trial of an earlier space is exported with the values of it that fit the current one; its space version is in
    // the export.
    private IReadOnlyList<FrozenTrial> ExportedTrials()
    {
        IReadOnlyList<FrozenTrial> trials = Storage.GetTrials(Record.Id);
        return Projection is null ? trials : trials.Select(Projection.ProjectFitting).ToList();
    }

    /// <summary>Writes the study and every trial as JSON (typed parameter values and internal values). See <see cref="StudyExport.WriteJson"/>.</summary>
    public void ExportJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        StudyExport.WriteJson(TConfig.Descriptor, Record, ExportedTrials(), stream);
    }
}
