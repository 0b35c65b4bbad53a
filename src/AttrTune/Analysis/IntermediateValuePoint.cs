namespace AttrTune.Analysis;

/// <summary>A value a trial reported at a step.</summary>
public sealed record IntermediateValuePoint
{
    /// <summary>The step.</summary>
    public required long Step { get; init; }

    /// <summary>The reported value.</summary>
    public required double Value { get; init; }
}
