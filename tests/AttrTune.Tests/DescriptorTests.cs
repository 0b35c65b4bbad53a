using System;
using System.Collections.Generic;
using System.Numerics;
using System.Reflection;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests;

public class DescriptorTests
{
    private static SearchSpaceDescriptor HandBuilt(double high = 0.1, double defaultValue = 1e-3)
    {
        var builder = new SearchSpaceDescriptorBuilder("Hand.Built");
        builder.Add("LearningRate", new FloatDistribution(1e-5, high, log: true), defaultValue);
        builder.Add("Optimizer", new CategoricalDistribution<string>("adam", "sgd"));
        builder.Add("Momentum", new FloatDistribution(0, 1), condition: builder.When("Optimizer", 1));
        return builder.Build();
    }

    [Fact]
    public void The_fingerprint_is_stable_across_runs_and_machines()
    {
        // A golden value, computed independently (SHA-256 of the canonical text in Python): if it changes, every
        // stored study becomes unresumable, so it must not change by accident.
        Assert.Equal("b4bf7d12020163f1", HandBuilt().Fingerprint);
    }

    [Fact]
    public void The_fingerprint_changes_with_the_space_and_only_with_it()
    {
        Assert.NotEqual(HandBuilt().Fingerprint, HandBuilt(high: 0.2).Fingerprint);
        Assert.Equal(HandBuilt().Fingerprint, HandBuilt(defaultValue: 1e-2).Fingerprint);
    }

    [Fact]
    public void Validation_names_parameter_value_and_rule()
    {
        SearchSpaceDescriptor d = HandBuilt();
        Assert.Equal("LearningRate: 0.5 is outside [1E-05, 0.1]", d.Validate(new[] { 0.5, 0, double.NaN }));
        Assert.Equal("Momentum: has value 0.5 but is inactive (active when Optimizer is \"sgd\")", d.Validate(new[] { 0.01, 0, 0.5 }));
        Assert.Equal("Momentum: has no value but is active", d.Validate(new[] { 0.01, 1, double.NaN }));
        Assert.Equal("Optimizer: 2 is not a choice index in [0, 1]", d.Validate(new[] { 0.01, 2, double.NaN }));
        Assert.Equal("Hand.Built has 3 parameters, got 2 values", d.Validate(new[] { 0.01, 0 }));
        Assert.Null(d.Validate(new[] { 0.01, 1, 0.5 }));
    }

    [Fact]
    public void Parameter_sets_refuse_unknown_names_and_invalid_values()
    {
        SearchSpaceDescriptor d = HandBuilt();
        var error = Assert.Throws<ArgumentException>(() => ParameterSet.FromNamed(d, new Dictionary<string, double> { ["Lr"] = 0.01 }));
        Assert.Contains("'Lr' is not a parameter of the space", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => ParameterSet.Create(d, new[] { 0.01, 1, 2.0 }));
        Assert.Contains("Momentum: 2 is outside [0, 1]", error.Message, StringComparison.Ordinal);
        var set = ParameterSet.FromNamed(d, new Dictionary<string, double> { ["LearningRate"] = 0.01, ["Optimizer"] = 1, ["Momentum"] = 0.5 });
        Assert.Equal("LearningRate=0.01, Optimizer=\"sgd\", Momentum=0.5", set.ToString());
    }

