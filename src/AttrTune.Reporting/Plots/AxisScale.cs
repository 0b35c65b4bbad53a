namespace AttrTune.Reporting.Plots;

/// <summary>How positions on a <see cref="PlotAxis"/> map to values.</summary>
public enum AxisScale
{
    /// <summary>Values as they are.</summary>
    Linear,

    /// <summary>Logarithmic: a log-scale parameter, drawn so that its decades are evenly spaced.</summary>
    Log,

    /// <summary>
    /// A choice: position <c>k</c> is the label <see cref="PlotAxis.Categories"/>[k], with nothing between two labels.
    /// </summary>
    Categorical,
}
