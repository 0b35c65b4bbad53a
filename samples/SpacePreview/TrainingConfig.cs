using AttrTune;
using AttrTune.SearchSpaces;

namespace SpacePreview;

/// <summary>Which optimiser trains the model.</summary>
public enum OptimizerKind
{
    Adam,
    Sgd,
    RmsProp,
}

/// <summary>The settings of the optimiser; a nested search space.</summary>
[SearchSpace]
public partial class OptimizerConfig
{
    [Choice]
    public OptimizerKind Kind { get; set; } = OptimizerKind.Adam;

    [LogUniform(1e-5, 1e-1, Default = 1e-3)]
    public double LearningRate { get; set; } = 1e-3;

    [Uniform(0.5, 0.99, Default = 0.9)]
    [ActiveWhen(nameof(Kind), OptimizerKind.Sgd, OptimizerKind.RmsProp)]
    public double Momentum { get; set; } = 0.9;
}

/// <summary>A gradient-boosting-style training configuration.</summary>
[SearchSpace]
public partial record TrainingConfig
{
    [IntRange(2, 10, Default = 6)]
    public int MaxDepth { get; init; } = 6;

    [LogUniform(16, 1024)]
    public int Leaves { get; init; } = 31;

    [Uniform(0.1, 1.0, Step = 0.1, Default = 0.8)]
    public double FeatureFraction { get; init; } = 0.8;

    [Choice("gbdt", "dart", "goss", Default = "gbdt")]
    public string Booster { get; init; } = "gbdt";

    [Uniform(0.0, 0.5)]
    [ActiveWhen(nameof(Booster), "dart")]
    public float DropRate { get; init; } = 0.1f;

    [Choice]
    public bool UseEarlyStopping { get; init; } = true;

    [Choice<int>(32, 64, 128)]
    public int BatchSize { get; init; } = 64;

    public OptimizerConfig Optimizer { get; init; } = new();

    /// <summary>Not tuned: keeps its initialiser.</summary>
    public string RunName { get; init; } = "baseline";
}
