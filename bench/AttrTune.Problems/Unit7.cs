namespace AttrTune.Problems;

/// <summary>Seven variables in [0, 1] (DTLZ with three objectives and k = 5).</summary>
[SearchSpace]
public partial class Unit7
{
    [Uniform(0, 1)] public double X0 { get; set; }
    [Uniform(0, 1)] public double X1 { get; set; }
    [Uniform(0, 1)] public double X2 { get; set; }
    [Uniform(0, 1)] public double X3 { get; set; }
    [Uniform(0, 1)] public double X4 { get; set; }
    [Uniform(0, 1)] public double X5 { get; set; }
    [Uniform(0, 1)] public double X6 { get; set; }

    public double[] ToArray() => [X0, X1, X2, X3, X4, X5, X6];
}
