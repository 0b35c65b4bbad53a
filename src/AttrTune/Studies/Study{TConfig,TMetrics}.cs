using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.MultiObjective;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune;

/// <summary>
/// A study whose objective returns <typeparamref name="TMetrics"/>: several objectives (accuracy against latency),
/// constraints (latency at most 5 ms), or both. The results come back typed: <see cref="ParetoFront"/> is a list of
/// trials whose <c>Config</c> is a <typeparamref name="TConfig"/> and whose <c>Metrics</c> is a <typeparamref name="TMetrics"/>.
/// </summary>
/// <typeparam name="TConfig">A <see cref="SearchSpaceAttribute"/> type.</typeparam>
/// <typeparam name="TMetrics">A <see cref="MetricsAttribute"/> type.</typeparam>
/// <remarks>
/// Thread-safe, and the same engine as <see cref="Study{TConfig}"/> (storage, heartbeats, retries, parallel workers);
/// only the values differ. The default sampler is <see cref="AutoMultiObjectiveSampler"/>. Pruners and
/// <see cref="OptimizeOptions.TargetValue"/> need one objective and are refused with several.
/// </remarks>
public sealed class Study<TConfig, TMetrics>
    where TConfig : class, ISearchSpace<TConfig>
    where TMetrics : IMetrics<TMetrics>
{
    private readonly Study<TConfig> _study;

    private Study(Study<TConfig> study) => _study = study;

    /// <summary>The study's name.</summary>
    public string Name => _study.Name;

    /// <summary>The study as stored.</summary>
    public StudyRecord Record => _study.Record;

    /// <summary>The objectives and constraints.</summary>
    public static MetricsDescriptor Metrics => TMetrics.MetricsDescriptor;

    /// <summary>The storage the study lives in.</summary>
    public IStudyStorage Storage => _study.Storage;

    /// <summary>The sampler that proposes this study's configurations.</summary>
    public ISampler Sampler => _study.Sampler;

    /// <summary>Trials that were left running by a dead worker and marked failed when this study was opened.</summary>
    public IReadOnlyList<FrozenTrial> RecoveredTrials => _study.RecoveredTrials;

    /// <summary>Creates the study, or resumes it if one with this name exists in the storage.</summary>
    /// <exception cref="IncompatibleStudyException">The stored study has another space or other metrics.</exception>
    /// <exception cref="ArgumentException">
    /// The options ask for something a study with these metrics cannot do: a sampler that optimises one value (it must
    /// implement <see cref="IMultiObjectiveSampler"/>), a pruner with several objectives, a direction (each objective has its own).
    /// </exception>
    public static Study<TConfig, TMetrics> CreateOrResume(string name, StudyOptions? options = null) =>
        new(Study<TConfig>.Open(name, options, mustExist: false, TMetrics.MetricsDescriptor));

    /// <summary>Opens a study that must already exist (to analyse or continue it).</summary>
    /// <exception cref="StudyNotFoundException">The storage has no study of that name.</exception>
    /// <exception cref="IncompatibleStudyException">The stored study has another space or other metrics.</exception>
    public static Study<TConfig, TMetrics> Load(string name, StudyOptions? options = null) =>
        new(Study<TConfig>.Open(name, options, mustExist: true, TMetrics.MetricsDescriptor));

    /// <summary>All trials so far, typed, in number order: a snapshot read from the storage.</summary>
    public IReadOnlyList<TrialResult<TConfig, TMetrics>> GetTrials() =>
        Storage.GetTrials(Record.Id).Select(t => new TrialResult<TConfig, TMetrics>(t, _study.Projection)).ToList();

    /// <summary>
    /// The Pareto front: the feasible complete trials that no other feasible complete trial dominates (as good in every
    /// objective and better in one), in number order. Trials with equal values are all kept. Empty until a trial is
    /// complete and feasible. With one objective, the best feasible trials.
    /// </summary>
    public IReadOnlyList<TrialResult<TConfig, TMetrics>> ParetoFront
    {
        get
        {
            List<TrialResult<TConfig, TMetrics>> feasible = GetTrials().Where(t => t.IsFeasible).ToList();
            var points = feasible.Select(t => TMetrics.MetricsDescriptor.ToMinimized(t.Frozen.Values.AsSpan())).ToList();
            return Pareto.Front(points).Order().Select(i => feasible[i]).ToList();
        }
    }

    /// <summary>
    /// The best feasible trial of a study with one objective and constraints (the earliest of equal values), or null
    /// when no complete trial is feasible yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">The metrics have several objectives: there is no one best; use <see cref="ParetoFront"/>.</exception>
    public TrialResult<TConfig, TMetrics>? BestFeasible
    {
        get
        {
            if (TMetrics.MetricsDescriptor.HasSeveralObjectives)
            {
                throw new InvalidOperationException($"Study '{Name}': {TMetrics.MetricsDescriptor.TypeName} has {TMetrics.MetricsDescriptor.Objectives.Count} objectives, so no one trial is best; read ParetoFront.");
            }

            StudyDirection direction = TMetrics.MetricsDescriptor.Directions[0];
            TrialResult<TConfig, TMetrics>? best = null;
            foreach (TrialResult<TConfig, TMetrics> trial in GetTrials())
            {
                if (trial.IsFeasible && (best is null || direction.IsBetter(trial.Frozen.Values[0], best.Frozen.Values[0])))
                {
                    best = trial;
                }
            }

            return best;
        }
    }

    /// <summary>
    /// The hypervolume of the Pareto front against <paramref name="reference"/>, given in the metrics' own units and
    /// directions (for a maximised objective, a value below every one worth counting): the measure of the objective
    /// space the front dominates inside the reference box. Higher is better; 0 when nothing feasible beats the reference.
    /// </summary>
    /// <exception cref="ArgumentException">The reference has another length than the objectives, or a value that is not finite.</exception>
    public double Hypervolume(params double[] reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Length != TMetrics.MetricsDescriptor.Objectives.Count || reference.Any(r => !double.IsFinite(r)))
        {
            throw new ArgumentException(
                $"Study '{Name}': the reference point needs one finite value per objective of {TMetrics.MetricsDescriptor.TypeName} ({string.Join(", ", TMetrics.MetricsDescriptor.Objectives.Select(o => o.Name))}), got [{string.Join(", ", reference.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)))}].",
                nameof(reference));
        }

        var front = ParetoFront.Select(t => TMetrics.MetricsDescriptor.ToMinimized(t.Frozen.Values.AsSpan())).ToList();
        return MultiObjective.Hypervolume.Compute(front, TMetrics.MetricsDescriptor.ToMinimized(reference));
    }

    /// <summary>
    /// Queues a known configuration (a warm start, the baseline); it runs before sampled ones, once however often it is
    /// queued (see <see cref="Study{TConfig}.Enqueue"/>).
    /// </summary>
    /// <returns>True if it was queued; false if the study already has it.</returns>
    public bool Enqueue(TConfig config) => _study.Enqueue(config);

    /// <summary>Queues the baseline configuration (<c>CreateDefault()</c>), once.</summary>
    public bool EnqueueDefault() => _study.EnqueueDefault();

    /// <summary>Adds a configuration that was already evaluated elsewhere, with its metrics.</summary>
    /// <exception cref="ArgumentException">A metric is not finite (nothing is stored), or the configuration is outside the space.</exception>
    public TrialResult<TConfig, TMetrics> AddCompletedTrial(TConfig config, TMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(metrics);
        (double[] objectives, double[] constraints) = Split(metrics);
        if (MetricsText.FirstNonFinite(TMetrics.MetricsDescriptor, objectives, constraints) is { } bad)
        {
            throw new ArgumentException($"A completed trial needs finite metrics, got {bad}.", nameof(metrics));
        }

        TrialHandle<TConfig> handle = _study.StartTrial(config);
        return new TrialResult<TConfig, TMetrics>(_study.TellMetrics(handle, objectives, constraints).Frozen);
    }

    /// <summary>Starts a trial for a loop of your own; finish it with <see cref="Tell"/> or <see cref="TellFailed(TrialHandle{TConfig}, Exception)"/>.</summary>
    /// <exception cref="SamplerExhaustedException">The sampler has nothing left (an exhausted grid).</exception>
    public TrialHandle<TConfig> Ask() => _study.Ask();

    /// <summary>Starts a trial, or returns false when the sampler has nothing left.</summary>
    public bool TryAsk([NotNullWhen(true)] out TrialHandle<TConfig>? handle) => _study.TryAsk(out handle);

    /// <summary>Finishes a trial with its metrics; a NaN or infinite metric fails it, with a reason that names the metric.</summary>
    /// <exception cref="ArgumentException">The handle belongs to another study.</exception>
    public TrialResult<TConfig, TMetrics> Tell(TrialHandle<TConfig> handle, TMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (double[] objectives, double[] constraints) = Split(metrics);
        return new TrialResult<TConfig, TMetrics>(_study.TellMetrics(handle, objectives, constraints).Frozen);
    }

    /// <summary>Finishes a trial as failed with a reason.</summary>
    public TrialResult<TConfig, TMetrics> TellFailed(TrialHandle<TConfig> handle, string reason) => new(_study.TellFailed(handle, reason).Frozen);

    /// <summary>Finishes a trial as failed by <paramref name="exception"/>, keeping its type, message and stack trace.</summary>
    public TrialResult<TConfig, TMetrics> TellFailed(TrialHandle<TConfig> handle, Exception exception) => new(_study.TellFailed(handle, exception).Frozen);

    /// <summary>Runs trials of a synchronous objective until a stop condition is met (see <see cref="Study{TConfig}.OptimizeAsync(Func{TConfig, Trial, CancellationToken, ValueTask{double}}, OptimizeOptions, Action{TrialFinishedContext{TConfig}}?, CancellationToken)"/>).</summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the objective's type (a plain function or one with the trial and token), so no call can bind to both.")]
    public Task OptimizeAsync(Func<TConfig, TMetrics> objective, OptimizeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return OptimizeAsync((config, _, _) => new ValueTask<TMetrics>(objective(config)), options, null, cancellationToken);
    }

    /// <summary>
    /// Runs trials until a stop condition is met: <see cref="OptimizeOptions.MaxTrials"/>, <see cref="OptimizeOptions.Timeout"/>,
    /// <see cref="OptimizeOptions.TargetValue"/> (one objective only: reached by a feasible trial), a callback's
    /// <c>stop</c>, an exhausted sampler, or cancellation. An objective that throws fails its trial with the exception's
    /// type, message and stack trace; a metric that is NaN or infinite fails it with the metric's name.
    /// </summary>
    /// <param name="objective">Evaluates a configuration.</param>
    /// <param name="options">When to stop, parallelism, retries.</param>
    /// <param name="onTrialFinished">Called after each trial with the trial and an action that stops the study.</param>
    /// <param name="cancellationToken">Stops the study; running trials are failed.</param>
    /// <exception cref="ArgumentException"><see cref="OptimizeOptions.TargetValue"/> with several objectives.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in the objective's type (a plain function or one with the trial and token), so no call can bind to both.")]
    public Task OptimizeAsync(
        Func<TConfig, Trial, CancellationToken, ValueTask<TMetrics>> objective,
        OptimizeOptions options,
        Action<TrialResult<TConfig, TMetrics>, Action>? onTrialFinished = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        Action<TrialFinishedContext<TConfig>>? callback = onTrialFinished is null
            ? null
            : context => onTrialFinished(new TrialResult<TConfig, TMetrics>(context.Trial.Frozen), context.Stop);
        return _study.OptimizeMetricsAsync(
            async (config, trial, token) => Split(await objective(config, trial, token).ConfigureAwait(false)),
            options,
            callback,
            cancellationToken);
    }

    /// <summary>
    /// Runs the study as <see cref="OptimizeAsync(Func{TConfig, Trial, CancellationToken, ValueTask{TMetrics}}, OptimizeOptions, Action{TrialResult{TConfig, TMetrics}, Action}?, CancellationToken)"/>
    /// does and hands back each trial as it finishes (<c>await foreach</c>); leaving the loop early stops the study.
    /// </summary>
    public async IAsyncEnumerable<TrialResult<TConfig, TMetrics>> OptimizeStreamAsync(
        Func<TConfig, Trial, CancellationToken, ValueTask<TMetrics>> objective,
        OptimizeOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(options);
        await foreach (TrialResult<TConfig, TMetrics> trial in TrialStream.ReadAsync<TrialResult<TConfig, TMetrics>>((onFinished, token) => OptimizeAsync(objective, options, (trial, _) => onFinished(trial), token), cancellationToken).ConfigureAwait(false))
        {
            yield return trial;
        }
    }

    /// <summary>Writes every trial as CSV, one column per objective and constraint (see <see cref="Export.StudyExport.WriteCsv"/>).</summary>
    public void ExportCsv(TextWriter writer) => _study.ExportCsv(writer);

    /// <summary>Writes the study and every trial as JSON, with each trial's objective and constraint values.</summary>
    public void ExportJson(Stream stream) => _study.ExportJson(stream);

    private static (double[] Objectives, double[] Constraints) Split(TMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var objectives = new double[TMetrics.MetricsDescriptor.Objectives.Count];
        var constraints = new double[TMetrics.MetricsDescriptor.Constraints.Count];
        metrics.WriteValues(objectives, constraints);
        return (objectives, constraints);
    }
}
