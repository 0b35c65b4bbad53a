using System;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

public class GeneratedSpaceTests
{
    [Fact]
    public void Descriptor_lists_parameters_as_paths_with_parents_before_children()
    {
        string[] names = KitchenSink.Descriptor.Parameters.Select(p => p.Name).ToArray();
        Assert.Equal(
            new[]
            {
                "X", "Fraction", "Temperature", "Layers", "Budget", "Units", "Samples", "EvenNumber", "Optimizer",
                "Adam.LearningRate", "Adam.Beta1", "Sgd.LearningRate", "Sgd.Nesterov", "Sgd.Momentum",
                "Activation", "MaxDepth", "Scale", "Tag", "Dropout",
            },
            names);
        foreach (ParameterDescriptor parameter in KitchenSink.Descriptor.Parameters)
        {
            if (parameter.Condition is { } condition)
            {
                Assert.True(condition.ParentIndex < parameter.Index);
            }
        }
    }

    [Fact]
    public void Descriptor_carries_bounds_scales_steps_defaults_and_conditions()
    {
        SearchSpaceDescriptor d = KitchenSink.Descriptor;
        var fraction = Assert.IsType<FloatDistribution>(d["Fraction"].Distribution);
        Assert.Equal((0.0, 1.0, 0.1, false), (fraction.Low, fraction.High, fraction.Step, fraction.IsLog));
        Assert.Equal(0.3, d["Fraction"].DefaultValue);

        var temperature = Assert.IsType<FloatDistribution>(d["Temperature"].Distribution);
        Assert.True(temperature.IsLog && temperature.IsSinglePrecision);

        var samples = Assert.IsType<IntDistribution>(d["Samples"].Distribution);
        Assert.True(samples.IsLog);
        Assert.Equal(1_000_000, samples.High);

        var even = Assert.IsType<IntDistribution>(d["EvenNumber"].Distribution);
        Assert.Equal((2L, 20L, 2L), (even.Low, even.High, even.Step));

        var activation = Assert.IsType<CategoricalDistribution<Activation>>(d["Activation"].Distribution);
        Assert.Equal(new[] { Activation.Relu, Activation.Tanh, Activation.Gelu }, activation.Choices.ToArray());
        var maxDepth = Assert.IsType<CategoricalDistribution<int?>>(d["MaxDepth"].Distribution);
        Assert.Equal(new int?[] { null, 3, 5, 8 }, maxDepth.Choices.ToArray());

        Assert.Equal("active when Optimizer is \"adam\"", d.DescribeCondition(d["Adam.LearningRate"]));
        Assert.Equal("active when Optimizer is \"sgd\"", d.DescribeCondition(d["Sgd.Nesterov"]));
        Assert.Equal("active when Sgd.Nesterov is true", d.DescribeCondition(d["Sgd.Momentum"]));
        Assert.Equal("active when Activation is Tanh or Gelu", d.DescribeCondition(d["Dropout"]));
        Assert.Equal(0.0, d["Optimizer"].DefaultValue);
        Assert.False(d["X"].HasDefault);
    }

    [Fact]
    public void Default_configuration_uses_attribute_defaults_and_keeps_initialisers()
    {
        KitchenSink config = KitchenSink.CreateDefault();
        Assert.Equal(0.3, config.Fraction);
        Assert.Equal(4, config.Layers);
        Assert.Equal("adam", config.Optimizer);
        Assert.Equal(64, config.Units);
        Assert.Equal("untouched", config.Comment);
        Assert.NotNull(config.Adam);
        Assert.Equal(1e-3, config.Adam.LearningRate);
        Assert.Null(config.Sgd);
    }

    [Fact]
    public void Inactive_parameters_keep_their_default_and_are_absent_from_the_parameter_set()
    {
        var random = new RandomSource(7);
        int seen = 0;
        for (int i = 0; i < 200; i++)
        {
            KitchenSink config = KitchenSink.Sample(random);
            ParameterSet parameters = config.ToParameters();
            if (config.Optimizer != "sgd")
            {
                Assert.Null(config.Sgd);
                Assert.False(parameters.TryGetValue("Sgd.LearningRate", out _));
                Assert.DoesNotContain(parameters.ActiveValues, p => p.Key.StartsWith("Sgd.", StringComparison.Ordinal));
            }

            if (config.Activation == Activation.Relu)
            {
                Assert.Equal(0.25, config.Dropout);
                Assert.False(parameters.IsActive(KitchenSink.Descriptor.IndexOf("Dropout")));
                seen++;
            }

            if (config.Sgd is { Nesterov: false } sgd)
            {
                Assert.Equal(0.9, sgd.Momentum);
                Assert.True(double.IsNaN(parameters["Sgd.Momentum"]));
            }
        }

        Assert.InRange(seen, 40, 100);
    }

