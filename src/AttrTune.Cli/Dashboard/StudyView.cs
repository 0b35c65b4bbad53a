using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Analysis;
using AttrTune.Reporting;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Dashboard;

/// <summary>
/// What the dashboard knows of one study: the trials last read, their analysis, and the study's JSON document,
/// rebuilt only when the trials changed. Storage is read at most every <see cref="MinRefreshInterval"/>, however
/// many pages poll; importances (seconds on a large study) are computed in the background and shown once ready,
/// so no request waits for them.
/// </summary>
internal sealed class StudyView
{
    /// <summary>How old a snapshot may be before a request reads storage again: pages poll every second.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly IStudyStorage _storage;
    private readonly ImportanceOptions _importance;
    private readonly Lock _gate = new();
    private readonly Stopwatch _sinceRead = new();
    private IReadOnlyList<FrozenTrial>? _trials;
    private long _signature;
    private byte[]? _document;
    private ParameterImportances? _importances;
    private ContourPlot? _contour;
    private long _trialsRevision;
    private long _importanceFor = -1;
    private Task? _computing;
    private TimeSpan _lastComputeTime;
    private readonly Stopwatch _sinceCompute = new();

    public StudyView(IStudyStorage storage, StudyRecord record, SearchSpaceDescriptor space, ImportanceOptions importance)
    {
        _storage = storage;
        Record = record;
        Space = space;
        _importance = importance;
    }

    public StudyRecord Record { get; }

    public SearchSpaceDescriptor Space { get; }

    /// <summary>Rises whenever what a page shows changed: new or changed trials, or importances computed.</summary>
    public long Revision { get; private set; }

    public StudyAnalysis? Analysis { get; private set; }

    /// <summary>The trials, at most <see cref="MinRefreshInterval"/> old.</summary>
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

    /// <summary>Reads the trials again unless the last read is recent; a change raises <see cref="Revision"/>.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_trials is not null && _sinceRead.Elapsed < MinRefreshInterval)
            {
                return;
            }

            IReadOnlyList<FrozenTrial> trials = _storage.GetTrials(Record.Id);
            _sinceRead.Restart();
            long signature = Signature(trials);
            if (_trials is null || signature != _signature)
            {
                _trials = trials;
                _signature = signature;
                Analysis = new StudyAnalysis(Space, Record.Direction, trials);
                _document = null;
                _trialsRevision++;
                Revision++;
            }

            StartImportanceIfDue();
        }
    }

    /// <summary>The study's JSON document (no trial rows: the table is paged), rebuilt after a change.</summary>
    public (byte[] Json, long Revision) Document()
    {
        Refresh();
        lock (_gate)
        {
            if (_document is null)
            {
                StudyReport report = StudyReport.Create(Record, Analysis!, _importances, _contour, DateTimeOffset.UtcNow);
                using var stream = new MemoryStream();
                using (var json = new Utf8JsonWriter(stream))
                {
                    json.WriteStartObject();
                    json.WriteNumber("revision", Revision);
                    json.WriteBoolean("importancePending", _importances is null && Analysis!.CompleteTrialCount >= 2);
                    json.WritePropertyName("study");
                    report.WriteJson(json, includeTrials: false);
                    json.WriteEndObject();
                }

                _document = stream.ToArray();
            }

            return (_document, Revision);
        }
    }

    // Importances and the contour follow the trials, but a forest on thousands of trials takes seconds: one
    // computation at a time, in the background, and the next only after a pause as long as the last one took
    // (at least 2 s), so a busy study gets fresh importances without the dashboard taking a core.
    private void StartImportanceIfDue()
    {
        StudyAnalysis analysis = Analysis!;
        long revision = _trialsRevision;
        if (_computing is { IsCompleted: false } || _importanceFor == revision || analysis.CompleteTrialCount < 2)
        {
            return;
        }

        TimeSpan pause = _lastComputeTime < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : _lastComputeTime;
        if (_importanceFor >= 0 && _sinceCompute.Elapsed < pause)
        {
            return;
        }

        _computing = Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            ParameterImportances importances;
            ContourPlot? contour;
            try
            {
                importances = analysis.GetImportance(_importance);
                contour = importances.Parameters.Length >= 2
                    ? analysis.GetContour(importances.Parameters[0].Name, importances.Parameters[1].Name, options: _importance)
                    : null;
            }
            catch (Exception failure) when (failure is ArgumentException or InvalidOperationException)
            {
                // Trials that do not fit the stored space: the page shows everything else, without importances,
                // and the next change of the trials tries again.
                lock (_gate)
                {
                    _importanceFor = revision;
                    _sinceCompute.Restart();
                }

                return;
            }

            lock (_gate)
            {
                _importances = importances;
                _contour = contour;
                _importanceFor = revision;
                _lastComputeTime = clock.Elapsed;
                _sinceCompute.Restart();
                _document = null;
                Revision++;
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
}
