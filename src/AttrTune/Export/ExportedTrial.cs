using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AttrTune.Export;

/// <summary>One trial of an exported study. The attributes fix the JSON names, so any reader gets the same shape.</summary>
public sealed record ExportedTrial
{
    /// <summary>The trial's number within its study.</summary>
    [JsonPropertyName("number")]
    public required int Number { get; init; }

    /// <summary>The trial's state, by name.</summary>
    [JsonPropertyName("state")]
    [JsonConverter(typeof(JsonStringEnumConverter<TrialState>))]
    public required TrialState State { get; init; }

    /// <summary>
    /// The objective value of a complete trial, the last reported value of a pruned one, or null. A non-finite value
    /// (possible for a pruned trial) is written as the string <c>"NaN"</c>, <c>"Infinity"</c> or <c>"-Infinity"</c>,
    /// since JSON numbers cannot hold it.
    /// </summary>
    [JsonPropertyName("value")]
    [JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    public double? Value { get; init; }

    /// <summary>
    /// Each objective's value by name, for a complete trial of a study whose objective returns a metrics type; absent
    /// otherwise.
    /// </summary>
    [JsonPropertyName("values")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Values { get; init; }

    /// <summary>Each constraint's value by name (as returned, before its bound is applied); absent when there are none.</summary>
    [JsonPropertyName("constraints")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? Constraints { get; init; }

    /// <summary>The version of the study's space the trial was evaluated in; absent for a study whose space never changed.</summary>
    [JsonPropertyName("spaceVersion")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SpaceVersion { get; init; }

    /// <summary>Whether every constraint holds; absent for a study without constraints or a trial that is not complete.</summary>
    [JsonPropertyName("feasible")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Feasible { get; init; }

    /// <summary>When the trial started running (ISO 8601 with its offset), or null while it waits.</summary>
    [JsonPropertyName("started")]
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the trial finished (ISO 8601 with its offset), or null while it waits or runs.</summary>
    [JsonPropertyName("completed")]
    public DateTimeOffset? Completed { get; init; }

    /// <summary>Wall time from start to finish in seconds, or null when the trial has not both started and finished.</summary>
    [JsonPropertyName("durationSeconds")]
    public double? DurationSeconds { get; init; }

    /// <summary>The worker that ran (or runs) the trial, when the storage knows it.</summary>
    [JsonPropertyName("worker")]
    public string? Worker { get; init; }

    /// <summary>
    /// The active parameters as the configuration saw them, in the space's order: float ranges and numeric choices as
    /// numbers (a <see cref="float"/> property's value at float precision), int ranges as integers,
    /// <see cref="bool"/> choices as true/false, string and enum choices as strings (enums by name), a null choice
    /// as null. Inactive parameters are absent.
    /// </summary>
    [JsonPropertyName("params")]
    public required IReadOnlyDictionary<string, JsonNode?> Params { get; init; }

    /// <summary>The active parameters' internal values as stored (the number itself, or the choice index).</summary>
    [JsonPropertyName("internalParams")]
    public required IReadOnlyDictionary<string, double> InternalParams { get; init; }

    /// <summary>Reported intermediate values by step, ascending.</summary>
    [JsonPropertyName("intermediateValues")]
    public required IReadOnlyDictionary<long, double> IntermediateValues { get; init; }

    /// <summary>User attributes, by key in ordinal order.</summary>
    [JsonPropertyName("userAttributes")]
    public required IReadOnlyDictionary<string, string> UserAttributes { get; init; }

    /// <summary>Why the trial failed, or null.</summary>
    [JsonPropertyName("failReason")]
    public string? FailReason { get; init; }
}
