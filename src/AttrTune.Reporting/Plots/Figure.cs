using System.Collections.Immutable;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// One plot of a study, independent of how it is drawn: the report and the dashboard render it with plotly.js,
/// <c>attrtune plot</c> as a PNG or SVG image. Built by <see cref="StudyFigures"/> from AttrTune.Analysis.
/// </summary>
public sealed record Figure
{
    /// <summary>
    /// What the figure shows, stable across studies: <c>history</c>, <c>history-time</c>, <c>importance</c>,
    /// <c>slice</c>, <c>contour</c>, <c>parallel-coordinates</c>, <c>intermediate-values</c>, <c>edf</c>,
    /// <c>timeline</c>, <c>pbt-lineage</c>, <c>pbt-schedule</c>, <c>pareto-front</c>. Slices and schedules come one per
    /// parameter, Pareto plots one per pair of objectives (<c>A × B</c>), told apart by <see cref="Parameter"/>.
    /// </summary>
    public required string Key { get; init; }

    /// <summary>The parameter a per-parameter figure is about (the pair of objectives of a Pareto plot), or null.</summary>
    public string? Parameter { get; init; }

    /// <summary>The title.</summary>
    public required string Title { get; init; }

    /// <summary>What the figure draws.</summary>
    public FigureKind Kind { get; init; } = FigureKind.Cartesian;

    /// <summary>The horizontal axis (unused by parallel coordinates).</summary>
    public required PlotAxis X { get; init; }

    /// <summary>The vertical axis (unused by parallel coordinates).</summary>
    public required PlotAxis Y { get; init; }

    /// <summary>The series, drawn in order.</summary>
    public ImmutableArray<PlotSeries> Series { get; init; } = [];

    /// <summary>A surface drawn under the series, or null.</summary>
    public ContourGrid? Contour { get; init; }

    /// <summary>The axes of a parallel-coordinates figure, the objective last; empty otherwise.</summary>
    public ImmutableArray<ParallelDimension> Dimensions { get; init; } = [];

    /// <summary>A parallel-coordinates figure's colour per line (the objective); empty otherwise.</summary>
    public ImmutableArray<double> LineColorValues { get; init; } = [];

    /// <summary>A parallel-coordinates figure's trial per line; empty otherwise.</summary>
    public ImmutableArray<int> LineTrialNumbers { get; init; } = [];

    /// <summary>Why the figure is empty or partial (too few trials, no prediction yet), or null.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// The points the figure draws: finite points of its series, or, for parallel coordinates, the lines. A test of
    /// a rendering compares it with what the renderer drew.
    /// </summary>
    public int PointCount
    {
        get
        {
            if (Kind == FigureKind.ParallelCoordinates)
            {
                return LineColorValues.Length;
            }

            int count = 0;
            foreach (PlotSeries series in Series)
            {
                count += series.PointCount;
            }

            return count;
        }
    }
}
