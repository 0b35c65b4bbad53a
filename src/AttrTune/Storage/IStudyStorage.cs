using System;
using System.Collections.Generic;
using System.Linq;

namespace AttrTune.Storage;

/// <summary>
/// Where studies and trials live. Implementations: <see cref="InMemoryStorage"/>, <see cref="SqliteStorage"/>.
/// </summary>
/// <remarks>
/// The contract holds what every backend must keep and nothing of the layers above it: which worker is dead is
/// decided by <see cref="DeadWorkerPolicy"/> from the heartbeats kept here, and population-based training's
/// checkpoints live behind <see cref="ICheckpointStore"/>, which a backend may also implement.
/// </remarks>
/// <remarks>
/// The contract, checked by the abstract contract test suite every backend runs:
/// <list type="bullet">
/// <item>Every member is thread-safe; backends shared by processes (SQLite, servers) are also safe across processes.</item>
/// <item>Trial numbers in a study are 0, 1, 2, ... without gaps or duplicates, even with concurrent writers.</item>
/// <item>Finished trials are immutable: finishing, reporting to or changing one throws <see cref="TrialStateException"/>.</item>
/// <item>Snapshots (<see cref="FrozenTrial"/>, lists returned) never change under the reader.</item>
/// <item>A claim key is granted once per study: <see cref="TryCreateTrial"/> returns null for a taken key.</item>
/// <item>Nothing already stored is lost on bad input: invalid calls throw before writing.</item>
/// <item>Changing a trial in a way its state forbids throws <see cref="TrialStateException"/>; resuming a study with
/// another direction or space throws <see cref="IncompatibleStudyException"/>.</item>
/// </list>
/// </remarks>
public interface IStudyStorage : IDisposable
{
    /// <summary>Creates the study, or loads it if it exists and matches.</summary>
    /// <param name="name">The unique study name.</param>
    /// <param name="direction">Minimize or maximize.</param>
    /// <param name="spaceFingerprint">The space's fingerprint; resuming with another one is refused.</param>
    /// <param name="spaceDescription">The space as a person reads it.</param>
    /// <param name="spaceJson">
    /// The space as tools read it back (<see cref="SearchSpaces.SearchSpaceDescriptor.ToJson"/>), kept with a new study;
    /// null when the caller has none (a study copied from a file of an older release).
    /// </param>
    /// <param name="metricsJson">
    /// The study's objectives and constraints (<see cref="MultiObjective.MetricsDescriptor.ToJson"/>) when the objective
    /// returns a metrics type; null for a study with one value per trial.
    /// </param>
    /// <exception cref="IncompatibleStudyException">It exists with another direction, an incompatible space, or other metrics.</exception>
    StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription, string? spaceJson = null, string? metricsJson = null);

    /// <summary>
    /// Makes <paramref name="spaceFingerprint"/> the study's current space, keeping its trials: the study's space version
    /// goes up by one and its history (<see cref="GetSpaceHistory"/>) keeps every earlier space. Atomic, and idempotent
    /// when the study already has this space (several workers adopting the same change adopt it once).
    /// </summary>
    /// <returns>The study as stored after the change.</returns>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">There is no study with that id.</exception>
    StudyRecord AdoptSpace(long studyId, string spaceFingerprint, string spaceDescription, string? spaceJson);

    /// <summary>Every space the study has had, oldest first; one entry for a study whose space never changed.</summary>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">There is no study with that id.</exception>
    IReadOnlyList<StudySpace> GetSpaceHistory(long studyId);

    /// <summary>The study named <paramref name="name"/>, or null.</summary>
    StudyRecord? FindStudy(string name);

    /// <summary>Every study's name.</summary>
    IReadOnlyList<string> GetStudyNames();

    /// <summary>Adds a trial with the next number; null if its claim key is already taken in the study.</summary>
    FrozenTrial? TryCreateTrial(long studyId, NewTrial trial);

    /// <summary>Atomically moves the oldest Waiting trial of the study to Running for <paramref name="worker"/>; null if none.</summary>
    /// <remarks>
    /// A trial waiting since before this instance's last call on the study, or enqueued through this instance, must be
    /// found. A backend that shares a study across processes may answer the first claim after one of its own
    /// finishes from what that finish saw (PostgreSQL does, to save a round trip per trial), so a trial another
    /// process enqueued in the moment between is claimed one call later.
    /// </remarks>
    FrozenTrial? TryClaimWaitingTrial(long studyId, string worker);

    /// <summary>Records an intermediate value of a running trial (a later report for the same step replaces it).</summary>
    void ReportIntermediate(long trialId, long step, double value);

    /// <summary>Sets a user attribute of an unfinished trial.</summary>
    void SetUserAttribute(long trialId, string key, string value);

    /// <summary>Finishes a running trial.</summary>
    /// <param name="trialId">The trial.</param>
    /// <param name="state">Complete, Pruned or Failed.</param>
    /// <param name="value">The objective value (complete), the last reported one (pruned), or null.</param>
    /// <param name="failReason">Why a failed trial failed, as text.</param>
    /// <param name="failure">The exception that failed it, field by field, when an exception did.</param>
    /// <param name="metrics">
    /// Every objective's and constraint's value of a complete trial of a study with a metrics type; then
    /// <paramref name="value"/> is the first objective's value.
    /// </param>
    /// <exception cref="TrialStateException">The trial is not running (already finished, or waiting).</exception>
    /// <exception cref="ArgumentException">The state, value, reason or metrics break a rule a stored trial keeps; nothing is written.</exception>
    FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure = null, MetricValues? metrics = null);

    /// <summary>
    /// Fails a running trial and enqueues <paramref name="retry"/> in one atomic step, so a crash can never leave the
    /// failure without its retry. The retry's claim key makes it idempotent: if the key is taken (the trial was
    /// retried already), the trial is failed and nothing is enqueued. Returns the failed trial and the retry (null
    /// when its key was taken).
    /// </summary>
    /// <exception cref="TrialStateException">The trial is not running.</exception>
    (FrozenTrial Failed, FrozenTrial? Retry) FailAndRetryTrial(long trialId, string failReason, NewTrial retry);

    /// <summary>A trial by id.</summary>
    FrozenTrial GetTrial(long trialId);

    /// <summary>
    /// Adds <paramref name="trial"/> to the study as it is (state, value, objective and constraint values, parameters,
    /// reports, attributes, times, worker, failure, claim key) with the next number: how a study is copied to another storage. Its id and
    /// number are the storage's own.
    /// </summary>
    /// <exception cref="ArgumentException">The trial breaks a rule a stored trial keeps (a complete trial without a
    /// finite value, a claim key already taken in the study); nothing is written.</exception>
    FrozenTrial ImportTrial(long studyId, FrozenTrial trial);

    /// <summary>Renames the study; its trials, and any worker still running them, carry on under the new name.</summary>
    /// <exception cref="ArgumentException">Another study already has <paramref name="newName"/>, or it is not a valid name.</exception>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">There is no study with that id.</exception>
    void RenameStudy(long studyId, string newName);

    /// <summary>Deletes the study and everything stored with its trials; other studies are untouched.</summary>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">There is no study with that id.</exception>
    void DeleteStudy(long studyId);

    /// <summary>A snapshot of the study's trials in number order.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(long studyId);

    /// <summary>
    /// The study's trials in <paramref name="state"/>, in number order. The dead-worker check asks for the running
    /// trials when a study opens and on every heartbeat, so a backend with an index on the state should answer from it
    /// instead of reading the whole study (the default filters <see cref="GetTrials(long)"/>).
    /// </summary>
    IReadOnlyList<FrozenTrial> GetTrials(long studyId, TrialState state) => GetTrials(studyId).Where(t => t.State == state).ToList();

    /// <summary>
    /// The best complete trial of the study for its direction (the lowest value when minimising), the earliest
    /// number among equal values; null if none is complete. Backends answer without reading every trial (an index,
    /// or a running best), so callers may ask after every trial.
    /// </summary>
    FrozenTrial? GetBestTrial(long studyId);

    /// <summary>Records that <paramref name="worker"/> is alive, at the storage's clock (<see cref="UtcNow"/>).</summary>
    void Heartbeat(string worker);

    /// <summary>The last heartbeat of <paramref name="worker"/>, or null if it never sent one.</summary>
    DateTimeOffset? GetLastHeartbeat(string worker);

    /// <summary>
    /// The storage's clock. Timestamps (start, completion, heartbeats) are taken from it, and staleness is judged
    /// against it, so workers whose own clocks disagree still agree on who is alive.
    /// </summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>
    /// Whether <paramref name="exception"/>, thrown by one of this storage's calls, is transient: the same call may
    /// succeed if retried (a busy or locked database, a dropped connection). The engine never inspects a backend's
    /// own exception types; it asks the backend. The default says nothing is transient.
    /// </summary>
    bool IsTransientFailure(Exception exception) => false;
}
