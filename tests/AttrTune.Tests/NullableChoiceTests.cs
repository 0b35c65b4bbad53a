using System.Collections.Generic;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

public class NullableChoiceTests
{
    [Fact]
    public void Choice_of_T_on_a_nullable_property_offers_exactly_the_listed_values()
    {
        var heads = Assert.IsType<CategoricalDistribution<int?>>(NullableChoices.Descriptor["Heads"].Distribution);
        Assert.Equal(new int?[] { 1, 2, 4 }, heads.Choices.ToArray());
        var window = Assert.IsType<CategoricalDistribution<int?>>(NullableChoices.Descriptor["Window"].Distribution);
        Assert.Equal(new int?[] { null, 8, 16 }, window.Choices.ToArray());
        var activation = Assert.IsType<CategoricalDistribution<Activation?>>(NullableChoices.Descriptor["Act"].Distribution);
        Assert.Equal(new Activation?[] { Activation.Relu, Activation.Gelu }, activation.Choices.ToArray());
    }

    [Fact]
    public void Sampled_nullable_choices_round_trip_through_parameter_sets()
    {
        var random = new RandomSource(7);
        var seen = new HashSet<int?>();
        var windows = new HashSet<int?>();
        for (int i = 0; i < 200; i++)
        {
            NullableChoices config = NullableChoices.Sample(random);
            Assert.Contains(config.Heads, new int?[] { 1, 2, 4 });
            seen.Add(config.Heads);
            windows.Add(config.Window);

            ParameterSet parameters = config.ToParameters();
            Assert.Equal(config, NullableChoices.FromParameters(parameters));

            double[] values = new double[NullableChoices.Descriptor.Count];
            config.WriteValues(values);
            Assert.Equal(config, NullableChoices.FromValues(values));
        }

        Assert.Equal(3, seen.Count);
        Assert.Contains(null, windows);
    }

    [Fact]
    public void A_null_that_is_not_a_choice_is_refused_with_the_parameter_named()
    {
        var config = new NullableChoices { Heads = null };
        var error = Assert.ThrowsAny<System.ArgumentException>(() => config.ToParameters());
        Assert.Contains("Heads", error.Message, System.StringComparison.Ordinal);
    }
}
