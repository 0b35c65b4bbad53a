namespace AttrTune.Problems;

/// <summary>The tension/compression spring's box.</summary>
[SearchSpace]
public partial class SpringSpace
{
    [Uniform(0.05, 2)] public double WireDiameter { get; set; } = 0.05;
    [Uniform(0.25, 1.3)] public double CoilDiameter { get; set; } = 0.25;
    [Uniform(2, 15)] public double Coils { get; set; } = 2;
}
