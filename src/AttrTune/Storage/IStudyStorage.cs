using System;
using System.Collections.Generic;

namespace AttrTune.Storage;

/// <summary>
/// Where studies and trials live. Implementations: <see cref="InMemoryStorage"/>, <see cref="SqliteStorage"/>.
/// </summary>
/// <remarks>
/// The contract, checked by the abstract contract test suite every backend runs:
/// <list type="bullet">
/// <item>Every member is thread-safe; backends shared by processes (SQLite, servers) are also safe across processes.</item>
/// <item>Trial numbers in a study are 0, 1, 2, ... without gaps or duplicates, even with concurrent writers.</item>
/// <item>Finished trials are immutable: finishing, reporting to or changing one throws <see cref="InvalidOperationException"/>.</item>
/// <item>Snapshots (<see cref="FrozenTrial"/>, lists returned) never change under the reader.</item>
/// <item>A claim key is granted once per study: <see cref="TryCreateTrial"/> returns null for a taken key.</item>
/// <item>Nothing already stored is lost on bad input: invalid calls throw before writing.</item>
/// </list>
/// </remarks>
public interface IStudyStorage : IDisposable
{
    /// <summary>Creates the study, or loads it if it exists and matches.</summary>
    /// <exception cref="InvalidOperationException">It exists with another direction or an incompatible space.</exception>
    StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    StudyRecord? FindStudy(string name);

    /// <summary>Every study's name.</summary>
    IReadOnlyList<string> GetStudyNames();

    /// <summary>Adds a trial with the next number; null if its claim key is already taken in the study.</summary>
    FrozenTrial? TryCreateTrial(long studyId, NewTrial trial);

    /// <summary>Atomically moves the oldest Waiting trial of the study to Running for <paramref name="worker"/>; null if none.</summary>
    FrozenTrial? TryClaimWaitingTrial(long studyId, string worker);

    /// <summary>Records an intermediate value of a running trial (a later report for the same step replaces it).</summary>
    void ReportIntermediate(long trialId, long step, double value);

    /// <summary>Sets a user attribute of an unfinished trial.</summary>
    void SetUserAttribute(long trialId, string key, string value);

    /// <summary>Finishes a running trial.</summary>
    /// <exception cref="InvalidOperationException">The trial is not running (already finished, or waiting).</exception>
    FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason);

    /// <summary>A trial by id.</summary>
    FrozenTrial GetTrial(long trialId);

    /// <summary>A snapshot of the study's trials in number order.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(long studyId);

    /// <summary>Keeps a checkpoint of a trial (replacing the previous one), so a resumed study can continue it.</summary>
    void SaveCheckpoint(long trialId, ReadOnlySpan<byte> checkpoint);

    /// <summary>The trial's latest checkpoint, or null.</summary>
    byte[]? LoadCheckpoint(long trialId);

    /// <summary>Records that <paramref name="worker"/> is alive (see <see cref="FailTrialsOfDeadWorkers"/>).</summary>
    void Heartbeat(string worker);

    /// <summary>
    /// Marks Failed the Running trials whose worker is dead: a process on this host that no longer exists, or a
    /// worker whose last heartbeat is older than <paramref name="staleAfter"/>. Returns the trials it failed.
    /// </summary>
    IReadOnlyList<FrozenTrial> FailTrialsOfDeadWorkers(long studyId, TimeSpan staleAfter);
}
