namespace AttrTune.Distributions;

/// <summary>The three families of parameter distributions, as samplers see them.</summary>
public enum DistributionKind
{
    /// <summary>A real range, continuous or quantised, linear or log scale.</summary>
    Float,

    /// <summary>An integer range with a step, linear or log scale.</summary>
    Int,

    /// <summary>An unordered set of choices; the internal value is the choice's index.</summary>
    Categorical,
}
