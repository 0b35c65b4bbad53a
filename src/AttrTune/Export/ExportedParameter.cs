using System.Text.Json.Serialization;

namespace AttrTune.Export;

/// <summary>One parameter of the exported search space.</summary>
public sealed record ExportedParameter
{
    /// <summary>The parameter's path, as in the trials' <c>params</c> (<c>Optimizer.LearningRate</c>).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The distribution's canonical text (<c>LogUniform[1E-05, 0.1]</c>, <c>Choice&lt;System.String&gt;["adam", "sgd"]</c>).</summary>
    [JsonPropertyName("distribution")]
    public required string Distribution { get; init; }

    /// <summary>When the parameter is active (<c>active when Optimizer is "sgd"</c>), or null when it always is.</summary>
    [JsonPropertyName("condition")]
    public string? Condition { get; init; }
}
