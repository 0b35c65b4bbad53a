using System;
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

    /// <summary>The space as stored for tools (<see cref="SearchSpaceDescriptor.ToJson"/>); null for a study stored by a release before it was kept.</summary>
    public string? SpaceJson { get; init; }

    /// <summary>
    /// The version of the study's current space: 0 as created, one more for each resume with a changed space
    /// (<see cref="IStudyStorage.GetSpaceHistory"/>).
    /// </summary>
    public int SpaceVersion { get; init; }

    /// <summary>
    /// The study's objectives and constraints as stored (<see cref="MultiObjective.MetricsDescriptor.ToJson"/>); null for a
    /// study whose objective returns one value.
    /// </summary>
    public string? MetricsJson { get; init; }

    /// <summary>The study's objectives and constraints, read back from <see cref="MetricsJson"/>; null for a study with one value per trial.</summary>
    /// <exception cref="CorruptStudyException">The stored metrics cannot be read.</exception>
    public MultiObjective.MetricsDescriptor? Metrics
    {
        get
        {
            if (MetricsJson is null)
            {
                return null;
            }

            try
            {
                return MultiObjective.MetricsDescriptor.FromJson(MetricsJson);
            }
            catch (FormatException bad)
            {
                throw new CorruptStudyException("its storage", Name, null, "studies.metrics_json", $"The stored metrics of study '{Name}' cannot be read: {bad.Message}", bad);
            }
        }
    }

    /// <summary>
    /// The study's space read back from storage (names, distributions, choices, conditions), for tools that do not
    /// have the configuration type; null for a study stored by a release before it was kept.
    /// </summary>
    /// <exception cref="CorruptStudyException">The stored space cannot be read.</exception>
    public SearchSpaceDescriptor? Space
    {
        get
        {
            if (SpaceJson is null)
            {
                return null;
            }

            try
            {
                return SearchSpaceDescriptor.FromJson(SpaceJson);
            }
            catch (FormatException bad)
            {
                throw new CorruptStudyException("its storage", Name, null, "studies.space_json", $"The stored space of study '{Name}' cannot be read: {bad.Message}", bad);
            }
        }
    }
}
