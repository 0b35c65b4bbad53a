using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Analysis;
using AttrTune.MultiObjective;
using AttrTune.Reporting;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Dashboard;

/// <summary>
/// What the dashboard knows of one study: the trials last read and the study's JSON document built from them.
/// Storage is read at most every <see cref="MinRefreshInterval"/>, however many pages poll. Nothing slow happens on a
/// request: when the trials change, the document (analysis, figures, JSON: a few hundred milliseconds for 10,000
/// trials) is rebuilt in the background and published when complete, and importances and the contour (seconds on a
/// large study) are computed in the background too; a request always gets the last published document at once.
/// </summary>
internal sealed class StudyView
{
    /// <summary>How old a snapshot may be before a request reads storage again: pages poll every second.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly IStudyStorage _storage;
    private readonly ImportanceOptions _importance;
    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceRead = new();
    private readonly Stopwatch _sinceImportance = new();
    private IReadOnlyList<FrozenTrial>? _trials;
    private long _signature;

    // Rises with every change a page shows: the trials, or importances computed for them.
    private long _content;
    private long _trialsVersion;
    private ParameterImportances? _importances;
    private ContourPlot? _contour;
    private long _importanceFor = -1;
    private TimeSpan _lastImportanceTime;
    private Task? _computingImportance;
    private Task? _building;
    private Published? _published;

    public StudyView(IStudyStorage storage, StudyRecord record, SearchSpaceDescriptor space, ImportanceOptions importance)
    {
        _storage = storage;
        Record = record;
        Space = space;
        Metrics = record.Metrics;
        _importance = importance;
    }

    public StudyRecord Record { get; }

    public SearchSpaceDescriptor Space { get; }

    /// <summary>The study's objectives and constraints, or null for a study with one value per trial.</summary>
    public MetricsDescriptor? Metrics { get; }

    /// <summary>The trials, at most <see cref="MinRefreshInterval"/> old (possibly newer than the published document).</summary>
    public IReadOnlyList<FrozenTrial> Trials
    {
        get
        {
            Refresh();
            lock (_gate)
            {
                return _trials!;
            }
        }
    }

    /// <summary>
    /// The revision and trial count of the published document: a page that sees a new revision fetches the document,
    /// which is then ready. Waits only for the first document.
    /// </summary>
    public (long Revision, int Total) Version()
    {
        Published published = Current();
        return (published.Revision, published.Total);
    }

    /// <summary>The contour of two parameters over the trials last read, with the importance options' forest.</summary>
    public ContourPlot Contour(string x, string y)
    {
        IReadOnlyList<FrozenTrial> trials = Trials;
        return new StudyAnalysis(Space, Record.Direction, trials).GetContour(x, y, options: _importance);
    }

    /// <summary>The study's JSON document (no trial rows: the table is paged), as last published.</summary>
    public byte[] Document() => Current().Json;

    private Published Current()
    {
        Refresh();
        Task? first;
        lock (_gate)
        {
            if (_published is { } published)
            {
                return published;
            }

            first = _building;
        }

        first?.GetAwaiter().GetResult();
        lock (_gate)
        {
            return _published ?? throw new InvalidOperationException($"The document of study '{Record.Name}' could not be built.");
        }
    }

    /// <summary>Reads the trials again unless the last read is recent; a change starts a rebuild of the document.</summary>
    private void Refresh()
    {
        lock (_gate)
        {
            if (_trials is null || _sinceRead.Elapsed >= MinRefreshInterval)
            {
                IReadOnlyList<FrozenTrial> trials = StudyStorage.GetTrialsInCurrentSpace(_storage, Record);
                _sinceRead.Restart();
                long signature = Signature(trials);
                if (_trials is null || signature != _signature)
                {
                    _trials = trials;
                    _signature = signature;
                    _trialsVersion++;
                    _content++;
                }
            }

            StartImportanceIfDue();
            StartBuildIfDue();
        }
    }

    // Called under the gate. One build at a time; a change during a build starts the next one when it ends.
    private void StartBuildIfDue()
    {
        if (_building is { IsCompleted: false } || _published?.Revision == _content)
        {
            return;
        }

        long content = _content;
        IReadOnlyList<FrozenTrial> trials = _trials!;
        ParameterImportances? importances = _importances;
        ContourPlot? contour = _contour;
        _building = Task.Run(() =>
        {
            var analysis = new StudyAnalysis(Space, Record.Direction, trials);
            bool pending = importances is null && analysis.CompleteTrialCount >= 2;
            StudyReport report = StudyReport.Create(Record, analysis, importances, contour, DateTimeOffset.UtcNow);
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteNumber("revision", content);
                json.WriteBoolean("importancePending", pending);
                json.WritePropertyName("study");
                report.WriteJson(json, includeTrials: false);
                json.WriteEndObject();
            }

            lock (_gate)
            {
                _published = new Published(stream.ToArray(), content, analysis.Trials.Length);
                StartBuildIfDue();
            }
        });
    }

    // Importances and the contour follow the trials, but a forest on thousands of trials takes seconds: one
    // computation at a time, and the next only after a pause as long as the last one took (at least 2 s), so a busy
    // study gets fresh importances without the dashboard taking a core. Called under the gate.
    private void StartImportanceIfDue()
    {
        IReadOnlyList<FrozenTrial> trials = _trials!;
        long version = _trialsVersion;
        if (_computingImportance is { IsCompleted: false } || _importanceFor == version || trials.Count < 2)
        {
            return;
        }

        TimeSpan pause = _lastImportanceTime < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : _lastImportanceTime;
        if (_importanceFor >= 0 && _sinceImportance.Elapsed < pause)
        {
            return;
        }

        _computingImportance = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            ParameterImportances? importances = null;
            ContourPlot? contour = null;
            try
            {
                var analysis = new StudyAnalysis(Space, Record.Direction, trials);
                if (analysis.CompleteTrialCount >= 2)
                {
                    importances = analysis.GetImportance(_importance);
                    contour = importances.Parameters.Length >= 2
                        ? analysis.GetContour(importances.Parameters[0].Name, importances.Parameters[1].Name, options: _importance)
                        : null;
                }
            }
            catch (Exception failure) when (failure is ArgumentException or InvalidOperationException)
            {
                // Trials that do not fit the stored space: the page shows everything else, without importances, and
                // the next change of the trials tries again.
            }

            lock (_gate)
            {
                _importanceFor = version;
                _lastImportanceTime = clock.Elapsed;
                _sinceImportance.Restart();
                if (importances is not null)
                {
                    _importances = importances;
                    _contour = contour;
                    _content++;
                    StartBuildIfDue();
                }
            }
        });
    }

    // Finished trials never change, so what can change is a trial's state, value, reports and attributes; a hash of
    // those per trial tells a new snapshot from the same data read again.
    private static long Signature(IReadOnlyList<FrozenTrial> trials)
    {
        var hash = new HashCode();
        hash.Add(trials.Count);
        foreach (FrozenTrial trial in trials)
        {
            hash.Add(trial.Id);
            hash.Add(trial.State);
            hash.Add(trial.Value);
            hash.Add(trial.IntermediateValues.Count);
            hash.Add(trial.UserAttributes.Count);
            hash.Add(trial.Completed);
        }

        return hash.ToHashCode();
    }

    private sealed record Published(byte[] Json, long Revision, int Total);
}
