namespace AttrTune.SourceGeneration;

/// <summary>The grid size of a space at build time; the same count as the runtime's SearchSpaceGrid.</summary>
internal readonly struct GridSize
{
    public GridSize(long count, string? parameterWithoutPoints)
    {
        Count = count;
        ParameterWithoutPoints = parameterWithoutPoints;
    }

    /// <summary>The number of points, saturated at <see cref="long.MaxValue"/>.</summary>
    public long Count { get; }

    /// <summary>The first continuous parameter with no grid points, or null.</summary>
    public string? ParameterWithoutPoints { get; }
}
