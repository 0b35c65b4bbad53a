using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AttrTune.Reporting.Plots;
using ScottPlot;

namespace AttrTune.Cli.Output;

/// <summary>
/// Renders a <see cref="Figure"/> with ScottPlot as a PNG or SVG image, for documents and papers: the same figure
/// the report draws with plotly.js, drawn without a browser. Logarithmic axes are drawn on the logarithm of the
/// values with ticks labelled in the values; choices at their indices, labelled.
/// </summary>
internal static class FigureImage
{
    // Viridis at eight points, low to high, for values that colour points or lines.
    private static readonly string[] Viridis = ["#46085c", "#471e72", "#3e4a89", "#31678e", "#26828e", "#1f9e89", "#6cce59", "#d8e219"];

    private static readonly string[] Cycle = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Saves <paramref name="figure"/> to <paramref name="path"/>, PNG or SVG by its extension.</summary>
    public static void Save(Figure figure, string path, int width, int height)
    {
        using var plot = new Plot();
        plot.Title(figure.Title);
        if (figure.Kind == FigureKind.ParallelCoordinates)
        {
            DrawParallelCoordinates(plot, figure);
        }
        else
        {
            DrawCartesian(plot, figure);
        }

        if (figure.Note is { } note && figure.PointCount == 0)
        {
            plot.Add.Text(note, 0, 0);
        }

        if (path.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, width, height);
        }
        else
        {
            plot.SavePng(path, width, height);
        }
    }

    private static void DrawCartesian(Plot plot, Figure figure)
    {
        plot.XLabel(figure.X.Title);
        plot.YLabel(figure.Y.Title);
        Func<double, double> x = Transform(figure.X), y = Transform(figure.Y);
        if (figure.Contour is { } contour)
        {
            // Heatmap rows run top to bottom; the grid's y runs bottom to top.
            var cells = new double[contour.Y.Length, contour.X.Length];
            for (int iy = 0; iy < contour.Y.Length; iy++)
            {
                for (int ix = 0; ix < contour.X.Length; ix++)
                {
                    cells[contour.Y.Length - 1 - iy, ix] = contour.Z[iy * contour.X.Length + ix];
                }
            }

            ScottPlot.Plottables.Heatmap heatmap = plot.Add.Heatmap(cells);
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.Extent = new CoordinateRect(x(contour.X[0]), x(contour.X[^1]), y(contour.Y[0]), y(contour.Y[^1]));
            plot.Add.ColorBar(heatmap).Label = contour.Title;
        }

        int next = 0;
        foreach (PlotSeries series in figure.Series)
        {
            Color color = Color.FromHex(series.Color ?? Cycle[next++ % Cycle.Length]);
            double[] xs = series.X.Select(x).ToArray(), ys = series.Y.Select(y).ToArray();
            switch (series.Kind)
            {
                case SeriesKind.Bars:
                    ScottPlot.Plottables.BarPlot bars = plot.Add.Bars(xs, ys);
                    bars.Color = color;
                    break;
                case SeriesKind.Markers when !series.ColorValues.IsDefaultOrEmpty:
                    MarkersByColour(plot, xs, ys, series.ColorValues, series.Name);
                    break;
                case SeriesKind.Markers:
                case SeriesKind.LinesAndMarkers:
                    if (series.Kind == SeriesKind.LinesAndMarkers)
                    {
                        Lines(plot, xs, ys, color, null, steps: false, 1.5f);
                    }

                    ScottPlot.Plottables.Scatter points = plot.Add.ScatterPoints(Finite(xs, ys).X, Finite(xs, ys).Y, color);
                    points.LegendText = series.Name;
                    points.MarkerSize = series.Name == "pruned here" || figure.Key == "pareto-front" ? 8 : 5;
                    if (series.Symbol == "x")
                    {
                        points.MarkerShape = MarkerShape.Cross;
                    }

                    break;
                default:
                    Lines(plot, xs, ys, color, series.Name, series.Kind == SeriesKind.Steps, figure.Key is "timeline" ? 6 : figure.Key is "pbt-lineage" && series.Name == "member" ? 3 : 1.5f);
                    break;
            }
        }

        Ticks(plot.Axes.Bottom, figure.X);
        Ticks(plot.Axes.Left, figure.Y);
        if (figure.X.Scale == AxisScale.Categorical)
        {
            plot.Axes.SetLimitsX(-0.5, Math.Max(1, figure.X.Categories.Length) - 0.5);
        }

        if (figure.Y.Scale == AxisScale.Categorical)
        {
            plot.Axes.SetLimitsY(-0.5, Math.Max(1, figure.Y.Categories.Length) - 0.5);
        }
        if (figure.Series.Length > 1 || figure.Series.Any(s => s.Kind == SeriesKind.Steps))
        {
            plot.ShowLegend(Edge.Bottom);
        }
    }

    // A line per trial across one axis per dimension, coloured by its objective in eight bands.
    private static void DrawParallelCoordinates(Plot plot, Figure figure)
    {
        ImmutableArray<ParallelDimension> dimensions = figure.Dimensions;
        ImmutableArray<double> objective = figure.LineColorValues;
        if (objective.IsEmpty)
        {
            return;
        }

        double low = objective.Min(), high = objective.Max();
        for (int line = 0; line < objective.Length; line++)
        {
            var xs = new double[dimensions.Length];
            var ys = new double[dimensions.Length];
            for (int d = 0; d < dimensions.Length; d++)
            {
                double span = dimensions[d].High - dimensions[d].Low;
                xs[d] = d;
                ys[d] = span > 0 ? (dimensions[d].Values[line] - dimensions[d].Low) / span : 0.5;
            }

            Lines(plot, xs, ys, Color.FromHex(Band(objective[line], low, high)).WithAlpha(0.6), null, steps: false, width: 1);
        }

        for (int d = 0; d < dimensions.Length; d++)
        {
            plot.Add.VerticalLine(d, 1, Colors.Gray);
            double span = dimensions[d].High - dimensions[d].Low;
            for (int t = 0; t < dimensions[d].TickValues.Length; t++)
            {
                ScottPlot.Plottables.Text label = plot.Add.Text(dimensions[d].TickLabels[t], d, span > 0 ? (dimensions[d].TickValues[t] - dimensions[d].Low) / span : 0.5);
                label.LabelFontSize = 10;
                label.LabelAlignment = Alignment.MiddleRight;
            }
        }

        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, dimensions.Length).Select(d => (double)d).ToArray(), dimensions.Select(d => d.Title).ToArray());
        plot.Axes.Left.TickLabelStyle.IsVisible = false;
        plot.Axes.SetLimits(-0.5, dimensions.Length - 0.5, -0.05, 1.05);
    }

    private static void MarkersByColour(Plot plot, double[] xs, double[] ys, ImmutableArray<double> values, string name)
    {
        double low = values.Min(), high = values.Max();
        bool first = true;
        foreach (IGrouping<string, int> band in Enumerable.Range(0, xs.Length).GroupBy(i => Band(values[i], low, high)))
        {
            int[] members = band.Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
            ScottPlot.Plottables.Scatter points = plot.Add.ScatterPoints(members.Select(i => xs[i]).ToArray(), members.Select(i => ys[i]).ToArray(), Color.FromHex(band.Key));
            points.MarkerSize = 5;
            if (first)
            {
                points.LegendText = name;
                first = false;
            }
        }
    }

    // A NaN breaks the line: each run of finite points is its own line, the legend named once.
    private static void Lines(Plot plot, double[] xs, double[] ys, Color color, string? name, bool steps, float width)
    {
        bool named = false;
        int start = 0;
        for (int i = 0; i <= xs.Length; i++)
        {
            if (i < xs.Length && double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                continue;
            }

            if (i > start)
            {
                (double[] runX, double[] runY) = steps ? Staircase(xs[start..i], ys[start..i]) : (xs[start..i], ys[start..i]);
                ScottPlot.Plottables.Scatter line = plot.Add.ScatterLine(runX, runY, color);
                line.LineWidth = width;
                if (!named && name is not null)
                {
                    line.LegendText = name;
                    named = true;
                }
            }

            start = i + 1;
        }
    }

    private static (double[] X, double[] Y) Staircase(double[] xs, double[] ys)
    {
        var x = new List<double> { xs[0] };
        var y = new List<double> { ys[0] };
        for (int i = 1; i < xs.Length; i++)
        {
            x.Add(xs[i]);
            y.Add(ys[i - 1]);
            x.Add(xs[i]);
            y.Add(ys[i]);
        }

        return (x.ToArray(), y.ToArray());
    }

    private static (double[] X, double[] Y) Finite(double[] xs, double[] ys)
    {
        int[] keep = Enumerable.Range(0, xs.Length).Where(i => double.IsFinite(xs[i]) && double.IsFinite(ys[i])).ToArray();
        return (keep.Select(i => xs[i]).ToArray(), keep.Select(i => ys[i]).ToArray());
    }

    private static Func<double, double> Transform(PlotAxis axis) =>
        axis.Scale == AxisScale.Log ? v => v > 0 ? Math.Log10(v) : double.NaN : v => v;

    private static void Ticks(IAxis axis, PlotAxis model)
    {
        switch (model.Scale)
        {
            case AxisScale.Categorical:
                axis.SetTicks(Enumerable.Range(0, model.Categories.Length).Select(k => (double)k).ToArray(), model.Categories.ToArray());
                break;
            case AxisScale.Log:
                axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
                {
                    LabelFormatter = v => Math.Pow(10, v).ToString("G3", CultureInfo.InvariantCulture),
                };
                break;
        }
    }

    private static string Band(double value, double low, double high) =>
        Viridis[high > low ? Math.Min(Viridis.Length - 1, (int)((value - low) / (high - low) * Viridis.Length)) : 0];
}
