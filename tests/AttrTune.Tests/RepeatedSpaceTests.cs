using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

/// <summary>[RepeatedBy]: the generated code of <see cref="RepeatedMlp"/>, its descriptor, activity and round trips.</summary>
public class RepeatedSpaceTests
{
    private static readonly string[] LayerParameters = ["Units", "Activation", "Slope"];

    // The number of active instances of each repeated property, as its count (and the count's own condition) says.
    internal static (int Layer, int Block, int Head) ActiveCounts(ParameterSet point)
    {
        double Get(string name) => point.TryGetValue(name, out double v) ? v : 0;
        return ((int)Get("Layers"), (int)Get("Blocks"), (int)Get("Heads"));
    }

    // Instance j of each repeated property is active exactly when j is below the count, and inside an active instance
    // Slope follows its Activation.
    internal static void AssertInstancesFollowTheCounts(ParameterSet point)
    {
        (int layers, int blocks, int heads) = ActiveCounts(point);
        foreach ((string name, int max, int active) in new[] { ("Layer", 4, layers), ("Block", 3, blocks), ("Head", 2, heads) })
        {
            for (int j = 0; j < max; j++)
            {
                string prefix = $"{name}[{j}].";
                Assert.Equal(j < active, point.TryGetValue(prefix + "Units", out _));
                Assert.Equal(j < active, point.TryGetValue(prefix + "Activation", out double activation));
                Assert.Equal(j < active && activation == 1, point.TryGetValue(prefix + "Slope", out _));
            }
        }
    }

