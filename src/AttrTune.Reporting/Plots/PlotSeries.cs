using System.Collections.Immutable;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// A set of points drawn one way (<see cref="Kind"/>) in a <see cref="Figure"/>. Coordinates are in the axes' units
/// (a choice's index on a categorical axis); a NaN coordinate marks a gap between two lines of the same series,
/// which keeps thousands of learning curves to one series.
/// </summary>
public sealed record PlotSeries
{
    /// <summary>The legend's name of the series.</summary>
    public required string Name { get; init; }

    /// <summary>How the points are drawn.</summary>
    public required SeriesKind Kind { get; init; }

    /// <summary>The horizontal coordinates.</summary>
    public required ImmutableArray<double> X { get; init; }

    /// <summary>The vertical coordinates, as many as <see cref="X"/>.</summary>
    public required ImmutableArray<double> Y { get; init; }

    /// <summary>The trial each point belongs to (-1 at a gap), for hover text and links; empty when points are not trials.</summary>
    public ImmutableArray<int> TrialNumbers { get; init; } = [];

    /// <summary>A value per point that colours it on a continuous scale (see <see cref="ColorTitle"/>); empty for one colour.</summary>
    public ImmutableArray<double> ColorValues { get; init; } = [];

    /// <summary>What <see cref="ColorValues"/> measure, for the colour bar's title.</summary>
    public string? ColorTitle { get; init; }

    /// <summary>The series' colour as <c>#rrggbb</c>, or null for the renderer's next one.</summary>
    public string? Color { get; init; }

    /// <summary>
    /// A text per point shown when hovering it (lines separated by <c>\n</c>), after the trial number; empty to show
    /// the coordinates. Plain text: the renderer escapes it.
    /// </summary>
    public ImmutableArray<string> HoverTexts { get; init; } = [];

    /// <summary>The markers' shape as plotly names it (<c>circle</c>, <c>x</c>, <c>diamond</c>), or null for the default.</summary>
    public string? Symbol { get; init; }

    /// <summary>The points drawn: those with both coordinates finite (gaps are not points).</summary>
    public int PointCount
    {
        get
        {
            int count = 0;
            for (int i = 0; i < X.Length; i++)
            {
                if (double.IsFinite(X[i]) && double.IsFinite(Y[i]))
                {
                    count++;
                }
            }

            return count;
        }
    }
}
