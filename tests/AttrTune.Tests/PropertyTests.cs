using System;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using CsCheck;
using Xunit;

namespace AttrTune.Tests;

/// <summary>CsCheck properties: conversions round-trip and every sample lies in the space.</summary>
public class PropertyTests
{
    private static readonly Gen<ulong> Seeds = Gen.ULong;

    private static Gen<double[]> UnitVectors(int length) => Gen.Double[0.0, 1.0].Array[length];

    [Fact]
    public void Every_sample_is_in_bounds_on_its_step_in_its_choices_with_inactive_parameters_absent()
    {
        Seeds.Sample(seed =>
        {
            KitchenSink config = KitchenSink.Sample(new RandomSource(seed));
            double[] values = new double[KitchenSink.Descriptor.Count];
            config.WriteValues(values);
            return KitchenSink.Descriptor.Validate(values) is null;
        });
    }

    [Fact]
    public void Parameter_sets_round_trip_exactly()
    {
        Seeds.Sample(seed =>
        {
            KitchenSink config = KitchenSink.Sample(new RandomSource(seed));
            ParameterSet parameters = config.ToParameters();
            KitchenSink back = KitchenSink.FromParameters(parameters);
            return back.ToParameters().Equals(parameters) && SameTunedValues(config, back);
        });
    }

    [Fact]
    public void Named_parameter_sets_round_trip_exactly()
    {
        Seeds.Sample(seed =>
        {
            ParameterSet parameters = TenParameters.Sample(new RandomSource(seed)).ToParameters();
            ParameterSet named = ParameterSet.FromNamed(TenParameters.Descriptor, parameters.ActiveValues.ToList());
            return named.Equals(parameters);
        });
    }

    [Fact]
    public void Unit_vectors_round_trip_exactly_for_discrete_and_to_the_last_bits_for_continuous_parameters()
    {
        Seeds.Sample(seed =>
        {
            KitchenSink config = KitchenSink.Sample(new RandomSource(seed));
            ParameterSet before = config.ToParameters();
            ParameterSet after = KitchenSink.FromUnitVector(config.ToUnitVector()).ToParameters();
            for (int i = 0; i < before.Count; i++)
            {
                Distribution distribution = KitchenSink.Descriptor.Parameters[i].Distribution;
                double x = before[i];
                double y = after[i];
                bool same = distribution.IsContinuous
                    ? (double.IsNaN(x) && double.IsNaN(y)) || Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(x))
                    : x.Equals(y);
                if (!same)
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Fact]
    public void Any_point_of_the_unit_cube_decodes_into_the_space()
    {
        UnitVectors(KitchenSink.Descriptor.Count).Sample(unit =>
        {
            double[] values = new double[unit.Length];
            KitchenSink.FromUnitVector(unit).WriteValues(values);
            return KitchenSink.Descriptor.Validate(values) is null;
        });
    }

    [Fact]
    public void Generated_code_and_the_descriptor_decode_the_unit_cube_identically()
    {
        UnitVectors(KitchenSink.Descriptor.Count).Sample(unit =>
        {
            double[] generic = new double[unit.Length];
            KitchenSink.Descriptor.FromUnitVector(unit, generic);
            double[] typed = new double[unit.Length];
            KitchenSink.FromUnitVector(unit).WriteValues(typed);
            return generic.Select((v, i) => SameInternal(v, typed[i], KitchenSink.Descriptor.Parameters[i])).All(x => x);
        });
    }

    [Fact]
    public void Descriptor_samples_are_valid_and_load_into_the_type()
    {
        Seeds.Sample(seed =>
        {
            double[] values = new double[KitchenSink.Descriptor.Count];
            KitchenSink.Descriptor.SampleValues(new RandomSource(seed), values);
            double[] written = new double[values.Length];
            KitchenSink.FromValues(values).WriteValues(written);
            return KitchenSink.Descriptor.Validate(values) is null
                && values.Select((v, i) => SameInternal(v, written[i], KitchenSink.Descriptor.Parameters[i])).All(x => x);
        });
    }

    [Fact]
    public void The_same_seed_gives_the_same_configurations()
    {
        Seeds.Sample(seed =>
        {
            var a = new RandomSource(seed);
            var b = new RandomSource(seed);
            return Enumerable.Range(0, 5).All(_ => KitchenSink.Sample(a).ToParameters().Equals(KitchenSink.Sample(b).ToParameters()));
        });
    }

    // A float property stores (double)(float)x, so compare at float precision where the parameter is single.
    private static bool SameInternal(double x, double y, ParameterDescriptor parameter)
    {
        if (double.IsNaN(x) || double.IsNaN(y))
        {
            return double.IsNaN(x) && double.IsNaN(y);
        }

        return parameter.Distribution is FloatDistribution { IsSinglePrecision: true } ? (float)x == (float)y : x == y;
    }

    private static bool SameTunedValues(KitchenSink a, KitchenSink b) =>
        a.X == b.X && a.Fraction == b.Fraction && a.Temperature == b.Temperature && a.Layers == b.Layers
        && a.Budget == b.Budget && a.Units == b.Units && a.Samples == b.Samples && a.EvenNumber == b.EvenNumber
        && a.Optimizer == b.Optimizer && a.Activation == b.Activation && a.MaxDepth == b.MaxDepth
        && a.Scale == b.Scale && a.Tag == b.Tag && a.Dropout == b.Dropout
        && a.Adam.LearningRate == b.Adam.LearningRate && a.Adam.Beta1 == b.Adam.Beta1
        && (a.Sgd is null) == (b.Sgd is null)
        && (a.Sgd is null || (a.Sgd.LearningRate == b.Sgd!.LearningRate && a.Sgd.Nesterov == b.Sgd.Nesterov && a.Sgd.Momentum == b.Sgd.Momentum));
}
