using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

/// <summary>Conditions on integer parents: the runtime form, the generated code of <see cref="NumericConditions"/>, JSON and grids.</summary>
public class NumericConditionTests
{
    private static SearchSpaceDescriptor HandBuilt(long atLeast = 3)
    {
        var builder = new SearchSpaceDescriptorBuilder("Hand.Numeric");
        builder.Add("Layers", new IntDistribution(1, 8));
        builder.Add("Momentum", new FloatDistribution(0, 1), condition: builder.WhenRange("Layers", atLeast, null));
        builder.Add("Width", new IntDistribution(0, 100, step: 10), condition: builder.WhenValues("Layers", 4, 2, 4));
        builder.Add("Decay", new FloatDistribution(0, 1), condition: builder.WhenRange("Width", 20, 50));
        return builder.Build();
    }

    // The active parameters of NumericConditions, by hand from its attributes, given the values of its parents.
    private static Dictionary<string, bool> Expected(double layers, double activation, double budget, double units, double heads) => new()
    {
        ["Momentum"] = layers >= 3,
        ["Activation"] = layers is 2 or 4,
        ["Slope"] = layers is 2 or 4 && activation == 1,
        ["WarmupRate"] = budget <= 30,
        ["Adam.LearningRate"] = budget is >= 40 and <= 60,
        ["Adam.Beta1"] = budget is >= 40 and <= 60,
        ["Heads"] = units >= 64,
        ["SharedKeys"] = units >= 64 && heads is 2 or 4,
    };

    internal static void AssertActiveExactlyAsConditionsSay(ParameterSet point)
    {
        double Get(string name) => point.TryGetValue(name, out double v) ? v : double.NaN;
        Dictionary<string, bool> expected = Expected(Get("Layers"), Get("Activation"), Get("Budget"), Get("Units"), Get("Heads"));
        foreach ((string name, bool active) in expected)
        {
            Assert.True(active == point.TryGetValue(name, out _), $"{name} should be {(active ? "active" : "inactive")} in {point}");
        }
    }

    [Fact]
    public void The_generated_descriptor_holds_values_and_ranges_on_integer_parents()
    {
        SearchSpaceDescriptor d = NumericConditions.Descriptor;
        ParameterCondition momentum = d["Momentum"].Condition!;
        Assert.Equal(ConditionKind.Range, momentum.Kind);
        Assert.Equal((3L, (long?)null), (momentum.AtLeast!.Value, momentum.AtMost));
        Assert.Empty(momentum.AllowedChoices);
        ParameterCondition activation = d["Activation"].Condition!;
        Assert.Equal(ConditionKind.Values, activation.Kind);
        Assert.Equal(new long[] { 2, 4 }, activation.AllowedValues.ToArray());
        Assert.Equal(ConditionKind.Choices, d["Slope"].Condition!.Kind);
        Assert.Equal((40L, 60L), (d["Adam.Beta1"].Condition!.AtLeast!.Value, d["Adam.Beta1"].Condition!.AtMost!.Value));
        Assert.Equal(d.IndexOf("Budget"), d["Adam.LearningRate"].Condition!.ParentIndex);

        Assert.Equal("active when Layers is at least 3", d.DescribeCondition(d["Momentum"]));
        Assert.Equal("active when Layers is 2 or 4", d.DescribeCondition(d["Activation"]));
        Assert.Equal("active when Budget is at most 30", d.DescribeCondition(d["WarmupRate"]));
        Assert.Equal("active when Budget is at least 40 and at most 60", d.DescribeCondition(d["Adam.Beta1"]));
        Assert.Equal("active when Activation is \"tanh\"", d.DescribeCondition(d["Slope"]));
        Assert.Equal("when Budget >= 40 and <= 60", d["Adam.Beta1"].Condition!.ToString());
        Assert.Equal("when Layers in values {2, 4}", activation.ToString());
    }

