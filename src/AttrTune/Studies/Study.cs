using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Distributions;
using AttrTune.Pruners;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune;

/// <summary>
/// A hyperparameter study over the configuration type <typeparamref name="TConfig"/>: the objective receives typed
/// configurations and the results come back typed (<c>study.Best.Config</c> is a <typeparamref name="TConfig"/>).
/// </summary>
/// <typeparam name="TConfig">A <see cref="SearchSpaceAttribute"/> type.</typeparam>
/// <remarks>
/// Thread-safe. Sampling and trial creation run under one lock (samplers need not be thread-safe); objectives
/// run concurrently up to <see cref="OptimizeOptions.Parallelism"/>.
/// </remarks>
public sealed class Study<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly object _samplerGate = new();
    private readonly object _callbackGate = new();
    private readonly StudyRecord _record;
    private readonly ISampler _sampler;
    private readonly IPruner? _pruner;
    private readonly string _worker = WorkerIdentity.Current;

    // Each parameter's distribution, stored beside its value by backends that keep it (SQLite).
    private static readonly Dictionary<string, string> Distributions =
        TConfig.Descriptor.Parameters.ToDictionary(p => p.Name, p => p.Distribution.CanonicalText, StringComparer.Ordinal);
    private volatile bool _stopRequested;

    private Study(IStudyStorage storage, StudyRecord record, ISampler sampler, IPruner? pruner, IReadOnlyList<FrozenTrial> recovered)
    {
        Storage = storage;
        _record = record;
        _sampler = sampler;
        _pruner = pruner;
        RecoveredTrials = recovered;
    }

    /// <summary>The study's name.</summary>
    public string Name => _record.Name;

    /// <summary>The study as stored.</summary>
    public StudyRecord Record => _record;

    /// <summary>Minimize or maximize.</summary>
    public StudyDirection Direction => _record.Direction;

    /// <summary>The storage the study lives in.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>Trials that were left running by a dead worker and marked failed when this study was opened.</summary>
    public IReadOnlyList<FrozenTrial> RecoveredTrials { get; }

    /// <summary>All trials so far, typed, in number order (a snapshot).</summary>
    public IReadOnlyList<TrialResult<TConfig>> Trials => Storage.GetTrials(_record.Id).Select(t => new TrialResult<TConfig>(t)).ToList();

    /// <summary>The best complete trial.</summary>
    /// <exception cref="InvalidOperationException">No trial has completed yet.</exception>
    public TrialResult<TConfig> Best => TryGetBest() ?? throw new InvalidOperationException($"Study '{Name}' has no complete trial yet.");

    /// <summary>Creates the study, or resumes it if one with this name exists in the storage.</summary>
    /// <exception cref="InvalidOperationException">The stored study has another config type, direction or an incompatible space.</exception>
    public static Study<TConfig> CreateOrResume(string name, StudyOptions? options = null)
    {
        options ??= new StudyOptions();
        IStudyStorage storage = options.Storage ?? new InMemoryStorage();
        SearchSpaceDescriptor descriptor = TConfig.Descriptor;
        StudyRecord record = storage.CreateOrLoadStudy(name, options.Direction, descriptor.Fingerprint, descriptor.ToString());
        IReadOnlyList<FrozenTrial> recovered = storage.FailTrialsOfDeadWorkers(record.Id, options.DeadWorkerTimeout);
        if (options.RetryTrialsOfDeadWorkers)
        {
            foreach (FrozenTrial trial in recovered)
            {
                storage.TryCreateTrial(record.Id, new NewTrial(TrialState.Waiting, trial.Parameters, Distributions: Distributions));
            }
        }

        return new Study<TConfig>(storage, record, options.Sampler ?? new AutoSampler(options.Seed), options.Pruner, recovered);
    }

    /// <summary>The best complete trial, or null.</summary>
    public TrialResult<TConfig>? TryGetBest()
    {
        FrozenTrial? best = null;
        foreach (FrozenTrial trial in Storage.GetTrials(_record.Id))
        {
            if (trial.State == TrialState.Complete && (best is null || Direction.IsBetter(trial.Value!.Value, best.Value!.Value)))
            {
                best = trial;
            }
        }

        return best is null ? null : new TrialResult<TConfig>(best);
    }

    /// <summary>Queues a known configuration (a warm start, the baseline); it runs before sampled ones.</summary>
    /// <exception cref="ArgumentException">The configuration is outside the space; the message names the parameter.</exception>
    public void Enqueue(TConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Storage.TryCreateTrial(_record.Id, new NewTrial(TrialState.Waiting, ToStored(config.ToParameters()), Distributions: Distributions));
    }

    /// <summary>Queues the baseline configuration (<c>CreateDefault()</c>), so it is trial 0 of a new study.</summary>
    public void EnqueueDefault() => Enqueue(TConfig.CreateDefault());

    /// <summary>Adds a configuration that was already evaluated elsewhere.</summary>
    /// <exception cref="ArgumentException">The value is not finite, or the configuration is outside the space.</exception>
    public TrialResult<TConfig> AddCompletedTrial(TConfig config, double value)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"A completed trial needs a finite value, got {value.ToString(CultureInfo.InvariantCulture)}.", nameof(value));
        }

        FrozenTrial created = Storage.TryCreateTrial(_record.Id, new NewTrial(TrialState.Running, ToStored(config.ToParameters()), Worker: _worker, Distributions: Distributions))!;
        return new TrialResult<TConfig>(Storage.FinishTrial(created.Id, TrialState.Complete, value, null));
    }

    /// <summary>Starts a running trial with exactly <paramref name="config"/>, bypassing the sampler and the queue of enqueued trials.</summary>
    internal TrialHandle<TConfig> StartTrial(TConfig config)
    {
        ParameterSet parameters = config.ToParameters();
        lock (_samplerGate)
        {
            FrozenTrial trial = Storage.TryCreateTrial(_record.Id, new NewTrial(TrialState.Running, ToStored(parameters), Worker: _worker, Distributions: Distributions))!;
            _sampler.OnTrialStarted(Context(), trial);
            return new TrialHandle<TConfig>(TConfig.FromParameters(parameters), new Trial(Storage, _record.Id, Direction, _pruner, trial, parameters));
        }
    }

    /// <summary>Starts a trial for a loop of your own; finish it with <see cref="Tell"/>, <see cref="TellPruned"/> or <see cref="TellFailed"/>.</summary>
    /// <exception cref="InvalidOperationException">The sampler has nothing left (an exhausted grid).</exception>
    public TrialHandle<TConfig> Ask() =>
        TryAsk(out TrialHandle<TConfig>? handle) ? handle! : throw new InvalidOperationException($"Study '{Name}': the sampler has no point left to evaluate (every grid point is claimed).");

    /// <summary>Starts a trial, or returns false when the sampler has nothing left.</summary>
    public bool TryAsk(out TrialHandle<TConfig>? handle)
    {
        lock (_samplerGate)
        {
            FrozenTrial? trial = Storage.TryClaimWaitingTrial(_record.Id, _worker);
            ParameterSet? parameters = trial?.ToParameterSet(TConfig.Descriptor);
            SamplerContext context = Context();
            for (int attempt = 0; trial is null; attempt++)
            {
                if (attempt == 1000)
                {
                    throw new InvalidOperationException($"Study '{Name}': the sampler proposed 1000 points that were all claimed already.");
                }

                // After a refused claim, the sampler must see the trial that took the point: a fresh snapshot.
                context = attempt == 0 ? context : Context();
                SampleProposal? proposal = _sampler.Sample(context);
                if (proposal is null)
                {
                    handle = null;
                    return false;
                }

                parameters = proposal.Parameters;
                trial = Storage.TryCreateTrial(_record.Id, new NewTrial(TrialState.Running, ToStored(parameters), proposal.ClaimKey, _worker, Distributions));
            }

            _sampler.OnTrialStarted(context, trial);

            handle = new TrialHandle<TConfig>(TConfig.FromParameters(parameters!), new Trial(Storage, _record.Id, Direction, _pruner, trial, parameters!));
            return true;
        }
    }

    /// <summary>Finishes a trial with its objective value; a NaN or infinite value fails it, with the reason.</summary>
    public TrialResult<TConfig> Tell(TrialHandle<TConfig> handle, double value)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return double.IsFinite(value)
            ? Finish(handle.Trial, TrialState.Complete, value, null)
            : Finish(handle.Trial, TrialState.Failed, null, $"The objective returned {value.ToString(CultureInfo.InvariantCulture)}, not a finite number.");
    }

    /// <summary>Finishes a trial as pruned, keeping its last reported value.</summary>
    public TrialResult<TConfig> TellPruned(TrialHandle<TConfig> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return Finish(handle.Trial, TrialState.Pruned, handle.Trial.Snapshot().LastIntermediate?.Value, null);
    }

    /// <summary>Finishes a trial as failed with a reason.</summary>
    public TrialResult<TConfig> TellFailed(TrialHandle<TConfig> handle, string reason)
    {
        ArgumentNullException.ThrowIfNull(handle);
        return Finish(handle.Trial, TrialState.Failed, null, reason);
    }

    /// <summary>Runs trials of a synchronous objective until a stop condition is met.</summary>
    public Task OptimizeAsync(Func<TConfig, double> objective, OptimizeOptions options, Action<TrialFinishedContext<TConfig>>? onTrialFinished = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return OptimizeAsync((config, _, _) => new ValueTask<double>(objective(config)), options, onTrialFinished, cancellationToken);
    }

    /// <summary>
    /// Runs trials until a stop condition is met: <see cref="OptimizeOptions.MaxTrials"/>, <see cref="OptimizeOptions.Timeout"/>,
    /// <see cref="OptimizeOptions.TargetValue"/>, a callback's <c>Stop()</c>, an exhausted sampler, or cancellation.
    /// An objective that throws fails its trial (with the exception type and message) and the study goes on, unless
    /// <see cref="OptimizeOptions.StopOnFailure"/>. On cancellation, running trials are marked failed, so storage stays
    /// consistent, and <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public async Task OptimizeAsync(
        Func<TConfig, Trial, CancellationToken, ValueTask<double>> objective,
        OptimizeOptions options,
        Action<TrialFinishedContext<TConfig>>? onTrialFinished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _stopRequested = false;
        var clock = Stopwatch.StartNew();
        int started = 0;
        Exception? fatal = null;
        Storage.Heartbeat(_worker);
        using var heartbeat = new Timer(_ => SendHeartbeat(), null, options.HeartbeatInterval, options.HeartbeatInterval);

        async Task Work()
        {
            while (!_stopRequested && !cancellationToken.IsCancellationRequested)
            {
                if ((options.MaxTrials is { } max && Interlocked.Increment(ref started) > max)
                    || (options.Timeout is { } timeout && clock.Elapsed >= timeout)
                    || !TryAsk(out TrialHandle<TConfig>? handle))
                {
                    return;
                }

                TrialResult<TConfig> result;
                try
                {
                    double value = await objective(handle!.Config, handle.Trial, cancellationToken).ConfigureAwait(false);
                    result = Tell(handle, value);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    TellFailed(handle!, "The study was cancelled while the trial was running.");
                    return;
                }
                catch (TrialPrunedException)
                {
                    result = TellPruned(handle!);
                }
                catch (Exception exception)
                {
                    result = TellFailed(handle!, $"{exception.GetType().FullName}: {exception.Message}");
                    if (options.StopOnFailure)
                    {
                        fatal ??= exception;
                        _stopRequested = true;
                    }
                }

                if (options.TargetValue is { } target && result.State == TrialState.Complete
                    && !Direction.IsBetter(target, result.Value!.Value))
                {
                    _stopRequested = true;
                }

                if (onTrialFinished is not null)
                {
                    lock (_callbackGate)
                    {
                        onTrialFinished(new TrialFinishedContext<TConfig>(this, result, () => _stopRequested = true));
                    }
                }
            }
        }

        Task[] workers = Enumerable.Range(0, options.Parallelism).Select(_ => Task.Run(Work, CancellationToken.None)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        Storage.Heartbeat(_worker);
        if (fatal is not null)
        {
            throw new InvalidOperationException($"Study '{Name}' stopped: an objective threw ({fatal.GetType().Name}: {fatal.Message}).", fatal);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Writes every trial as CSV: number, state, value, timings, then one column per parameter path (display values), then the failure reason.</summary>
    public void ExportCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        SearchSpaceDescriptor descriptor = TConfig.Descriptor;
        writer.Write("number,state,value,started,completed,duration_seconds");
        foreach (ParameterDescriptor parameter in descriptor.Parameters)
        {
            writer.Write(',');
            writer.Write(Csv(parameter.Name));
        }

        writer.WriteLine(",fail_reason");
        foreach (FrozenTrial trial in Storage.GetTrials(_record.Id))
        {
            writer.Write(string.Join(',',
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.State.ToString(),
                trial.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
                trial.Started?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                trial.Completed?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                trial.Duration?.TotalSeconds.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty));
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                writer.Write(',');
                if (trial.Parameters.TryGetValue(parameter.Name, out double value))
                {
                    writer.Write(Csv(parameter.Distribution.FormatValue(value)));
                }
            }

            writer.Write(',');
            writer.WriteLine(Csv(trial.FailReason ?? string.Empty));
        }
    }

    /// <summary>Writes the study and every trial as JSON (parameters as display values and as internal values).</summary>
    public void ExportJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        SearchSpaceDescriptor descriptor = TConfig.Descriptor;
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("study", Name);
        json.WriteString("direction", Direction.ToString());
        json.WriteString("configType", descriptor.TypeName);
        json.WriteString("spaceFingerprint", descriptor.Fingerprint);
        json.WriteStartArray("trials");
        foreach (FrozenTrial trial in Storage.GetTrials(_record.Id))
        {
            json.WriteStartObject();
            json.WriteNumber("number", trial.Number);
            json.WriteString("state", trial.State.ToString());
            if (trial.Value is { } value)
            {
                json.WriteNumber("value", value);
            }

            if (trial.Started is { } startedAt)
            {
                json.WriteString("started", startedAt);
            }

            if (trial.Completed is { } completedAt)
            {
                json.WriteString("completed", completedAt);
            }

            json.WriteStartObject("params");
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                if (trial.Parameters.TryGetValue(parameter.Name, out double internalValue))
                {
                    if (parameter.Distribution is CategoricalDistribution categorical)
                    {
                        json.WriteString(parameter.Name, categorical.FormatChoice((int)internalValue).Trim('"'));
                    }
                    else
                    {
                        json.WriteNumber(parameter.Name, internalValue);
                    }
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("intermediateValues");
            foreach ((long step, double intermediate) in trial.IntermediateValues)
            {
                json.WriteNumber(step.ToString(CultureInfo.InvariantCulture), intermediate);
            }

            json.WriteEndObject();
            json.WriteStartObject("attributes");
            foreach ((string key, string attribute) in trial.UserAttributes)
            {
                json.WriteString(key, attribute);
            }

            json.WriteEndObject();
            if (trial.FailReason is { } reason)
            {
                json.WriteString("failReason", reason);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private TrialResult<TConfig> Finish(Trial trial, TrialState state, double? value, string? reason)
    {
        FrozenTrial finished = Storage.FinishTrial(trial.Id, state, value, reason);
        lock (_samplerGate)
        {
            _sampler.OnTrialFinished(Context(), finished);
        }

        return new TrialResult<TConfig>(finished);
    }

    // Runs on a timer thread, where an exception would end the process: a missed heartbeat is only retried at the
    // next tick (a broken storage shows up in the trial's own calls, which do throw).
    private void SendHeartbeat()
    {
        try
        {
            Storage.Heartbeat(_worker);
        }
        catch (Exception exception) when (exception is InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException or IOException)
        {
        }
    }

    private SamplerContext Context() => new(TConfig.Descriptor, Direction, () => Storage.GetTrials(_record.Id));

    private static Dictionary<string, double> ToStored(ParameterSet parameters) =>
        parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static string Csv(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
