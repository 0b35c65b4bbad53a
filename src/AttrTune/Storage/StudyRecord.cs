using AttrTune.SearchSpaces;

namespace AttrTune.Storage;

/// <summary>What a study is stored as: its name, direction and the search space it was created with.</summary>
/// <param name="Id">The storage's identifier.</param>
/// <param name="Name">The unique study name.</param>
/// <param name="Direction">Minimize or maximize.</param>
/// <param name="SpaceFingerprint">The fingerprint of the space (<see cref="SearchSpaceDescriptor.Fingerprint"/>).</param>
/// <param name="SpaceDescription">A readable description of the space (its type name first), kept for humans and tools.</param>
public sealed record StudyRecord(long Id, string Name, StudyDirection Direction, string SpaceFingerprint, string SpaceDescription)
{
    /// <summary>The configuration type the study was created for (the first word of the description).</summary>
    public string ConfigType => SpaceDescription.Split(' ', 2)[0];
}