    [Theory]
    [InlineData(1.0, 1.0, false, 0.0, "[Uniform] needs low < high, got low = 1, high = 1")]
    [InlineData(0.0, 1.0, true, 0.0, "[LogUniform] needs low > 0 on a log scale, got low = 0")]
    [InlineData(0.0, 1.0, false, -0.1, "[Uniform] needs Step > 0 (or 0 for continuous), got Step = -0.1")]
    [InlineData(0.0, 1.0, false, 0.3, "[Uniform] needs Step to divide high - low = 1, got Step = 0.3")]
    [InlineData(double.NaN, 1.0, false, 0.0, "[Uniform] needs finite bounds, got low = NaN, high = 1")]
    public void Invalid_float_ranges_are_refused_with_the_rule(double low, double high, bool log, double step, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new FloatDistribution(low, high, log, step));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(5L, 1L, false, 1L, "[IntRange] needs low < high, got low = 5, high = 1")]
    [InlineData(0L, 10L, true, 1L, "[IntRange] needs low >= 1 on a log scale, got low = 0")]
    [InlineData(0L, 10L, false, 3L, "[IntRange] needs Step to divide high - low = 10, got Step = 3")]
    [InlineData(0L, 10L, false, 0L, "[IntRange] needs Step > 0, got Step = 0")]
    [InlineData(0L, long.MaxValue, false, 1L, "[IntRange] needs bounds within ±2^53, got low = 0, high = 9223372036854775807")]
    public void Invalid_int_ranges_are_refused_with_the_rule(long low, long high, bool log, long step, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => new IntDistribution(low, high, log, step));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Builder_refuses_duplicates_bad_defaults_and_bad_conditions()
    {
        var builder = new SearchSpaceDescriptorBuilder("T");
        builder.Add("A", new IntDistribution(0, 10));
        Assert.Contains("already has a parameter named 'A'", Assert.Throws<ArgumentException>(() => builder.Add("A", new IntDistribution(0, 1))).Message, StringComparison.Ordinal);
        Assert.Contains("B: the default 11 is outside [0, 10]", Assert.Throws<ArgumentException>(() => builder.Add("B", new IntDistribution(0, 10), 11)).Message, StringComparison.Ordinal);
        Assert.Contains("'A', which is not categorical", Assert.Throws<ArgumentException>(() => builder.When("A", 0)).Message, StringComparison.Ordinal);
        Assert.Contains("'Z', which is not a parameter", Assert.Throws<ArgumentException>(() => builder.When("Z", 0)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_choices_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CategoricalDistribution<string?>("a", null, "b", null));
        Assert.StartsWith("The choice null is listed more than once.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unit_coordinates_that_are_NaN_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new FloatDistribution(0, 1).FromUnit(double.NaN));
    }
}

public class RandomSourceTests
{
    [Fact]
    public void A_seed_gives_the_same_sequence_everywhere()
    {
        // xoshiro256** seeded through SplitMix64(42), computed by an independent Python implementation:
        // a change breaks the reproducibility of every seeded study.
        var random = new RandomSource(42);
        Assert.Equal(new ulong[] { 0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL }, new[] { random.NextUInt64(), random.NextUInt64() });
    }

    [Fact]
    public void Bounded_integers_stay_in_range_and_forks_are_stable()
    {
        var random = new RandomSource(1);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.InRange(random.NextInt64(7), 0, 6);
            // [0, 1): the largest double below 1 is the upper bound (1 - 1e-17 would round to 1.0 and allow 1).
            Assert.InRange(random.NextDouble(), 0.0, Math.BitDecrement(1.0));
        }

        Assert.Equal(new RandomSource(5).Fork("lr").NextUInt64(), new RandomSource(5).Fork("lr").NextUInt64());
        Assert.NotEqual(new RandomSource(5).Fork("lr").NextUInt64(), new RandomSource(5).Fork("momentum").NextUInt64());
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt64(0));
    }

    [Fact]
    public void The_extreme_raw_values_map_inside_the_unit_interval()
    {
        // Random draws never reach the top of the range (53 high bits all set: odds 2^-53 a draw), so the generator is
        // steered there: the largest raw value must become 1 - 2^-53, below 1; were it 1, a uniform draw could hit
        // the upper bound and NextGaussian's log(1 - u) would be log 0.
        Assert.Equal(ulong.MaxValue, Returning(ulong.MaxValue).NextUInt64());
        Assert.Equal(Math.BitDecrement(1.0), Returning(ulong.MaxValue).NextDouble());
        Assert.Equal(0.0, Returning(0).NextDouble());
        Assert.True(double.IsFinite(Returning(ulong.MaxValue).NextGaussian()));
    }

    /// <summary>A generator whose next <see cref="RandomSource.NextUInt64"/> is <paramref name="raw"/>.</summary>
    private static RandomSource Returning(ulong raw)
    {
        // xoshiro256** outputs rotl(s1 * 5, 7) * 9, which depends on s1 alone; 5 and 9 are odd, so invertible mod 2^64.
        ulong s1 = BitOperations.RotateRight(raw * InverseOf(9), 7) * InverseOf(5);
        var random = new RandomSource(1);
        FieldInfo field = typeof(RandomSource).GetField("_s1", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("RandomSource no longer keeps its state in _s1: update this test.");
        field.SetValue(random, s1);
        return random;
    }

    private static ulong InverseOf(ulong odd)
    {
        // Newton's iteration doubles the correct low bits each step: 3 bits from x = odd, 96 after five steps.
        ulong x = odd;
        for (int i = 0; i < 5; i++)
        {
            x *= 2 - (odd * x);
        }

        return x;
    }
}
