using System;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

public class IsActiveTests
{
    [Fact]
    public void A_parameter_without_a_condition_is_always_active()
    {
        Assert.True(new ConditionChain().IsActive(nameof(ConditionChain.Layers)));
        Assert.True(new ConditionChain { Optimizer = "none" }.IsActive(nameof(ConditionChain.Optimizer)));
    }

    [Fact]
    public void A_condition_is_evaluated_on_the_current_property_values()
    {
        Assert.True(new ConditionChain { Optimizer = "sgd" }.IsActive(nameof(ConditionChain.UseMomentum)));
        Assert.False(new ConditionChain { Optimizer = "adam" }.IsActive(nameof(ConditionChain.UseMomentum)));
        Assert.True(new ConditionChain { Optimizer = "sgd", UseMomentum = true }.IsActive(nameof(ConditionChain.Momentum)));
        Assert.False(new ConditionChain { Optimizer = "sgd", UseMomentum = false }.IsActive(nameof(ConditionChain.Momentum)));
    }

    // UseMomentum = true would activate Momentum, but UseMomentum is itself inactive under adam.
    [Fact]
    public void A_grandchild_under_an_inactive_parent_is_inactive()
    {
        var config = new ConditionChain { Optimizer = "adam", UseMomentum = true };
        Assert.False(config.IsActive(nameof(ConditionChain.UseMomentum)));
        Assert.False(config.IsActive(nameof(ConditionChain.Momentum)));
    }

    [Fact]
    public void Nested_spaces_answer_by_their_name_and_by_the_paths_inside_them()
    {
        var adam = new ConditionChain { Optimizer = "adam" };
        Assert.True(adam.IsActive(nameof(ConditionChain.Adam)));
        Assert.True(adam.IsActive("Adam.LearningRate"));
        Assert.False(adam.IsActive(nameof(ConditionChain.Sgd)));
        Assert.False(adam.IsActive("Sgd.Nesterov"));

        var sgd = new ConditionChain { Optimizer = "sgd", Sgd = new SgdSettings { Nesterov = true } };
        Assert.False(sgd.IsActive("Adam.LearningRate"));
        Assert.True(sgd.IsActive("Sgd.Nesterov"));
        Assert.True(sgd.IsActive("Sgd.Momentum"));
        Assert.False((sgd with { Sgd = new SgdSettings { Nesterov = false } }).IsActive("Sgd.Momentum"));

        // An active nested space whose property is null has nothing in it to be active.
        Assert.False(new ConditionChain { Optimizer = "sgd", Sgd = null }.IsActive("Sgd.Nesterov"));
    }

    [Fact]
    public void A_parent_value_that_is_not_a_choice_activates_nothing_and_does_not_throw()
    {
        var config = new ConditionChain { Optimizer = "rmsprop", UseMomentum = true };
        Assert.False(config.IsActive(nameof(ConditionChain.UseMomentum)));
        Assert.False(config.IsActive(nameof(ConditionChain.Momentum)));
        Assert.False(config.IsActive("Adam.LearningRate"));
    }

    // The typed answer, the generic one and the parameter set (inactive = absent) agree on every sampled point.
    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void IsActive_agrees_with_the_parameter_set_on_sampled_configurations(ulong seed)
    {
        var random = new RandomSource(seed);
        for (int trial = 0; trial < 200; trial++)
        {
            ConditionChain chain = ConditionChain.Sample(random);
            AssertAgrees(chain, chain.IsActive);
            KitchenSink sink = KitchenSink.Sample(random);
            AssertAgrees(sink, sink.IsActive);
        }
    }

    // The build reports these constant names (AT0031); what is tested here is the run-time error behind it.
#pragma warning disable AT0031
    [Fact]
    public void An_unknown_name_is_refused_with_the_names_that_exist()
    {
        var config = new ConditionChain();
        ArgumentException error = Assert.Throws<ArgumentException>(() => config.IsActive("Momentun"));
        Assert.Equal("parameterName", error.ParamName);
        Assert.StartsWith(
            "AttrTune.Tests.ConditionChain has no parameter 'Momentun'; its parameters are Optimizer, UseMomentum, Momentum, Layers, Adam, Adam.LearningRate, Adam.Beta1, Sgd, Sgd.LearningRate, Sgd.Nesterov, Sgd.Momentum.",
            error.Message,
            StringComparison.Ordinal);

        Assert.Contains("'Adam.Nope'", Assert.Throws<ArgumentException>(() => config.IsActive("Adam.Nope")).Message, StringComparison.Ordinal);
        Assert.Contains("no parameter null", Assert.Throws<ArgumentException>(() => config.IsActive(null!)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SearchSpace.IsActive(config, "Adam."));
    }
#pragma warning restore AT0031

    private static void AssertAgrees<T>(T config, Func<string, bool> typed)
        where T : class, ISearchSpace<T>
    {
        SearchSpaceDescriptor descriptor = T.Descriptor;
        var values = new double[descriptor.Count];
        config.WriteValues(values);
        ParameterSet parameters = config.ToParameters();
        foreach (ParameterDescriptor parameter in descriptor.Parameters)
        {
            bool active = !double.IsNaN(values[parameter.Index]);
            Assert.Equal(active, typed(parameter.Name));
            Assert.Equal(active, SearchSpace.IsActive(config, parameter.Name));
            Assert.Equal(active, parameters.TryGetValue(parameter.Name, out _));
        }
    }
}
