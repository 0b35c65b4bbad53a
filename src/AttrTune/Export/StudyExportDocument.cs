using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AttrTune.Export;

/// <summary>
/// A study as <see cref="StudyExport.WriteJson"/> writes it. The attributes fix the JSON names and write enums by
/// name, so an export reads back into this record with default <c>JsonSerializerOptions</c>, or without reflection
/// through a <c>JsonSerializerContext</c> of your own that lists it.
/// </summary>
public sealed record StudyExportDocument
{
    /// <summary>The study's name.</summary>
    [JsonPropertyName("study")]
    public required string Study { get; init; }

    /// <summary>Whether the study minimizes or maximizes, by name.</summary>
    [JsonPropertyName("direction")]
    [JsonConverter(typeof(JsonStringEnumConverter<StudyDirection>))]
    public required StudyDirection Direction { get; init; }

    /// <summary>The full name of the configuration type of the search space.</summary>
    [JsonPropertyName("configType")]
    public required string ConfigType { get; init; }

    /// <summary>The search space's fingerprint (<see cref="SearchSpaces.SearchSpaceDescriptor.Fingerprint"/>).</summary>
    [JsonPropertyName("spaceFingerprint")]
    public required string SpaceFingerprint { get; init; }

    /// <summary>The space's parameters, in order.</summary>
    [JsonPropertyName("parameters")]
    public required IReadOnlyList<ExportedParameter> Parameters { get; init; }

    /// <summary>The objectives and constraints of a study whose objective returns a metrics type; absent otherwise.</summary>
    [JsonPropertyName("metrics")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ExportedMetric>? Metrics { get; init; }

    /// <summary>The trials, in the order they were given.</summary>
    [JsonPropertyName("trials")]
    public required IReadOnlyList<ExportedTrial> Trials { get; init; }
}
