using System.Text.Json.Serialization;

namespace AttrTune.Export;

/// <summary>An objective or constraint of a study whose objective returns a metrics type, as exported.</summary>
public sealed record ExportedMetric
{
    /// <summary>The metric's name (its property's name).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary><c>minimize</c> or <c>maximize</c> for an objective; null for a metric that is only a constraint.</summary>
    [JsonPropertyName("direction")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Direction { get; init; }

    /// <summary>Whether the metric is a constraint.</summary>
    [JsonPropertyName("constraint")]
    public bool Constraint { get; init; }

    /// <summary>The constraint's lower bound, if any.</summary>
    [JsonPropertyName("min")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Min { get; init; }

    /// <summary>The constraint's upper bound, if any (with neither bound, the value must be ≤ 0).</summary>
    [JsonPropertyName("max")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Max { get; init; }
}
