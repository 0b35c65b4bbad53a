using System.Collections.Generic;

namespace AttrTune.Storage;

/// <summary>A new trial to store.</summary>
/// <param name="State">Running (a worker starts it now) or Waiting (enqueued).</param>
/// <param name="Parameters">Internal values by parameter path, already checked against the space.</param>
/// <param name="ClaimKey">If not null, unique within the study: a second trial with the same key is refused.</param>
/// <param name="Worker">The worker starting it (for Running trials).</param>
/// <param name="Distributions">Each parameter's distribution (canonical text), stored beside its value where the backend keeps it.</param>
/// <param name="Attributes">User attributes the trial starts with (a retry records the trial it retries this way).</param>
public sealed record NewTrial(
    TrialState State,
    IReadOnlyDictionary<string, double> Parameters,
    string? ClaimKey = null,
    string? Worker = null,
    IReadOnlyDictionary<string, string>? Distributions = null,
    IReadOnlyDictionary<string, string>? Attributes = null)
{
    /// <summary>The version of the study's space the parameters belong to (<see cref="StudyRecord.SpaceVersion"/>).</summary>
    public int SpaceVersion { get; init; }
}
