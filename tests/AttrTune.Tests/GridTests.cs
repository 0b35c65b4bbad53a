using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

public class GridTests
{
    [Fact]
    public void Conditional_grids_enumerate_each_branch_once_without_duplicates()
    {
        // Optimizer(3) x [adam: lr(2) x beta(2)] | [sgd: lr(2) x nesterov(2: false | true x momentum(100))] | [none]
        SearchSpaceDescriptor d = ConditionalGrid.Descriptor;
        SearchSpaceGrid grid = d.CreateGrid(new GridOptions { ContinuousPoints = 2 });
        long adam = 2 * 2;
        long sgd = 2 * (1 + 100);
        Assert.Equal(adam + sgd + 1, grid.Count);

        var points = grid.ToList();
        Assert.Equal(grid.Count, points.Count);
        Assert.Equal(points.Count, points.Distinct().Count());
        Assert.All(points, p => Assert.Null(d.Validate(p.Values)));
        for (long i = 0; i < grid.Count; i += 7)
        {
            Assert.Equal(points[(int)i], grid.GetPoint(i));
        }
    }

    [Fact]
    public void Typed_grid_enumeration_matches_the_count()
    {
        var options = new GridOptions { ContinuousPoints = 3 };
        List<ConditionalGrid> configs = ConditionalGrid.EnumerateGrid(options).ToList();
        Assert.Equal(ConditionalGrid.Descriptor.CreateGrid(options).Count, configs.Count);
        Assert.Contains(configs, c => c.Optimizer == "none");
    }

    [Fact]
    public void Attribute_grid_points_override_the_options_and_log_ranges_are_geometric()
    {
        var values = ((FloatDistribution)KitchenSink.Descriptor["Temperature"].Distribution).GetGridValues(5);
        Assert.Equal(1e-3, values[0], 9);
        Assert.Equal(1e-2, values[1], 9);
        Assert.Equal(10, values[4], 6);
        SearchSpaceGrid grid = GridPointsSpace.Descriptor.CreateGrid();
        Assert.Equal(4 * 3, grid.Count);
    }

    [Fact]
    public void A_continuous_range_without_grid_points_is_a_clear_error()
    {
        // The analyzer reports this call at build time (AT0025); here the run-time error itself is under test.
#pragma warning disable AT0025
        var error = Assert.Throws<InvalidOperationException>(() => KitchenSink.Descriptor.CreateGrid());
#pragma warning restore AT0025
        Assert.Contains("X: the continuous range Uniform[-5, 10] has no grid points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_indices_are_refused()
    {
        SearchSpaceGrid grid = GridPointsSpace.Descriptor.CreateGrid();
        Assert.Throws<ArgumentOutOfRangeException>(() => grid.GetPoint(grid.Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => grid.GetPoint(-1));
    }
}

[SearchSpace]
public partial class ConditionalGrid
{
    [Choice("adam", "sgd", "none")]
    public string Optimizer { get; set; } = "adam";

    [ActiveWhen(nameof(Optimizer), "adam")]
    public AdamSettings Adam { get; set; } = new();

    [ActiveWhen(nameof(Optimizer), "sgd")]
    public SgdSettings Sgd { get; set; } = new();
}

[SearchSpace]
public partial class GridPointsSpace
{
    [Uniform(0, 1, GridPoints = 4)]
    public double A { get; set; }

    [LogUniform(1, 100, GridPoints = 3)]
    public double B { get; set; } = 1;
}
