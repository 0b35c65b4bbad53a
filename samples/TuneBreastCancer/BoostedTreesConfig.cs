using AttrTune;
using AttrTune.SearchSpaces;

namespace TuneBreastCancer;

/// <summary>The FastTree hyperparameters we tune; defaults are ML.NET's own.</summary>
[SearchSpace]
public partial record BoostedTreesConfig
{
    [LogUniform(4, 128, Default = 20)]
    public int NumberOfLeaves { get; init; } = 20;

    [IntRange(20, 400, Step = 10, Default = 100)]
    public int NumberOfTrees { get; init; } = 100;

    [LogUniform(0.01, 0.5, Default = 0.2)]
    public double LearningRate { get; init; } = 0.2;

    [LogUniform(1, 64, Default = 10)]
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    [Uniform(0.3, 1.0, Step = 0.05, Default = 1.0)]
    public double FeatureFraction { get; init; } = 1.0;

    /// <summary>Row subsampling per tree; its fraction is tuned only when it is on.</summary>
    [Choice(Default = false)]
    public bool Bagging { get; init; }

    [Uniform(0.5, 0.95, Step = 0.05, Default = 0.7)]
    [ActiveWhen(nameof(Bagging), true)]
    public double BaggingFraction { get; init; } = 0.7;
}
