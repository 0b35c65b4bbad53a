namespace AttrTune.Problems;

/// <summary>CONSTR's box.</summary>
[SearchSpace]
public partial class ConstrSpace
{
    [Uniform(0.1, 1)] public double X1 { get; set; } = 0.1;
    [Uniform(0, 5)] public double X2 { get; set; }
}
