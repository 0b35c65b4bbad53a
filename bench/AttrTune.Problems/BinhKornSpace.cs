namespace AttrTune.Problems;

/// <summary>Binh and Korn's box.</summary>
[SearchSpace]
public partial class BinhKornSpace
{
    [Uniform(0, 5)] public double X { get; set; }
    [Uniform(0, 3)] public double Y { get; set; }
}
