using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Analysis;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using Xunit;
using static AttrTune.Tests.Analysis.AnalysisTrials;

namespace AttrTune.Tests.Analysis;

public sealed class PlotDataAnalysisTests
{
    private static readonly SearchSpaceDescriptor Space = BuildSpace();

    private static SearchSpaceDescriptor BuildSpace()
    {
        var builder = new SearchSpaceDescriptorBuilder("Small")
            .Add("X", new FloatDistribution(0, 10))
            .Add("Lr", new FloatDistribution(1e-4, 1e-1, log: true))
            .Add("N", new IntDistribution(1, 5))
            .Add("Opt", new CategoricalDistribution<string>("adam", "sgd", "rms"));
        builder.Add("Mom", new FloatDistribution(0, 1), condition: builder.When("Opt", 1));
        return builder.Build();
    }

    // Four complete trials (#1 and #4 tie on value), a failed and a pruned one. #4 stores a value for Mom although
    // Opt = "rms" makes it inactive: no plot may show it.
    private static readonly List<FrozenTrial> Trials =
    [
        Trial(0, TrialState.Complete, 3.0, Params(("X", 2.5), ("Lr", 1e-3), ("N", 1), ("Opt", 0))),
        Trial(1, TrialState.Complete, 1.0, Params(("X", 10), ("Lr", 1e-4), ("N", 5), ("Opt", 1), ("Mom", 0.25))),
        Trial(2, TrialState.Failed, null, Params(("X", 5), ("Lr", 1e-2), ("N", 2), ("Opt", 0))),
        Trial(3, TrialState.Pruned, 2.0, Params(("X", 7), ("Lr", 1e-2), ("N", 2), ("Opt", 1), ("Mom", 0.5)), intermediate: new Dictionary<long, double> { [0] = 4, [1] = 3, [2] = 2 }),
        Trial(4, TrialState.Complete, 1.0, Params(("X", 0), ("Lr", 1e-1), ("N", 3), ("Opt", 2), ("Mom", 0.9))),
        Trial(5, TrialState.Complete, 2.0, Params(("X", 5), ("Lr", 1e-2), ("N", 4), ("Opt", 1), ("Mom", 0.75)), intermediate: new Dictionary<long, double> { [0] = 5, [3] = 2 }),
    ];

    private static readonly StudyAnalysis Analysis = new(Space, StudyDirection.Minimize, Trials);

    [Fact]
    public void Slices_hold_the_active_complete_trials_with_labels_and_scales()
    {
        SliceSeries x = Analysis.GetSlice("X");
        Assert.Equal([0, 1, 4, 5], x.Points.Select(p => p.TrialNumber));
        Assert.Equal([2.5, 10, 0, 5], x.Points.Select(p => p.Value));
        Assert.Equal([3.0, 1.0, 1.0, 2.0], x.Points.Select(p => p.Objective));
        Assert.Equal(["2.5", "10", "0", "5"], x.Points.Select(p => p.Label));
        Assert.False(x.Axis.IsLog);
        Assert.Equal((0.0, 10.0), (x.Axis.Low, x.Axis.High));

        SliceSeries lr = Analysis.GetSlice("Lr");
        Assert.True(lr.Axis.IsLog);
        Assert.Equal([1e-3, 1e-4, 1e-1, 1e-2], lr.Points.Select(p => p.Value));

        SliceSeries opt = Analysis.GetSlice("Opt");
        Assert.True(opt.Axis.IsCategorical);
        Assert.Equal(["\"adam\"", "\"sgd\"", "\"rms\""], opt.Axis.Choices.AsEnumerable());
        Assert.Equal([0.0, 1, 2, 1], opt.Points.Select(p => p.Value));
        Assert.Equal(["\"adam\"", "\"sgd\"", "\"rms\"", "\"sgd\""], opt.Points.Select(p => p.Label));

        SliceSeries mom = Analysis.GetSlice("Mom");
        Assert.Equal([1, 5], mom.Points.Select(p => p.TrialNumber));
        Assert.Equal([0.25, 0.75], mom.Points.Select(p => p.Value));

        Assert.Equal(["X", "Lr", "N", "Opt", "Mom"], Analysis.GetSlices().Select(s => s.Axis.Name));
        Assert.Equal(4, Analysis.CompleteTrialCount);
    }

    [Fact]
    public void Parallel_coordinates_normalise_each_parameter_on_its_own_scale()
    {
        ParallelCoordinates plot = Analysis.GetParallelCoordinates();
        Assert.Equal(["X", "Lr", "N", "Opt", "Mom"], plot.Axes.Select(a => a.Name));
        Assert.Equal([0, 1, 4, 5], plot.Lines.Select(l => l.TrialNumber));
        Assert.Equal([3.0, 1.0, 1.0, 2.0], plot.Lines.Select(l => l.Objective));

        // X: x / 10; Lr: (log lr - log 1e-4) / (log 1e-1 - log 1e-4) = 1/3, 0, 1, 2/3; N: (n - 1) / 4; Opt: index / 2.
        AssertLine([0.25, 1.0 / 3, 0, 0, null], plot.Lines[0].Coordinates);
        AssertLine([1, 0, 1, 0.5, 0.25], plot.Lines[1].Coordinates);
        AssertLine([0, 1, 0.5, 1, null], plot.Lines[2].Coordinates);
        AssertLine([0.5, 2.0 / 3, 0.75, 0.5, 0.75], plot.Lines[3].Coordinates);
    }

