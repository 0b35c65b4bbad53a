namespace AttrTune.Reporting.Plots;

/// <summary>How a <see cref="PlotSeries"/> draws its points.</summary>
public enum SeriesKind
{
    /// <summary>A marker at each point.</summary>
    Markers,

    /// <summary>Straight lines between consecutive points; a NaN coordinate breaks the line.</summary>
    Lines,

    /// <summary>A staircase: horizontal to the next point's x, then vertical (a running best, an EDF); NaN breaks it.</summary>
    Steps,

    /// <summary>A bar from zero to each point's y.</summary>
    Bars,

    /// <summary>A marker at each point, joined by straight lines in order (a Pareto front); NaN breaks the line.</summary>
    LinesAndMarkers,
}
