using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// Keeps a figure of a very large study drawable: beyond <see cref="MaxPoints"/> points a scatter series keeps an evenly
/// spread, deterministic share of its points (evenly spaced in trial order, so the shape over time is kept), a step line
/// (the running best) keeps only the points where it changes, curves separated by gaps keep every k-th whole curve,
/// and parallel coordinates keep evenly spaced lines. The figure's note says how many are shown. A browser draws a
/// 10,000-point scatter at once; a 100,000-trial study made every figure hold every trial, a 49 MB page.
/// </summary>
/// <remarks>
/// Series small enough are kept whole: the Pareto front, the best trial's marker and the learning curves of a normal
/// study are never sampled.
/// </remarks>
internal static class FigureSampling
{
    /// <summary>The most points (or parallel-coordinates lines) a series keeps.</summary>
    public const int MaxPoints = 10_000;

    public static Figure Cap(Figure figure, int maxPoints = MaxPoints)
    {
        if (figure.Kind == FigureKind.ParallelCoordinates)
        {
            return CapLines(figure, maxPoints);
        }

        bool sampled = false;
        int shown = 0;
        int total = 0;
        var series = ImmutableArray.CreateBuilder<PlotSeries>(figure.Series.Length);
        foreach (PlotSeries one in figure.Series)
        {
            PlotSeries capped = one.X.Length <= maxPoints ? one : one.Kind switch
            {
                SeriesKind.Markers => Keep(one, Stride(one.X.Length, maxPoints)),
                SeriesKind.Steps => Keep(one, Changes(one) is { Length: var n } changes && n > maxPoints ? Stride(changes, maxPoints) : Changes(one)),
                SeriesKind.Lines or SeriesKind.LinesAndMarkers => Keep(one, WholeCurves(one, maxPoints)),
                _ => one,
            };
            if (!ReferenceEquals(capped, one) && one.Kind == SeriesKind.Markers)
            {
                sampled = true;
                shown += capped.PointCount;
                total += one.PointCount;
            }

            series.Add(capped);
        }

        return sampled ? figure with { Series = series.MoveToImmutable(), Note = Joined(figure.Note, Sampled(shown, total)) } : figure with { Series = series.MoveToImmutable() };
    }

    private static Figure CapLines(Figure figure, int maxPoints)
    {
        int lines = figure.LineColorValues.Length;
        if (lines <= maxPoints)
        {
            return figure;
        }

        int[] kept = Stride(lines, maxPoints);
        return figure with
        {
            Dimensions = figure.Dimensions.Select(d => d with { Values = Pick(d.Values, kept) }).ToImmutableArray(),
            LineColorValues = Pick(figure.LineColorValues, kept),
            LineTrialNumbers = figure.LineTrialNumbers.IsDefaultOrEmpty ? figure.LineTrialNumbers : Pick(figure.LineTrialNumbers, kept),
            Note = Joined(figure.Note, Sampled(kept.Length, lines)),
        };
    }

    // maxPoints indices spread evenly from the first to the last, so the series still spans the whole study.
    private static int[] Stride(int count, int maxPoints)
    {
        if (count <= maxPoints)
        {
            return Enumerable.Range(0, count).ToArray();
        }

        var kept = new int[maxPoints];
        for (int i = 0; i < maxPoints; i++)
        {
            kept[i] = (int)((long)i * (count - 1) / (maxPoints - 1));
        }

        return kept;
    }

    private static int[] Stride(int[] indices, int maxPoints) => Stride(indices.Length, maxPoints).Select(i => indices[i]).ToArray();

    // A step line drawn through its change points and its last point is the same line.
    private static int[] Changes(PlotSeries steps)
    {
        var kept = new List<int>();
        for (int i = 0; i < steps.Y.Length; i++)
        {
            if (i == 0 || i == steps.Y.Length - 1 || !steps.Y[i].Equals(steps.Y[i - 1]) || double.IsNaN(steps.X[i]))
            {
                kept.Add(i);
            }
        }

        return kept.ToArray();
    }

    // Curves separated by NaN gaps: every k-th whole curve, with its gap, so no curve is cut.
    private static int[] WholeCurves(PlotSeries lines, int maxPoints)
    {
        var curves = new List<(int Start, int End)>();
        int start = 0;
        for (int i = 0; i <= lines.X.Length; i++)
        {
            if (i == lines.X.Length || double.IsNaN(lines.X[i]))
            {
                curves.Add((start, Math.Min(i, lines.X.Length - 1)));
                start = i + 1;
            }
        }

        int step = (lines.X.Length + maxPoints - 1) / maxPoints;
        var kept = new List<int>();
        for (int c = 0; c < curves.Count; c += step)
        {
            for (int i = curves[c].Start; i <= curves[c].End; i++)
            {
                kept.Add(i);
            }
        }

        return kept.ToArray();
    }

    private static PlotSeries Keep(PlotSeries series, int[] kept) => series with
    {
        X = Pick(series.X, kept),
        Y = Pick(series.Y, kept),
        TrialNumbers = series.TrialNumbers.IsDefaultOrEmpty ? series.TrialNumbers : Pick(series.TrialNumbers, kept),
        ColorValues = series.ColorValues.IsDefaultOrEmpty ? series.ColorValues : Pick(series.ColorValues, kept),
        HoverTexts = series.HoverTexts.IsDefaultOrEmpty ? series.HoverTexts : Pick(series.HoverTexts, kept),
    };

    private static ImmutableArray<T> Pick<T>(ImmutableArray<T> values, int[] kept)
    {
        var picked = ImmutableArray.CreateBuilder<T>(kept.Length);
        foreach (int i in kept)
        {
            picked.Add(values[i]);
        }

        return picked.MoveToImmutable();
    }

    private static string Sampled(int shown, int total) =>
        string.Create(CultureInfo.InvariantCulture, $"{shown:N0} of {total:N0} points shown, evenly spread over the study, to keep the page drawable");

    private static string Joined(string? note, string addition) => note is null ? addition : note + " " + addition;
}
