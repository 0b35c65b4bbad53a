using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Analysis;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using Xunit;
using Xunit.Abstractions;
using static AttrTune.Tests.Analysis.AnalysisTrials;

namespace AttrTune.Tests.Analysis;

/// <summary><see cref="ImportanceOptions.Scale"/>: fANOVA on log-scale parameters in their own scale or on raw values.</summary>
public sealed class ImportanceScaleAnalysisTests(ITestOutputHelper output)
{
    // Lr in LogUniform(1e-5, 1) matters only below 1e-2: g(Lr) = max(0, -2 - log10(Lr)), from 3 at 1e-5 to 0 at 1e-2
    // and above. X in Uniform(0, 1) matters a little everywhere: 0.85 x.
    //
    // In the declared scale t = log10(Lr) is uniform on [-5, 0]: g is uniform on [0, 3] with probability 3/5 and 0
    // otherwise, so E[g] = 0.9, E[g^2] = 3/5 x 3 = 1.8 and Var g = 0.99. On raw values Lr is uniform on [0, 1]: g > 0
    // only on the 1 % below 1e-2, where g = -log10(v) for v = Lr / 1e-2 uniform on [0, 1], so E[g] = 0.01 / ln 10
    // and E[g^2] = 0.01 x 2 / (ln 10)^2, and Var g = 0.0037. Var(0.85 x) = 0.85^2 / 12 = 0.060 in both scales.
    // Expected shares of Lr: 0.99 / (0.99 + 0.060) = 0.94 in the declared scale, 0.0037 / (0.0037 + 0.060) = 0.06 on
    // raw values; X takes the rest. The trials are sampled in the declared scale (60 % below 1e-2) either way: only
    // the measure fANOVA averages over changes.
    private static readonly SearchSpaceDescriptor LogAndLinear = new SearchSpaceDescriptorBuilder("LogAndLinear")
        .Add("Lr", new FloatDistribution(1e-5, 1, log: true))
        .Add("X", new FloatDistribution(0, 1))
        .Build();

    private static double SmallLrMatters(double[] v) => Math.Max(0, -2 - Math.Log10(v[0])) + 0.85 * v[1];

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void An_effect_below_a_hundredth_of_a_log_range_dominates_in_its_scale_and_fades_on_raw_values(ulong seed)
    {
        var analysis = new StudyAnalysis(LogAndLinear, StudyDirection.Minimize, Random(LogAndLinear, 200, seed, (v, r) => SmallLrMatters(v) + 0.01 * r.NextGaussian()));
        var options = new ImportanceOptions { Seed = seed, TreeCount = 32 };
        ParameterImportances declared = analysis.GetImportance(options);
        ParameterImportances raw = analysis.GetImportance(options with { Scale = ImportanceScale.Raw });
        output.WriteLine($"seed {seed}: parameter scale Lr {declared["Lr"]:F3}, X {declared["X"]:F3}; raw Lr {raw["Lr"]:F3}, X {raw["X"]:F3}");

        Assert.Equal("Lr", declared.Parameters[0].Name);
        Assert.InRange(declared["Lr"], 0.85, 1.0);
        Assert.Equal("X", raw.Parameters[0].Name);
        Assert.InRange(raw["Lr"], 0.0, 0.15);
    }

    // K in IntRange(1, 3) shifts the value by +1, 0, -1; X in Uniform(0, 1) adds 2.6 x. In the declared scale K's
    // three values weigh 1/3 each: Var = 2/3. On raw values (Optuna's bounds [1, 3], cells split half-way between
    // values) 1 and 3 weigh 1/4 each and 2 weighs 1/2: Var = 1/2. Var(2.6 x) = 2.6^2 / 12 = 0.563 in both. Expected
    // share of K: 0.667 / 1.230 = 0.54 in the declared scale, 0.5 / 1.063 = 0.47 on raw values.
    private static readonly SearchSpaceDescriptor IntAndLinear = new SearchSpaceDescriptorBuilder("IntAndLinear")
        .Add("K", new IntDistribution(1, 3))
        .Add("X", new FloatDistribution(0, 1))
        .Build();

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void On_raw_values_the_end_values_of_an_integer_range_weigh_half_a_step(ulong seed)
    {
        var analysis = new StudyAnalysis(IntAndLinear, StudyDirection.Minimize, Random(IntAndLinear, 300, seed, (v, r) => (2 - v[0]) + 2.6 * v[1]));
        var options = new ImportanceOptions { Seed = seed, TreeCount = 32 };
        double declared = analysis.GetImportance(options)["K"];
        double raw = analysis.GetImportance(options with { Scale = ImportanceScale.Raw })["K"];
        output.WriteLine($"seed {seed}: K {declared:F3} in the parameter scale, {raw:F3} on raw values");

        Assert.InRange(declared, 0.51, 0.57);
        Assert.InRange(raw, 0.44, 0.50);
    }

