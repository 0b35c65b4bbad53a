using System;
using AttrTune.Pruners;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune;

/// <summary>The running trial, as the objective sees it: its number, and where to report progress.</summary>
/// <remarks>Thread-safe; every call is written to the study's storage at once.</remarks>
public sealed class Trial
{
    private readonly IStudyStorage _storage;
    private readonly long _studyId;
    private readonly StudyDirection _direction;
    private readonly IPruner? _pruner;

    internal Trial(IStudyStorage storage, long studyId, StudyDirection direction, IPruner? pruner, FrozenTrial frozen, ParameterSet parameters)
    {
        _storage = storage;
        _studyId = studyId;
        _direction = direction;
        _pruner = pruner;
        HandedOut = frozen;
        Id = frozen.Id;
        Number = frozen.Number;
        Parameters = parameters;
    }

    /// <summary>The storage's id of the trial.</summary>
    public long Id { get; }

    /// <summary>The trial's number in its study (0, 1, 2, ...).</summary>
    public int Number { get; }

    /// <summary>The trial's parameters in internal form.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Records an intermediate value (a learning curve point); a later report for the same step replaces it.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void Report(long step, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Trial {Number}: the intermediate value at step {step} is {value}, not a finite number.", nameof(value));
        }

        WroteWhileRunning = true;
        _storage.ReportIntermediate(Id, step, value);
    }

    /// <summary>
    /// Whether the study's pruner wants this trial to stop, judged on what it has reported so far. Ask after each
    /// <see cref="Report"/>; to stop, throw <see cref="TrialPrunedException"/> (the trial is then recorded as pruned
    /// with its last reported value). Always false without a pruner.
    /// </summary>
    /// <remarks>A method, not a property: it reads the trial and, for most pruners, the study from storage.</remarks>
    public bool ShouldPrune() =>
        _pruner is not null && _pruner.ShouldPrune(new PrunerContext(_storage.GetTrial(Id), _direction, () => _storage.GetTrials(_studyId)));

    /// <summary>Throws <see cref="TrialPrunedException"/> when <see cref="ShouldPrune"/> is true.</summary>
    public void ThrowIfShouldPrune()
    {
        if (ShouldPrune())
        {
            throw new TrialPrunedException($"Trial {Number} was pruned at step {_storage.GetTrial(Id).LastIntermediate?.Key}.");
        }
    }

    /// <summary>Stores a user key/value on the trial.</summary>
    public void SetAttribute(string key, string value)
    {
        WroteWhileRunning = true;
        _storage.SetUserAttribute(Id, key, value);
    }

    // The trial as it was when handed out: what the engine knows of it without asking the storage, unless it reported
    // values or set attributes since.
    internal FrozenTrial HandedOut { get; }

    internal bool WroteWhileRunning { get; private set; }

    /// <summary>Whether this trial lives in the study <paramref name="studyId"/> of <paramref name="storage"/>.</summary>
    internal bool BelongsTo(IStudyStorage storage, long studyId) => ReferenceEquals(storage, _storage) && studyId == _studyId;

    /// <summary>The trial's stored state so far (intermediate values, attributes).</summary>
    public FrozenTrial Snapshot() => _storage.GetTrial(Id);
}