    [Fact]
    public void Untuned_properties_keep_their_initialiser_through_every_conversion()
    {
        var config = KitchenSink.Sample(new RandomSource(1));
        Assert.Equal("untouched", config.Comment);
        Assert.Equal("untouched", KitchenSink.FromParameters(config.ToParameters()).Comment);
        Assert.Equal("untouched", KitchenSink.FromUnitVector(config.ToUnitVector()).Comment);
    }

    [Fact]
    public void A_config_outside_its_space_gets_an_error_naming_parameter_value_and_rule()
    {
        var config = new KitchenSink { Layers = 12, Optimizer = "adam", Adam = new AdamSettings() };
        var error = Assert.Throws<ArgumentException>(() => config.ToParameters());
        Assert.Contains("Layers: 12 is outside [1, 8]", error.Message, StringComparison.Ordinal);

        var badChoice = new KitchenSink { Optimizer = "lbfgs" };
        error = Assert.Throws<ArgumentException>(() => badChoice.ToParameters());
        Assert.Contains("Optimizer: \"lbfgs\" is not one of the choices [\"adam\", \"sgd\", \"none\"]", error.Message, StringComparison.Ordinal);

        var offStep = new KitchenSink { Budget = 7 };
        error = Assert.Throws<ArgumentException>(() => offStep.ToParameters());
        Assert.Contains("Budget: 7 is not on the step 5 from 0", error.Message, StringComparison.Ordinal);

        var missingNested = new KitchenSink { Optimizer = "sgd", Sgd = null };
        error = Assert.Throws<ArgumentException>(() => missingNested.ToParameters());
        Assert.Contains("Sgd: the nested search space is active but the property is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_sets_of_another_space_are_refused()
    {
        ParameterSet other = TenParameters.Sample(new RandomSource(3)).ToParameters();
        var error = Assert.Throws<ArgumentException>(() => KitchenSink.FromParameters(other));
        Assert.Contains("belongs to AttrTune.Tests.TenParameters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_nested_in_other_types_are_generated()
    {
        SearchSpaceDescriptor d = Outer.Middle.InnerSpace.Descriptor;
        Assert.Equal("AttrTune.Tests.Outer.Middle.InnerSpace", d.TypeName);
        Assert.Equal(2L, Outer.Middle.InnerSpace.FromValues(new[] { 1.0 }).Width);
    }

    [Fact]
    public void Generic_code_can_require_a_search_space()
    {
        Assert.Equal(10, CountParameters<TenParameters>());

        static int CountParameters<T>()
            where T : class, ISearchSpace<T> => T.Descriptor.Count;
    }

    [Fact]
    public void Float_steps_give_the_decimal_values_a_user_writes()
    {
        var fraction = (FloatDistribution)KitchenSink.Descriptor["Fraction"].Distribution;
        Assert.Equal(new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 }, fraction.GetGridValues(0));
    }

    [Fact]
    public void Mutable_parameters_are_marked_in_the_descriptor()
    {
        Assert.True(PbtSpace.Descriptor["LearningRate"].IsMutable);
        Assert.False(PbtSpace.Descriptor["Hidden"].IsMutable);
    }
}

[SearchSpace]
public partial class PbtSpace
{
    [LogUniform(1e-3, 1, Default = 0.1), Mutable]
    public double LearningRate { get; set; } = 0.1;

    [Uniform(0.0, 0.9, Step = 0.1), Mutable]
    public double Momentum { get; set; } = 0.5;

    [Choice(1, 2, 4), Mutable]
    public int Batch { get; set; } = 1;

    [IntRange(8, 64, Step = 8)]
    public int Hidden { get; set; } = 32;
}
