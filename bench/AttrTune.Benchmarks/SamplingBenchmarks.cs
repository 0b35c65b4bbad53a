using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using BenchmarkDotNet.Attributes;

namespace AttrTune.Benchmarks;

public enum Activation
{
    Relu,
    Tanh,
    Gelu,
}

/// <summary>Ten mixed parameters: log floats, linear floats, ints, log ints, stepped values, strings, bool, enum.</summary>
[SearchSpace]
public partial class MixedConfig
{
    [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3;
    [Uniform(0.0, 0.9)] public double Dropout { get; set; }
    [IntRange(1, 12)] public int Layers { get; set; } = 4;
    [LogUniform(16, 2048)] public int Units { get; set; } = 64;
    [Choice("adam", "sgd", "rmsprop")] public string Optimizer { get; set; } = "adam";
    [Choice] public bool BatchNorm { get; set; }
    [Choice] public Activation Activation { get; set; }
    [Uniform(0.0, 1.0, Step = 0.05)] public double Subsample { get; set; }
    [IntRange(16, 512, Step = 16)] public int BatchSize { get; set; } = 64;
    [LogUniform(1e-6, 1e-2)] public float WeightDecay { get; set; } = 1e-4f;
}

/// <summary>
/// Sampling a typed configuration: the generated sampler against a reflection binder that does the same job the
/// way attribute-reading libraries do (attributes read once and cached; per sample, an instance created by
/// reflection and each value boxed and set through PropertyInfo).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SamplingBenchmarks
{
    private readonly RandomSource _random = new(42);
    private readonly ReflectionBinder<MixedConfig> _binder = new();

    [Benchmark(Baseline = true, Description = "generated Sample")]
    public MixedConfig Generated() => MixedConfig.Sample(_random);

    [Benchmark(Description = "reflection binder")]
    public MixedConfig Reflection() => _binder.Sample(_random);
}

/// <summary>A reflection-based sampler, as a runtime-attribute library would write it.</summary>
public sealed class ReflectionBinder<T>
    where T : class
{
    private readonly (PropertyInfo Property, Func<RandomSource, object> Sample)[] _parameters;

    public ReflectionBinder()
    {
        _parameters = typeof(T).GetProperties()
            .Select(p => (p, Sampler(p)))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.p, x.Item2!))
            .ToArray();
    }

    public T Sample(RandomSource random)
    {
        var instance = (T)Activator.CreateInstance(typeof(T))!;
        foreach ((PropertyInfo property, Func<RandomSource, object> sample) in _parameters)
        {
            property.SetValue(instance, sample(random));
        }

        return instance;
    }

    private static Func<RandomSource, object>? Sampler(PropertyInfo property)
    {
        Type type = property.PropertyType;
        foreach (Attribute attribute in property.GetCustomAttributes())
        {
            switch (attribute)
            {
                case UniformAttribute u when type == typeof(double):
                    var uniform = new FloatDistribution(u.Low, u.High, step: u.Step);
                    return r => uniform.Sample(r);
                case LogUniformAttribute l when type == typeof(double) || type == typeof(float):
                    var log = new FloatDistribution(l.Low, l.High, log: true);
                    return type == typeof(float) ? r => (float)log.Sample(r) : r => log.Sample(r);
                case LogUniformAttribute l:
                    var logInt = new IntDistribution((long)l.Low, (long)l.High, log: true);
                    return r => Convert.ChangeType(logInt.Sample(r), type, System.Globalization.CultureInfo.InvariantCulture);
                case IntRangeAttribute i:
                    var ints = new IntDistribution(i.Low, i.High, i.Log, i.Step);
                    return r => Convert.ChangeType(ints.Sample(r), type, System.Globalization.CultureInfo.InvariantCulture);
                case ChoiceAttribute c:
                    object?[] choices = c.Values.Length > 0 ? c.Values
                        : type == typeof(bool) ? new object?[] { false, true }
                        : Enum.GetValues(type).Cast<object?>().ToArray();
                    return r => choices[r.NextInt32(choices.Length)]!;
            }
        }

        return null;
    }
}