    [Fact]
    public void The_empirical_distribution_steps_at_each_distinct_complete_value()
    {
        EmpiricalDistribution edf = Analysis.GetEmpiricalDistribution();
        Assert.Equal(4, edf.TrialCount);
        Assert.Equal([1.0, 2.0, 3.0], edf.Points.Select(p => p.Value));
        Assert.Equal([0.5, 0.75, 1.0], edf.Points.Select(p => p.Fraction));
    }

    [Fact]
    public void Intermediate_values_show_each_reporting_trial_and_where_a_pruned_one_stopped()
    {
        var series = Analysis.GetIntermediateValues();
        Assert.Equal([3, 5], series.Select(s => s.TrialNumber));
        Assert.Equal([TrialState.Pruned, TrialState.Complete], series.Select(s => s.State));
        Assert.Equal([(0L, 4.0), (1L, 3.0), (2L, 2.0)], series[0].Points.Select(p => (p.Step, p.Value)));
        Assert.Equal(2L, series[0].PrunedAtStep);
        Assert.Equal([(0L, 5.0), (3L, 2.0)], series[1].Points.Select(p => (p.Step, p.Value)));
        Assert.Null(series[1].PrunedAtStep);
    }

    [Fact]
    public void A_contour_has_the_trials_where_both_are_active_and_a_grid_in_each_scale()
    {
        ContourPlot plot = Analysis.GetContour("Lr", "Opt", gridSize: 4);
        Assert.Equal([0, 1, 4, 5], plot.Points.Select(p => p.TrialNumber));
        Assert.Equal([1e-3, 1e-4, 1e-1, 1e-2], plot.Points.Select(p => p.X));
        Assert.Equal([0.0, 1, 2, 1], plot.Points.Select(p => p.Y));
        Assert.Equal([1e-4, 1e-3, 1e-2, 1e-1], plot.XGrid.AsEnumerable(), new Tolerance(1e-15));
        Assert.Equal([0.0, 1, 2], plot.YGrid.AsEnumerable());
        Assert.Equal(12, plot.Predicted.Length);

        ContourPlot conditional = Analysis.GetContour("X", "Mom", gridSize: 3);
        Assert.Equal([1, 5], conditional.Points.Select(p => p.TrialNumber));
        Assert.Equal([0.0, 5, 10], conditional.XGrid.AsEnumerable());
        Assert.Equal([0.0, 0.5, 1], conditional.YGrid.AsEnumerable());

        ContourPlot ints = Analysis.GetContour("N", "X", gridSize: 8);
        Assert.Equal([1.0, 2, 3, 4, 5], ints.XGrid.AsEnumerable());
        Assert.Throws<ArgumentException>(() => Analysis.GetContour("X", "X"));
    }

    [Fact]
    public void A_contour_with_fewer_than_two_trials_has_points_but_no_prediction()
    {
        // Only #1 and #5 have Mom active, and only #5 once #1 is dropped.
        var analysis = new StudyAnalysis(Space, StudyDirection.Minimize, Trials.Where(t => t.Number != 1).ToList());
        ContourPlot plot = analysis.GetContour("X", "Mom", gridSize: 3);
        Assert.Equal([5], plot.Points.Select(p => p.TrialNumber));
        Assert.True(plot.Predicted.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => plot.PredictedAt(0, 0));
    }

    [Fact]
    public void A_contour_predicts_the_two_parameter_marginal_of_a_separable_function()
    {
        // y = 4 x + c[opt] + z (z irrelevant): the marginal over z is 4 x + c[opt] + mean(z), here mean(z) = 0.
        SearchSpaceDescriptor space = new SearchSpaceDescriptorBuilder("Separable")
            .Add("X", new FloatDistribution(0, 1))
            .Add("Opt", new CategoricalDistribution<string>("a", "b", "c"))
            .Add("Z", new FloatDistribution(-0.1, 0.1))
            .Build();
        double[] offset = [0, 2, 1];
        List<FrozenTrial> trials = Random(space, 400, 4, (v, r) => 4 * v[0] + offset[(int)v[1]] + v[2]);
        ContourPlot plot = new StudyAnalysis(space, StudyDirection.Minimize, trials).GetContour("X", "Opt", gridSize: 5);
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], plot.XGrid.AsEnumerable());
        for (int iy = 0; iy < 3; iy++)
        {
            for (int ix = 0; ix < 5; ix++)
            {
                Assert.Equal(4 * plot.XGrid[ix] + offset[iy], plot.PredictedAt(ix, iy), 0.2);
            }
        }
    }

    private static void AssertLine(double?[] expected, IReadOnlyList<double?> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] is { } e)
            {
                Assert.Equal(e, actual[i]!.Value, 12);
            }
            else
            {
                Assert.Null(actual[i]);
            }
        }
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon * Math.Max(1, Math.Abs(x));

        public int GetHashCode(double obj) => 0;
    }
}
