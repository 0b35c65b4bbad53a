namespace AttrTune.Problems;

/// <summary>The pressure vessel's box: plate thicknesses come in steps of 1/16 inch.</summary>
[SearchSpace]
public partial class PressureVesselSpace
{
    [Uniform(0.0625, 6.1875, Step = 0.0625)] public double ShellThickness { get; set; } = 0.0625;
    [Uniform(0.0625, 6.1875, Step = 0.0625)] public double HeadThickness { get; set; } = 0.0625;
    [Uniform(10, 200)] public double Radius { get; set; } = 10;
    [Uniform(10, 200)] public double Length { get; set; } = 10;
}
