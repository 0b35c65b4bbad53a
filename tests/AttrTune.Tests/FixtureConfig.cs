using AttrTune;

/// <summary>
/// The config of the released study file in Fixtures/ (global namespace, as it was written), kept identical so its
/// space fingerprint matches and the study resumes.
/// </summary>
[SearchSpace]
public partial class FixtureConfig
{
    [LogUniform(1e-4, 1e-1)] public double Rate { get; set; } = 0.01;
    [IntRange(1, 8)] public int Depth { get; set; } = 3;
    [Choice("a", "b", "c")] public string Kind { get; set; } = "a";
}