    [Fact]
    public void With_only_continuous_linear_ranges_and_choices_both_scales_give_the_same_importances()
    {
        var builder = new SearchSpaceDescriptorBuilder("Linear")
            .Add("Family", new CategoricalDistribution<string>("a", "b", "c"))
            .Add("Rate", new FloatDistribution(-1, 1))
            .Add("Dropout", new FloatDistribution(0, 0.7));
        builder.Add("Alpha", new FloatDistribution(-2, 2), condition: builder.When("Family", 0));
        SearchSpaceDescriptor space = builder.Build();
        List<FrozenTrial> trials = Random(space, 120, 9, (v, r) =>
            v[0] + v[1] + v[2] * v[2] + (double.IsNaN(v[3]) ? 0 : v[3] * v[3]) + 0.01 * r.NextGaussian());
        var analysis = new StudyAnalysis(space, StudyDirection.Minimize, trials);
        var options = new ImportanceOptions { Seed = 4, TreeCount = 16 };

        ParameterImportances declared = analysis.GetImportance(options);
        ParameterImportances raw = analysis.GetImportance(options with { Scale = ImportanceScale.Raw });

        Assert.Equal(
            declared.Parameters.Select(p => (p.Name, p.Importance, p.ActiveTrials)),
            raw.Parameters.Select(p => (p.Name, p.Importance, p.ActiveTrials)));
        Assert.True(declared.Parameters.All(p => p.Importance > 0), "every parameter should matter a little, so that the comparison compares something");
    }

    [Fact]
    public void Raw_maps_every_numeric_range_linearly_on_its_raw_bounds()
    {
        var logFloat = new FloatDistribution(1e-5, 1, log: true);
        var logInt = new IntDistribution(16, 1024, log: true);
        var ints = new IntDistribution(1, 8);
        var stepped = new FloatDistribution(0, 1, step: 0.25);
        var linear = new FloatDistribution(0, 4);
        var choice = new CategoricalDistribution<string>("a", "b", "c");

        // 0.1 is 4/5 of the way up the range in logs, 1/10 on raw values.
        Assert.Equal(0.8, TrialMatrix.Encode(logFloat, 0.1, ImportanceScale.Parameter), 12);
        Assert.Equal((0.1 - 1e-5) / (1 - 1e-5), TrialMatrix.Encode(logFloat, 0.1, ImportanceScale.Raw), 12);

        // A log int's own scale runs from low - 0.5 to high + 0.5 in logs; its raw bounds are low and high, as Optuna's
        // (no half-step widening in its fANOVA). 128 is 112 / 1008 of the way on raw values.
        Assert.Equal((Math.Log(128) - Math.Log(15.5)) / (Math.Log(1024.5) - Math.Log(15.5)), TrialMatrix.Encode(logInt, 128, ImportanceScale.Parameter), 12);
        Assert.Equal(112.0 / 1008, TrialMatrix.Encode(logInt, 128, ImportanceScale.Raw), 12);
        Assert.Equal(0, TrialMatrix.Encode(logInt, 16, ImportanceScale.Raw), 12);
        Assert.Equal(1, TrialMatrix.Encode(logInt, 1024, ImportanceScale.Raw), 12);

        // Integers and steps: bin centres in their own scale, the bounds themselves on raw values.
        Assert.Equal(1.0 / 16, TrialMatrix.Encode(ints, 1, ImportanceScale.Parameter), 12);
        Assert.Equal(0, TrialMatrix.Encode(ints, 1, ImportanceScale.Raw), 12);
        Assert.Equal(1.0 / 7, TrialMatrix.Encode(ints, 2, ImportanceScale.Raw), 12);
        Assert.Equal(1, TrialMatrix.Encode(ints, 8, ImportanceScale.Raw), 12);
        Assert.Equal(0.9, TrialMatrix.Encode(stepped, 1, ImportanceScale.Parameter), 12);
        Assert.Equal(0.25, TrialMatrix.Encode(stepped, 0.25, ImportanceScale.Raw), 12);

        foreach ((Distribution distribution, double value) in new (Distribution, double)[] { (linear, 1), (choice, 2) })
        {
            Assert.Equal(TrialMatrix.Encode(distribution, value, ImportanceScale.Parameter), TrialMatrix.Encode(distribution, value, ImportanceScale.Raw));
        }
    }

    [Fact]
    public void The_default_is_the_declared_scale()
    {
        Assert.Equal(ImportanceScale.Parameter, ImportanceOptions.Default.Scale);
        Assert.Equal(ImportanceScale.Parameter, new ImportanceOptions().Scale);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-1)]
    public void An_undefined_scale_is_rejected(int value)
    {
        var analysis = new StudyAnalysis(LogAndLinear, StudyDirection.Minimize, Random(LogAndLinear, 10, 1, (v, r) => SmallLrMatters(v)));
        var options = new ImportanceOptions { Scale = (ImportanceScale)value };

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Check());
        Assert.Equal(nameof(ImportanceOptions.Scale), error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => analysis.GetImportance(options));
        Assert.Throws<ArgumentOutOfRangeException>(() => analysis.GetImportance(options with { Evaluator = ImportanceEvaluator.PedAnova }));
        Assert.Throws<ArgumentOutOfRangeException>(() => analysis.GetContour("Lr", "X", options: options));
    }

    [Fact]
    public void An_undefined_evaluator_is_rejected_rather_than_taken_for_fanova()
    {
        var options = new ImportanceOptions { Evaluator = (ImportanceEvaluator)5 };
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Check());
        Assert.Equal(nameof(ImportanceOptions.Evaluator), error.ParamName);
    }

    [Fact]
    public void PedAnova_gives_the_same_importances_in_both_scales()
    {
        var analysis = new StudyAnalysis(LogAndLinear, StudyDirection.Minimize, Random(LogAndLinear, 150, 2, (v, r) => SmallLrMatters(v)));
        var options = new ImportanceOptions { Evaluator = ImportanceEvaluator.PedAnova };
        Assert.Equal(
            analysis.GetImportance(options).Parameters.Select(p => (p.Name, p.Importance)),
            analysis.GetImportance(options with { Scale = ImportanceScale.Raw }).Parameters.Select(p => (p.Name, p.Importance)));
    }
}
