using System.Collections.Generic;
using AttrTune.SearchSpaces;

namespace AttrTune.Tests;

public enum Activation
{
    Relu = 1,
    Tanh = 2,
    Gelu = 4,
}

[SearchSpace]
public partial class AdamSettings
{
    [LogUniform(1e-5, 1e-1, Default = 1e-3)]
    public double LearningRate { get; set; } = 1e-3;

    [Uniform(0.8, 0.999)]
    public double Beta1 { get; set; } = 0.9;
}

[SearchSpace]
public partial class SgdSettings
{
    [LogUniform(1e-4, 1.0)]
    public double LearningRate { get; set; } = 0.1;

    [Choice]
    public bool Nesterov { get; set; }

    [Uniform(0.0, 0.99, Step = 0.01)]
    [ActiveWhen(nameof(Nesterov), true)]
    public double Momentum { get; set; } = 0.9;
}

/// <summary>Every attribute kind, nesting, conditions on parameters and on nested spaces, nullable choices.</summary>
[SearchSpace]
public partial record KitchenSink
{
    [Uniform(-5, 10)]
    public double X { get; init; }

    [Uniform(0.0, 1.0, Step = 0.1, Default = 0.3)]
    public double Fraction { get; init; }

    [LogUniform(1e-3f, 10f)]
    public float Temperature { get; init; } = 1f;

    [IntRange(1, 8, Default = 4)]
    public int Layers { get; init; } = 4;

    [IntRange(0, 100, Step = 5)]
    public long Budget { get; init; }

    [LogUniform(16, 1024)]
    public int Units { get; init; } = 64;

    [IntRange(1, 1_000_000, Log = true)]
    public long Samples { get; init; } = 1000;

    [Uniform(2, 20, Step = 2)]
    public int EvenNumber { get; init; } = 2;

    [Choice("adam", "sgd", "none", Default = "adam")]
    public string Optimizer { get; init; } = "adam";

    [ActiveWhen(nameof(Optimizer), "adam")]
    public AdamSettings Adam { get; init; } = new();

    [ActiveWhen(nameof(Optimizer), "sgd")]
    public SgdSettings? Sgd { get; init; }

    [Choice]
    public Activation Activation { get; init; } = Activation.Relu;

    [Choice(null, 3, 5, 8)]
    public int? MaxDepth { get; init; }

    [Choice<double>(0.5, 1.0, 2.0)]
    public double Scale { get; init; } = 1.0;

    [Choice("a", null)]
    public string? Tag { get; init; }

    [Uniform(0.0, 0.7)]
    [ActiveWhen(nameof(Activation), Activation.Gelu, Activation.Tanh)]
    public double Dropout { get; init; } = 0.25;

    /// <summary>Not tuned.</summary>
    public string Comment { get; init; } = "untouched";
}

/// <summary>The benchmark shape: ten mixed parameters.</summary>
[SearchSpace]
public partial class TenParameters
{
    [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3;
    [Uniform(0.0, 0.9)] public double Dropout { get; set; }
    [IntRange(1, 12)] public int Layers { get; set; } = 4;
    [LogUniform(16, 2048)] public int Units { get; set; } = 64;
    [Choice("adam", "sgd", "rmsprop")] public string Optimizer { get; set; } = "adam";
    [Choice] public bool BatchNorm { get; set; }
    [Choice] public Activation Activation { get; set; } = Activation.Relu;
    [Uniform(0.0, 1.0, Step = 0.05)] public double Subsample { get; set; }
    [IntRange(16, 512, Step = 16)] public int BatchSize { get; set; } = 64;
    [LogUniform(1e-6, 1e-2)] public float WeightDecay { get; set; } = 1e-4f;
}

/// <summary>TenParameters under another name: a renamed config class with the same space.</summary>
[SearchSpace]
public partial class RenamedTenParameters
{
    [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3;
    [Uniform(0.0, 0.9)] public double Dropout { get; set; }
    [IntRange(1, 12)] public int Layers { get; set; } = 4;
    [LogUniform(16, 2048)] public int Units { get; set; } = 64;
    [Choice("adam", "sgd", "rmsprop")] public string Optimizer { get; set; } = "adam";
    [Choice] public bool BatchNorm { get; set; }
    [Choice] public Activation Activation { get; set; } = Activation.Relu;
    [Uniform(0.0, 1.0, Step = 0.05)] public double Subsample { get; set; }
    [IntRange(16, 512, Step = 16)] public int BatchSize { get; set; } = 64;
    [LogUniform(1e-6, 1e-2)] public float WeightDecay { get; set; } = 1e-4f;
}

public static partial class Outer
{
    public static partial class Middle
    {
        [SearchSpace]
        internal partial class InnerSpace
        {
            [Choice(1L, 2L, 4L)]
            public long Width { get; set; } = 1;
        }
    }
}

/// <summary><c>[Choice&lt;T&gt;]</c> on nullable value types: generic and not, with and without null among the choices.</summary>
[SearchSpace]
public partial record NullableChoices
{
    [Choice<int>(1, 2, 4)]
    public int? Heads { get; init; } = 1;

