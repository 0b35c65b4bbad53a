namespace AttrTune.SearchSpaces;

/// <summary>How grid search discretises a space.</summary>
public sealed record GridOptions
{
    /// <summary>The options used when none are given: continuous ranges need <c>GridPoints</c> on their attribute.</summary>
    public static GridOptions Default { get; } = new();

    /// <summary>
    /// Evenly spaced points (in the range's scale, ends included) for continuous ranges whose attribute does not set
    /// <c>GridPoints</c>; 0 means such a range is an error.
    /// </summary>
    public int ContinuousPoints { get; init; }
}
