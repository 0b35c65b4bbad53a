using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>
/// What the figures of a study must show, counted from the stored trials with the library alone (never from the
/// plot model, which would make the comparison circular), checked against what the browser drew.
/// </summary>
internal static class Expectations
{
    public static void CheckFigures(IReadOnlyList<RenderedFigure> figures, SearchSpaceDescriptor space, IReadOnlyList<FrozenTrial> trials)
    {
        List<FrozenTrial> complete = trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();
        Assert.True(complete.Count >= 2, "the study needs complete trials for this test to mean anything");
        foreach (RenderedFigure figure in figures)
        {
            // The page draws what the model holds (a parallel-coordinates figure counts its lines)...
            int drawn = figure.Key == "parallel-coordinates" ? figure.Lines : figure.Plotted;
            Assert.True(figure.Declared == drawn, $"{figure.Key} {figure.Parameter}: the model has {figure.Declared} points, plotly drew {drawn}");
        }

        // ...and the model holds what storage holds.
        RenderedFigure history = Single(figures, "history");
        Assert.Equal(complete.Count, history.Markers);
        Assert.Equal("trial", history.XTitle);
        Assert.Equal("objective value", history.YTitle);
        Assert.Equal(complete.Count(t => t.Completed is not null), Single(figures, "history-time").Markers);
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            RenderedFigure slice = Single(figures, "slice", parameter.Name);
            Assert.Equal(complete.Count(t => t.Parameters.ContainsKey(parameter.Name)), slice.Markers);
            Assert.Equal(parameter.Name, slice.XTitle);
            string expectedType = parameter.Distribution switch
            {
                Distributions.FloatDistribution { IsLog: true } or Distributions.IntDistribution { IsLog: true } => "log",
                _ => "linear",
            };
            Assert.Equal(expectedType, slice.XType);
        }

        RenderedFigure importance = Single(figures, "importance");
        Assert.Equal(space.Count, importance.Plotted);
        RenderedFigure contour = Single(figures, "contour", parameter: null);
        string[] pair = contour.Parameter.Split(" × ");
        Assert.Equal(pair[0], contour.XTitle);
        Assert.Equal(pair[1], contour.YTitle);
        Assert.Equal(complete.Count(t => t.Parameters.ContainsKey(pair[0]) && t.Parameters.ContainsKey(pair[1])), contour.Markers);
        Assert.Equal(complete.Count, Single(figures, "parallel-coordinates").Lines);
        List<FrozenTrial> reported = trials.Where(t => t.IntermediateValues.Count > 0).ToList();
        int prunedMarks = reported.Count(t => t.State == TrialState.Pruned);
        RenderedFigure curves = Single(figures, "intermediate-values");
        Assert.Equal(reported.Sum(t => t.IntermediateValues.Count) + prunedMarks, curves.Plotted);
        Assert.Equal(prunedMarks, curves.Markers);
        Assert.Equal(complete.Select(t => t.Value!.Value).Distinct().Count(), Single(figures, "edf").Plotted);
        Assert.Equal(2 * trials.Count(t => t.Started is not null), Single(figures, "timeline").Plotted);
    }

    /// <summary>The PBT figures: a lineage row per member, a marker per copy the members recorded, a schedule per mutable parameter.</summary>
    public static void CheckPbt(IReadOnlyList<RenderedFigure> figures, SearchSpaceDescriptor space, IReadOnlyList<FrozenTrial> trials)
    {
        List<FrozenTrial> members = trials.Where(t => t.UserAttributes.ContainsKey("pbt.schedule")).ToList();
        int copies = members.Sum(t => t.UserAttributes.TryGetValue("pbt.exploits", out string? json) ? JsonDocument.Parse(json).RootElement.GetArrayLength() : 0);
        Assert.True(copies > 0, "the PBT study made no copies; the lineage test would check nothing");
        RenderedFigure lineage = Single(figures, "pbt-lineage");
        Assert.Equal(copies, lineage.Markers);
        Assert.Equal(members.Count, lineage.Lines);
        Assert.Equal("step", lineage.XTitle);
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            IEnumerable<RenderedFigure> schedule = figures.Where(f => f.Key == "pbt-schedule" && f.Parameter == parameter.Name);
            if (parameter.IsMutable)
            {
                RenderedFigure figure = Assert.Single(schedule);
                Assert.Equal(parameter.Name, figure.YTitle);
                Assert.Equal("log", figure.YType);
            }
            else
            {
                Assert.Empty(schedule);
            }
        }
    }

    /// <summary>The one figure <paramref name="key"/> about <paramref name="parameter"/> (any when null).</summary>
    public static RenderedFigure Single(IReadOnlyList<RenderedFigure> figures, string key, string? parameter = "")
    {
        List<RenderedFigure> found = figures.Where(f => f.Key == key && (parameter is null || f.Parameter == parameter)).ToList();
        Assert.True(found.Count == 1, $"expected one figure {key} {parameter}, found {found.Count} among: {string.Join(", ", figures.Select(f => f.Key + " " + f.Parameter))}");
        return found[0];
    }
}