    [Fact]
    public void The_descriptor_holds_one_instance_per_value_of_the_count_up_to_its_upper_bound()
    {
        SearchSpaceDescriptor d = RepeatedMlp.Descriptor;
        var expected = new List<string> { "Layers" };
        expected.AddRange(Enumerable.Range(0, 4).SelectMany(j => LayerParameters.Select(p => $"Layer[{j}].{p}")));
        expected.AddRange(["Residual", "Blocks"]);
        expected.AddRange(Enumerable.Range(0, 3).SelectMany(j => LayerParameters.Select(p => $"Block[{j}].{p}")));
        expected.Add("Heads");
        expected.AddRange(Enumerable.Range(0, 2).SelectMany(j => LayerParameters.Select(p => $"Head[{j}].{p}")));
        Assert.Equal(expected, d.Parameters.Select(p => p.Name));

        // Instance j's own parameters carry "count >= j + 1"; its conditional parameter chains under its sibling.
        ParameterDescriptor units = d.Parameters[d.IndexOf("Layer[2].Units")];
        Assert.Equal(ConditionKind.Range, units.Condition!.Kind);
        Assert.Equal("Layers", units.Condition.ParentName);
        Assert.Equal(3, units.Condition.AtLeast);
        Assert.Null(units.Condition.AtMost);
        Assert.Equal("Layer[2].Activation", d.Parameters[d.IndexOf("Layer[2].Slope")].Condition!.ParentName);
        Assert.Equal("Blocks", d.Parameters[d.IndexOf("Block[0].Units")].Condition!.ParentName);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Every_generated_route_fills_the_list_with_one_item_per_active_instance_and_round_trips(ulong seed)
    {
        var random = new RandomSource(seed);
        SearchSpaceDescriptor d = RepeatedMlp.Descriptor;
        var values = new double[d.Count];
        var unit = new double[d.Count];
        var lengths = new HashSet<(int, int, int)>();
        for (int i = 0; i < 300; i++)
        {
            d.SampleValues(random, values);
            for (int k = 0; k < unit.Length; k++)
            {
                unit[k] = random.NextDouble();
            }

            foreach (RepeatedMlp config in new[] { RepeatedMlp.Sample(random), RepeatedMlp.FromValues(values), RepeatedMlp.FromUnitVector(unit) })
            {
                Assert.Equal(config.Layers, config.Layer.Count);
                Assert.Equal(config.Residual ? config.Blocks : 0, config.Block.Length);
                Assert.Equal(config.Heads, config.Head.Count);
                lengths.Add((config.Layer.Count, config.Block.Length, config.Head.Count));

                ParameterSet point = config.ToParameters();
                Assert.Null(d.Validate(point.Values));
                AssertInstancesFollowTheCounts(point);
                foreach (ParameterDescriptor parameter in d.Parameters)
                {
                    Assert.Equal(point.TryGetValue(parameter.Name, out _), config.IsActive(parameter.Name));
                    Assert.Equal(point.TryGetValue(parameter.Name, out _), SearchSpace.IsActive(config, parameter.Name));
                }

                AssertSame(config, RepeatedMlp.FromParameters(point));

                // The unit cube: the same configuration back, and the generated writer agrees with the descriptor's decoding.
                double[] cube = config.ToUnitVector();
                AssertSame(config, RepeatedMlp.FromUnitVector(cube));
                var decoded = new double[d.Count];
                d.FromUnitVector(cube, decoded);
                Assert.Equal(point.Values.ToArray(), decoded);
            }
        }

        // Every list was seen empty (where the count can be 0) and full, so the checks above were not vacuous.
        Assert.Contains(lengths, l => l.Item1 == 1);
        Assert.Contains(lengths, l => l.Item1 == 4);
        Assert.Contains(lengths, l => l.Item2 == 0);
        Assert.Contains(lengths, l => l.Item2 == 3);
        Assert.Contains(lengths, l => l.Item3 == 0);
        Assert.Contains(lengths, l => l.Item3 == 2);
    }

    [Fact]
    public void IsActive_answers_for_instances_and_the_paths_inside_them()
    {
        var tanh = new RepeatedLayer { Activation = "tanh" };
        var config = new RepeatedMlp { Layers = 3, Layer = [new RepeatedLayer(), tanh, new RepeatedLayer()] };
        Assert.True(config.IsActive("Layer[2].Units"));
        Assert.True(config.IsActive("Layer[2]"));
        Assert.False(config.IsActive("Layer[3].Units"));
        Assert.False(config.IsActive("Layer[3]"));
        Assert.False(config.IsActive("Layer[0].Slope"));
        Assert.True(config.IsActive("Layer[1].Slope"));
        Assert.False(config.IsActive("Block[0].Units"));
        Assert.True(new RepeatedMlp { Residual = true, Blocks = 1, Block = [new RepeatedLayer()] }.IsActive("Block[0].Units"));

        // Names the descriptor does not hold are refused, as for any other space.
        Assert.Throws<ArgumentException>(() => config.IsActive("Layer[4].Units"));
        Assert.Throws<ArgumentException>(() => config.IsActive("Layer[01].Units"));
        Assert.Throws<ArgumentException>(() => config.IsActive("Layer"));
    }

    [Fact]
    public void A_list_whose_length_differs_from_its_count_is_refused_naming_both()
    {
        var config = new RepeatedMlp { Layers = 3, Layer = [new RepeatedLayer(), new RepeatedLayer()] };
        ArgumentException e = Assert.Throws<ArgumentException>(() => config.ToParameters());
        Assert.Contains("RepeatedMlp.Layer", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 items", e.Message, StringComparison.Ordinal);
        Assert.Contains("Layers makes 3 active", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => config.ToUnitVector());

        // An inactive count makes none active: a list under it must be empty.
        var blocks = new RepeatedMlp { Layers = 1, Layer = [new RepeatedLayer()], Residual = false, Blocks = 2, Block = [new RepeatedLayer()] };
        Assert.Contains("Blocks makes 0 active", Assert.Throws<ArgumentException>(() => blocks.ToParameters()).Message, StringComparison.Ordinal);

        var none = new RepeatedMlp { Layers = 1, Layer = null! };
        Assert.Contains("RepeatedMlp.Layer", Assert.Throws<ArgumentException>(() => none.ToParameters()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_configuration_has_the_default_count_of_default_instances()
    {
        RepeatedMlp config = RepeatedMlp.CreateDefault();
        Assert.Equal(2, config.Layers);
        Assert.Equal([new RepeatedLayer(), new RepeatedLayer()], config.Layer);
        Assert.Empty(config.Block);
        Assert.Empty(config.Head);
        Assert.Null(RepeatedMlp.Descriptor.Validate(config.ToParameters().Values));
    }

    private static void AssertSame(RepeatedMlp expected, RepeatedMlp actual)
    {
        Assert.Equal(expected.Layers, actual.Layers);
        Assert.Equal(expected.Layer, actual.Layer);
        Assert.Equal(expected.Residual, actual.Residual);
        Assert.Equal(expected.Block, actual.Block);
        Assert.Equal(expected.Heads, actual.Heads);
        Assert.Equal(expected.Head, actual.Head);
        Assert.Equal(expected.ToParameters().Values.ToArray(), actual.ToParameters().Values.ToArray());
    }
}
