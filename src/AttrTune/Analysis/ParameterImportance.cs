namespace AttrTune.Analysis;

/// <summary>One parameter's importance.</summary>
public sealed record ParameterImportance
{
    /// <summary>The parameter's path.</summary>
    public required string Name { get; init; }

    /// <summary>Its share of the total importance, in [0, 1]; the shares of a result sum to 1 (or are all 0).</summary>
    public required double Importance { get; init; }

    /// <summary>The complete trials in which the parameter was active, from which its importance was computed.</summary>
    public required int ActiveTrials { get; init; }
}