    [Fact]
    public void A_range_or_value_condition_holds_only_for_integers_it_admits()
    {
        var range = ParameterCondition.ForRange(0, "N", 3, 6);
        Assert.Equal(new[] { false, true, true, false }, new[] { 2.0, 3, 6, 7 }.Select(range.IsSatisfiedBy));
        Assert.False(range.IsSatisfiedBy(double.NaN));
        Assert.False(range.IsSatisfiedBy(3.5));
        Assert.False(range.IsSatisfiedBy(double.PositiveInfinity));
        Assert.True(ParameterCondition.ForRange(0, "N", null, 6).IsSatisfiedBy(-1e15));
        Assert.True(ParameterCondition.ForRange(0, "N", long.MinValue, null).IsSatisfiedBy(-9007199254740992));

        var values = ParameterCondition.ForValues(0, "N", [4, 2, 4]);
        Assert.Equal(new long[] { 2, 4 }, values.AllowedValues.ToArray());
        Assert.Equal(new[] { false, true, false, true }, new[] { 1.0, 2, 3, 4 }.Select(values.IsSatisfiedBy));
        Assert.False(values.IsSatisfiedBy(double.NaN));

        // A choice condition on index 2 and a value condition on 2 are different conditions.
        var choice = new ParameterCondition(0, "N", [2]);
        Assert.True(choice.IsSatisfiedBy(2));
        Assert.NotEqual(choice, ParameterCondition.ForValues(0, "N", [2]));
        Assert.NotEqual(ParameterCondition.ForValues(0, "N", [3]), ParameterCondition.ForRange(0, "N", 3, 3));
        Assert.NotEqual(ParameterCondition.ForRange(0, "N", 3, null), ParameterCondition.ForRange(0, "N", null, 3));
        Assert.Equal(ParameterCondition.ForRange(0, "N", 3, 6), range);
        Assert.Equal(ParameterCondition.ForRange(0, "N", 3, 6).GetHashCode(), range.GetHashCode());
        Assert.Equal(ParameterCondition.ForValues(0, "N", [2, 4]), values);
        Assert.Equal(ParameterCondition.ForValues(0, "N", [2, 4]).GetHashCode(), values.GetHashCode());

        Assert.Throws<ArgumentException>(() => ParameterCondition.ForRange(0, "N", null, null));
        Assert.Throws<ArgumentException>(() => ParameterCondition.ForRange(0, "N", 5, 4));
        Assert.Throws<ArgumentException>(() => ParameterCondition.ForValues(0, "N", []));
    }

