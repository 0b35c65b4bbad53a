namespace AttrTune.Problems;

/// <summary>Ten variables in [0, 1] (ZDT with d = 10).</summary>
[SearchSpace]
public partial class Unit10
{
    [Uniform(0, 1)] public double X0 { get; set; }
    [Uniform(0, 1)] public double X1 { get; set; }
    [Uniform(0, 1)] public double X2 { get; set; }
    [Uniform(0, 1)] public double X3 { get; set; }
    [Uniform(0, 1)] public double X4 { get; set; }
    [Uniform(0, 1)] public double X5 { get; set; }
    [Uniform(0, 1)] public double X6 { get; set; }
    [Uniform(0, 1)] public double X7 { get; set; }
    [Uniform(0, 1)] public double X8 { get; set; }
    [Uniform(0, 1)] public double X9 { get; set; }

    public double[] ToArray() => [X0, X1, X2, X3, X4, X5, X6, X7, X8, X9];
}
