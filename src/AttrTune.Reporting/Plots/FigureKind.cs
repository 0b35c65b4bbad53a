namespace AttrTune.Reporting.Plots;

/// <summary>What a <see cref="Figure"/> draws.</summary>
public enum FigureKind
{
    /// <summary>Series (and an optional contour surface) on an x and a y axis.</summary>
    Cartesian,

    /// <summary>One line per trial across <see cref="Figure.Dimensions"/>, coloured by <see cref="Figure.LineColorValues"/>.</summary>
    ParallelCoordinates,
}
