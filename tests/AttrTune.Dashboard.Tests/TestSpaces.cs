using AttrTune;
using System.Collections.Generic;

namespace AttrTune.Dashboard.Tests;

/// <summary>Markup in every place a study holds text: the study's name is set by the writer, these are the choices.</summary>
[SearchSpace]
public partial record HostileConfig
{
    public const string ScriptChoice = "<script>alert('choice')</script>";
    public const string ImageChoice = "\"><img src=x onerror=alert('choice')>";

    [Choice("plain", ScriptChoice, ImageChoice)] public string Mode { get; init; } = "plain";

    [LogUniform(1e-3, 10)] public double Scale { get; init; } = 1;

    [IntRange(1, 5)] public int Layers { get; init; } = 2;

    [Uniform(0, 1), ActiveWhen(nameof(Mode), "plain")] public double Extra { get; init; } = 0.5;
}

/// <summary>A population-based-training space: one mutable rate, one fixed width.</summary>
[SearchSpace]
public partial record PbtConfig
{
    [LogUniform(1e-3, 1), Mutable] public double Rate { get; init; } = 0.1;

    [IntRange(1, 4)] public int Width { get; init; } = 2;
}

/// <summary>A network whose layers are a repeated space, for the C# of a configuration with a list.</summary>
[SearchSpace]
public partial record DeepConfig
{
    [IntRange(1, 3)] public int Layers { get; init; } = 1;

    [RepeatedBy(nameof(Layers))] public IReadOnlyList<DeepLayer> Layer { get; init; } = [new DeepLayer()];
}

/// <summary>One layer of <see cref="DeepConfig"/>.</summary>
[SearchSpace]
public partial record DeepLayer
{
    [IntRange(8, 64)] public int Units { get; init; } = 8;

    [Choice("relu", "tanh")] public string Activation { get; init; } = "relu";
}

/// <summary>
/// <see cref="DeepConfig"/> with stored names unlike its property names, for the C# of a configuration whose trials
/// hold only the stored names.
/// </summary>
[SearchSpace]
public partial record RenamedDeepConfig
{
    [ParameterName("n_layers")] [IntRange(1, 3)] public int Layers { get; init; } = 1;

    [ParameterName("layer")] [RepeatedBy(nameof(Layers))] public IReadOnlyList<RenamedDeepLayer> Layer { get; init; } = [new RenamedDeepLayer()];
}

/// <summary>One layer of <see cref="RenamedDeepConfig"/>.</summary>
[SearchSpace]
public partial record RenamedDeepLayer
{
    [ParameterName("units")] [IntRange(8, 64)] public int Units { get; init; } = 8;

    [ParameterName("act")] [Choice("relu", "tanh")] public string Activation { get; init; } = "relu";
}