    [Fact]
    public void The_builder_refuses_conditions_that_cannot_hold_or_a_parent_that_is_not_an_integer()
    {
        var builder = new SearchSpaceDescriptorBuilder("Bad");
        builder.Add("N", new IntDistribution(0, 100, step: 10));
        builder.Add("X", new FloatDistribution(0, 1));
        builder.Add("C", new CategoricalDistribution<string>("a", "b"));
        Assert.Contains("allows 15 is not on the step 10 from 0", Assert.Throws<ArgumentException>(() => builder.WhenValues("N", 10, 15)).Message, StringComparison.Ordinal);
        Assert.Contains("allows 110 is outside [0, 100]", Assert.Throws<ArgumentException>(() => builder.WhenValues("N", 110)).Message, StringComparison.Ordinal);
        Assert.Contains("asks for at least 41 and at most 49, which none of its values", Assert.Throws<ArgumentException>(() => builder.WhenRange("N", 41, 49)).Message, StringComparison.Ordinal);
        Assert.Contains("asks for at least 101", Assert.Throws<ArgumentException>(() => builder.WhenRange("N", 101)).Message, StringComparison.Ordinal);
        Assert.Contains("'X', which is not an integer range", Assert.Throws<ArgumentException>(() => builder.WhenRange("X", 0)).Message, StringComparison.Ordinal);
        Assert.Contains("'C', which is not an integer range", Assert.Throws<ArgumentException>(() => builder.WhenValues("C", 0)).Message, StringComparison.Ordinal);
        Assert.Contains("'N', which is not categorical", Assert.Throws<ArgumentException>(() => builder.When("N", 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => builder.WhenRange("N"));
        Assert.Equal(50, builder.WhenRange("N", 41, 50).AtMost);
    }

    [Fact]
    public void The_fingerprint_of_numeric_conditions_is_pinned_and_follows_the_bounds()
    {
        // Computed independently: SHA-256 (Python hashlib) of the canonical text
        // "attrtune-space-v1\nLayers|Int[1, 8]\nMomentum|Uniform[0, 1]|if 0 >= 3\nWidth|Int[0, 100, step 10]|if 0 = 2,4\nDecay|Uniform[0, 1]|if 2 >= 20 <= 50\n".
        Assert.Equal("3f280eb896e63fd2", HandBuilt().Fingerprint);
        Assert.NotEqual(HandBuilt().Fingerprint, HandBuilt(atLeast: 4).Fingerprint);
    }

    [Fact]
    public void Json_round_trips_numeric_conditions_in_format_2_and_keeps_format_1_for_spaces_without_them()
    {
        foreach (SearchSpaceDescriptor space in new[] { HandBuilt(), NumericConditions.Descriptor })
        {
            string json = space.ToJson();
            Assert.Contains("\"format\":2", json, StringComparison.Ordinal);
            SearchSpaceDescriptor back = SearchSpaceDescriptor.FromJson(json);
            Assert.Equal(space.Fingerprint, back.Fingerprint);
            Assert.Equal(space.Parameters.Select(p => p.Condition), back.Parameters.Select(p => p.Condition));
        }

        Assert.Contains("\"activeWhen\":{\"parent\":\"Layers\",\"atLeast\":3}", HandBuilt().ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"activeWhen\":{\"parent\":\"Layers\",\"values\":[2,4]}", HandBuilt().ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"activeWhen\":{\"parent\":\"Width\",\"atLeast\":20,\"atMost\":50}", HandBuilt().ToJson(), StringComparison.Ordinal);
        Assert.Contains("\"format\":1", KitchenSink.Descriptor.ToJson(), StringComparison.Ordinal);

        // What an older version wrote (format 1, choice conditions) still reads.
        const string older = """
            {"format":1,"type":"Old","fingerprint":"x","parameters":[
              {"name":"Optimizer","kind":"categorical","choiceType":"System.String","choices":["adam","sgd"]},
              {"name":"Momentum","kind":"float","low":0,"high":1,"log":false,"step":0,"singlePrecision":false,"activeWhen":{"parent":"Optimizer","choices":[1]}}]}
            """;
        ParameterCondition read = SearchSpaceDescriptor.FromJson(older)["Momentum"].Condition!;
        Assert.Equal((ConditionKind.Choices, 1), (read.Kind, read.AllowedChoices.Single()));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Every_generated_route_activates_exactly_what_the_conditions_say(ulong seed)
    {
        var random = new RandomSource(seed);
        SearchSpaceDescriptor d = NumericConditions.Descriptor;
        var seen = new HashSet<(string, bool)>();
        var values = new double[d.Count];
        var unit = new double[d.Count];
        for (int i = 0; i < 400; i++)
        {
            NumericConditions sampled = NumericConditions.Sample(random);
            d.SampleValues(random, values);
            for (int k = 0; k < unit.Length; k++)
            {
                unit[k] = random.NextDouble();
            }

            NumericConditions decoded = NumericConditions.FromUnitVector(unit);
            var generic = new double[d.Count];
            d.FromUnitVector(unit, generic);
            var typed = new double[d.Count];
            decoded.WriteValues(typed);
            Assert.Equal(generic, typed);

            foreach (NumericConditions config in new[] { sampled, decoded, NumericConditions.FromValues(values) })
            {
                ParameterSet point = config.ToParameters();
                AssertActiveExactlyAsConditionsSay(point);
                foreach (ParameterDescriptor parameter in d.Parameters)
                {
                    bool active = point.TryGetValue(parameter.Name, out _);
                    Assert.Equal(active, config.IsActive(parameter.Name));
                    seen.Add((parameter.Name, active));
                }
            }
        }

        // Every conditional parameter was seen both ways, so the checks above were not vacuous.
        foreach (ParameterDescriptor parameter in d.Parameters.Where(p => p.Condition is not null))
        {
            Assert.Contains((parameter.Name, true), seen);
            Assert.Contains((parameter.Name, false), seen);
        }
    }

    [Fact]
    public void IsActive_reads_the_integer_parent_from_the_properties()
    {
        Assert.False(new NumericConditions { Layers = 2 }.IsActive(nameof(NumericConditions.Momentum)));
        Assert.True(new NumericConditions { Layers = 3 }.IsActive(nameof(NumericConditions.Momentum)));
        Assert.True(new NumericConditions { Layers = 4, Activation = "tanh" }.IsActive(nameof(NumericConditions.Slope)));
        Assert.False(new NumericConditions { Layers = 5, Activation = "tanh" }.IsActive(nameof(NumericConditions.Slope)));
        Assert.True(new NumericConditions { Budget = 50, Adam = new AdamSettings() }.IsActive("Adam.Beta1"));
        Assert.False(new NumericConditions { Budget = 70, Adam = new AdamSettings() }.IsActive("Adam.Beta1"));
        Assert.False(new NumericConditions { Units = 32, Heads = 2 }.IsActive(nameof(NumericConditions.SharedKeys)));
        Assert.True(new NumericConditions { Units = 64, Heads = 2 }.IsActive(nameof(NumericConditions.SharedKeys)));
        // Off the parent's step: no value condition holds, a range still compares.
        Assert.False(new NumericConditions { Layers = 99 }.IsActive(nameof(NumericConditions.Activation)));
    }

    [Fact]
    public void CreateDefault_keeps_what_the_default_parents_activate()
    {
        NumericConditions baseline = NumericConditions.CreateDefault();
        Assert.Equal(1, baseline.Layers);
        Assert.Null(baseline.Adam);
        AssertActiveExactlyAsConditionsSay(baseline.ToParameters());
    }

    [Fact]
    public void The_grid_enumerates_each_numeric_branch_once()
    {
        SearchSpaceGrid grid = NumericConditions.Descriptor.CreateGrid(new GridOptions { ContinuousPoints = 2 });
        var random = new RandomSource(3);
        var indices = new HashSet<long>();
        while (indices.Count < 3000)
        {
            indices.Add((long)(random.NextDouble() * grid.Count));
        }

        // Spread over the whole grid (23 million points): distinct indices give distinct, valid points.
        List<ParameterSet> points = indices.Select(grid.GetPoint).ToList();
        Assert.Equal(points.Count, points.Distinct().Count());
        Assert.All(points, p => Assert.Null(NumericConditions.Descriptor.Validate(p.Values)));
        Assert.All(points, AssertActiveExactlyAsConditionsSay);

        // Counted by hand from the attributes. Layers: 1 opens nothing (1); 2 opens Activation (relu, or tanh with 2
        // slopes: 3); 3 opens Momentum (100 steps); 4 opens both (300); 5 to 8 open Momentum (400). Budget: 0 to 30 open
        // WarmupRate (4 x 2), 40 to 60 open Adam (3 x 2 x 2), 70 to 100 nothing (4). Units (16 to 256, 241 integers): the
        // 193 from 64 open Heads (1 and 3 alone, 2 and 4 with 2 SharedKeys: 6).
        long layers = 1 + (3 * 1) + 100 + (3 * 100) + (4 * 100);
        long budget = (4 * 2) + (3 * 4) + 4;
        long units = (241 - 193) + (193 * 6);
        Assert.Equal(layers * budget * units, grid.Count);
    }
}
