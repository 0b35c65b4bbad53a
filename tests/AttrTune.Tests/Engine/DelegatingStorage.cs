using System;
using System.Collections.Generic;
using AttrTune.Storage;

namespace AttrTune.Tests.Engine;

/// <summary>Passes every call to another storage; tests override the calls they race or break.</summary>
internal class DelegatingStorage(IStudyStorage inner) : IStudyStorage
{
    public virtual DateTimeOffset UtcNow => inner.UtcNow;

    public virtual FrozenTrial? TryCreateTrial(long studyId, NewTrial trial) => inner.TryCreateTrial(studyId, trial);

    public virtual StudyRecord AdoptSpace(long studyId, string spaceFingerprint, string spaceDescription, string? spaceJson) => inner.AdoptSpace(studyId, spaceFingerprint, spaceDescription, spaceJson);

    public virtual IReadOnlyList<StudySpace> GetSpaceHistory(long studyId) => inner.GetSpaceHistory(studyId);

    public virtual StudyRecord CreateOrLoadStudy(string name, StudyDirection direction, string spaceFingerprint, string spaceDescription, string? spaceJson = null, string? metricsJson = null) => inner.CreateOrLoadStudy(name, direction, spaceFingerprint, spaceDescription, spaceJson, metricsJson);

    public virtual StudyRecord? FindStudy(string name) => inner.FindStudy(name);

    public virtual IReadOnlyList<string> GetStudyNames() => inner.GetStudyNames();

    public virtual FrozenTrial? TryClaimWaitingTrial(long studyId, string worker) => inner.TryClaimWaitingTrial(studyId, worker);

    public virtual void ReportIntermediate(long trialId, long step, double value) => inner.ReportIntermediate(trialId, step, value);

    public virtual void SetUserAttribute(long trialId, string key, string value) => inner.SetUserAttribute(trialId, key, value);

    public virtual FrozenTrial FinishTrial(long trialId, TrialState state, double? value, string? failReason, TrialFailure? failure = null, MetricValues? metrics = null) => inner.FinishTrial(trialId, state, value, failReason, failure, metrics);

    public virtual FrozenTrial ImportTrial(long studyId, FrozenTrial trial) => inner.ImportTrial(studyId, trial);

    public virtual void DeleteStudy(long studyId) => inner.DeleteStudy(studyId);

    public virtual void RenameStudy(long studyId, string newName) => inner.RenameStudy(studyId, newName);

    public virtual (FrozenTrial Failed, FrozenTrial? Retry) FailAndRetryTrial(long trialId, string failReason, NewTrial retry) => inner.FailAndRetryTrial(trialId, failReason, retry);

    public virtual FrozenTrial GetTrial(long trialId) => inner.GetTrial(trialId);

    public virtual IReadOnlyList<FrozenTrial> GetTrials(long studyId) => inner.GetTrials(studyId);

    public virtual FrozenTrial? GetBestTrial(long studyId) => inner.GetBestTrial(studyId);

    public virtual void Heartbeat(string worker) => inner.Heartbeat(worker);

    public virtual DateTimeOffset? GetLastHeartbeat(string worker) => inner.GetLastHeartbeat(worker);

    public virtual bool IsTransientFailure(Exception exception) => inner.IsTransientFailure(exception);

    public virtual void Dispose() => inner.Dispose();
}
