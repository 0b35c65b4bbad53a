using System;

namespace AttrTune.Storage;

/// <summary>
/// One search space a study has had: version 0 is the space it was created with, and each resume with a changed space
/// (<see cref="StudyOptions.AcceptChangedSpace"/>) adds the next version. Every trial records the version it was
/// evaluated in (<see cref="FrozenTrial.SpaceVersion"/>).
/// </summary>
/// <param name="Version">0, 1, 2, ... in the order the spaces were adopted.</param>
/// <param name="Fingerprint">The space's fingerprint.</param>
/// <param name="Description">The space as a person reads it (its config type first).</param>
/// <param name="SpaceJson">The space as tools read it back; null when a release before it was kept stored it.</param>
/// <param name="Adopted">When the study took this space (for version 0, when the study was created).</param>
public sealed record StudySpace(int Version, string Fingerprint, string Description, string? SpaceJson, DateTimeOffset Adopted);
