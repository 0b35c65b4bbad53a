namespace AttrTune.Problems;

/// <summary>G06's box.</summary>
[SearchSpace]
public partial class G06Space
{
    [Uniform(13, 100)] public double X1 { get; set; } = 13;
    [Uniform(0, 100)] public double X2 { get; set; }
}