    [Choice(null, 8, 16)]
    public int? Window { get; init; }

    [Choice<Activation>(Activation.Relu, Activation.Gelu)]
    public Activation? Act { get; init; } = Activation.Relu;
}

/// <summary>A chain of conditions (Momentum under UseMomentum under Optimizer) and conditional nested spaces.</summary>
[SearchSpace]
public partial record ConditionChain
{
    [Choice("sgd", "adam", "none")]
    public string Optimizer { get; init; } = "sgd";

    [Choice]
    [ActiveWhen(nameof(Optimizer), "sgd")]
    public bool UseMomentum { get; init; }

    [Uniform(0.0, 0.99)]
    [ActiveWhen(nameof(UseMomentum), true)]
    public double Momentum { get; init; } = 0.9;

    [IntRange(1, 5)]
    public int Layers { get; init; } = 1;

    [ActiveWhen(nameof(Optimizer), "adam")]
    public AdamSettings Adam { get; init; } = new();

    [ActiveWhen(nameof(Optimizer), "sgd")]
    public SgdSettings? Sgd { get; init; }
}

/// <summary>
/// Conditions on integer parameters: a set of values, a range open above, one open below, a closed one on a stepped
/// parent, one on an integer [LogUniform], a choice under a numerically conditioned parameter (and a parameter under
/// that choice), an integer parent that is itself conditional, and a nested space under a range.
/// </summary>
[SearchSpace]
public partial class NumericConditions
{
    [IntRange(1, 8)]
    public int Layers { get; set; } = 1;

    [Uniform(0.0, 0.99, Step = 0.01)]
    [ActiveWhen(nameof(Layers), AtLeast = 3)]
    public double Momentum { get; set; } = 0.9;

    [Choice("relu", "tanh")]
    [ActiveWhen(nameof(Layers), 2, 4)]
    public string Activation { get; set; } = "relu";

    [Uniform(0.0, 1.0)]
    [ActiveWhen(nameof(Activation), "tanh")]
    public double Slope { get; set; } = 0.5;

    [IntRange(0, 100, Step = 10)]
    public long Budget { get; set; }

    [LogUniform(1e-4, 1e-1)]
    [ActiveWhen(nameof(Budget), AtMost = 30)]
    public double WarmupRate { get; set; } = 1e-3;

    [ActiveWhen(nameof(Budget), AtLeast = 40, AtMost = 60)]
    public AdamSettings? Adam { get; set; }

    [LogUniform(16, 256)]
    public int Units { get; set; } = 16;

    [IntRange(1, 4)]
    [ActiveWhen(nameof(Units), AtLeast = 64)]
    public int Heads { get; set; } = 1;

    [Choice]
    [ActiveWhen(nameof(Heads), 2, 4)]
    public bool SharedKeys { get; set; }
}

/// <summary>
/// One layer of <see cref="RepeatedMlp"/>: a record, so instances compare by value; Slope has a condition of its own.
/// Units has two values so that the grid sampler's contract test can enumerate the space (millions of points, not 10^19).
/// </summary>
[SearchSpace]
public partial record RepeatedLayer
{
    [Choice(16, 64)]
    public int Units { get; init; } = 64;

    [Choice("relu", "tanh")]
    public string Activation { get; init; } = "relu";

    [Uniform(0.0, 1.0)]
    [ActiveWhen(nameof(Activation), "tanh")]
    public double Slope { get; init; } = 0.5;
}

/// <summary>
/// Repeated spaces of each supported list type: an IReadOnlyList under an always-active count, an array under a
/// conditional long count that can be 0, and a List.
/// </summary>
[SearchSpace]
public partial class RepeatedMlp
{
    [IntRange(1, 4)]
    public int Layers { get; init; } = 2;

    [RepeatedBy(nameof(Layers))]
    public IReadOnlyList<RepeatedLayer> Layer { get; init; } = [];

    [Choice]
    public bool Residual { get; init; }

    [IntRange(0, 3)]
    [ActiveWhen(nameof(Residual), true)]
    public long Blocks { get; init; }

    [RepeatedBy(nameof(Blocks))]
    public RepeatedLayer[] Block { get; init; } = [];

    [IntRange(0, 2)]
    public int Heads { get; init; }

    [RepeatedBy(nameof(Heads))]
    public List<RepeatedLayer> Head { get; init; } = [];
}
