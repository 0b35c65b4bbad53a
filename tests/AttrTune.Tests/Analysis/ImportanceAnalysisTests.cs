using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Analysis;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using Xunit;
using Xunit.Abstractions;
using static AttrTune.Tests.Analysis.AnalysisTrials;

namespace AttrTune.Tests.Analysis;

public sealed class ImportanceAnalysisTests(ITestOutputHelper output)
{
    private const int Seeds = 40;
    private const int TrialsPerStudy = 150;

    // Smaller forests than the default keep 40 seeds x 3 problems x 2 evaluators within a few seconds; the default
    // forest only makes the ranking more stable.
    private static readonly ImportanceOptions Fanova = new() { TreeCount = 24 };
    private static readonly ImportanceOptions PedAnova = new() { Evaluator = ImportanceEvaluator.PedAnova };

    /// <summary>A problem where only <see cref="Relevant"/> of the space's parameters affect the objective.</summary>
    public sealed record Problem(string Name, SearchSpaceDescriptor Space, string[] Relevant, Func<double[], RandomSource, double> Objective)
    {
        public override string ToString() => Name;
    }

    // d = 4, k = 1: one float matters (a parabola), an int, a log float and a choice do not.
    private static readonly Problem OneOfFour = new(
        "1 of 4",
        new SearchSpaceDescriptorBuilder("OneOfFour")
            .Add("A", new FloatDistribution(-1, 1))
            .Add("B", new IntDistribution(1, 10))
            .Add("C", new FloatDistribution(1e-4, 1, log: true))
            .Add("D", new CategoricalDistribution<string>("x", "y", "z"))
            .Build(),
        ["A"],
        (v, r) => v[0] * v[0] + 0.01 * r.NextGaussian());

    // d = 8, k = 3: a log float (in its log), a choice and an int matter; a float, a log int, a bool-like choice, a
    // stepped float and another float do not.
    private static readonly Problem ThreeOfEight = new(
        "3 of 8",
        new SearchSpaceDescriptorBuilder("ThreeOfEight")
            .Add("Lr", new FloatDistribution(1e-5, 1e-1, log: true))
            .Add("Optimizer", new CategoricalDistribution<string>("sgd", "adam", "rmsprop", "momentum"))
            .Add("Layers", new IntDistribution(1, 8))
            .Add("Noise1", new FloatDistribution(0, 1))
            .Add("Noise2", new IntDistribution(16, 1024, log: true))
            .Add("Noise3", new CategoricalDistribution<bool>(false, true))
            .Add("Noise4", new FloatDistribution(0, 1, step: 0.1))
            .Add("Noise5", new FloatDistribution(-3, 3))
            .Build(),
        ["Lr", "Optimizer", "Layers"],
        (v, r) =>
        {
            double u = Math.Log10(v[0]) + 3;
            double[] optimizer = [0.0, 1.0, 0.4, 0.7];
            return 0.4 * u * u + optimizer[(int)v[1]] + 0.1 * (v[2] - 4.5) * (v[2] - 4.5) + 0.02 * r.NextGaussian();
        });

    // d = 10, k = 2 with conditions: the family and a parameter active only in family "a" matter; a parameter active
    // only in family "b" and seven unconditional ones do not.
    private static readonly Problem TwoOfTenConditional = new(
        "2 of 10, conditional",
        BuildConditional(),
        ["Family", "Alpha"],
        (v, r) => (v[0] == 0 ? 2 * (v[1] - 0.5) * (v[1] - 0.5) * 4 : 1.0) + 0.02 * r.NextGaussian());

    public static TheoryData<string> ProblemNames => new() { "1 of 4", "3 of 8", "2 of 10, conditional" };

    private static Problem ByName(string name) => new[] { OneOfFour, ThreeOfEight, TwoOfTenConditional }.Single(p => p.Name == name);

    private static SearchSpaceDescriptor BuildConditional()
    {
        var builder = new SearchSpaceDescriptorBuilder("TwoOfTen").Add("Family", new CategoricalDistribution<string>("a", "b"));
        builder.Add("Alpha", new FloatDistribution(0, 1), condition: builder.When("Family", 0));
        builder.Add("Beta", new FloatDistribution(0, 1), condition: builder.When("Family", 1));
        for (int i = 0; i < 7; i++)
        {
            builder.Add("Noise" + i, i % 3 == 0 ? new IntDistribution(0, 20) : i % 3 == 1 ? new FloatDistribution(1e-3, 1e3, log: true) : new FloatDistribution(0, 1));
        }

        return builder.Build();
    }

    [Theory]
    [MemberData(nameof(ProblemNames))]
    public void Fanova_ranks_the_parameters_that_matter_on_top(string problem) =>
        AssertTopRate(ByName(problem), Fanova, shuffle: false, minimum: 38);

    [Theory]
    [MemberData(nameof(ProblemNames))]
    public void PedAnova_ranks_the_parameters_that_matter_on_top(string problem) =>
        AssertTopRate(ByName(problem), PedAnova, shuffle: false, minimum: 38);

    // The baseline that shows the rank tests can fail: with the values shuffled across trials no parameter matters,
    // and the "relevant" ones come out on top about as often as chance allows.
    [Theory]
    [InlineData(ImportanceEvaluator.Fanova)]
    [InlineData(ImportanceEvaluator.PedAnova)]
    public void With_shuffled_values_the_same_parameters_are_rarely_on_top(ImportanceEvaluator evaluator) =>
        AssertTopRate(ThreeOfEight, evaluator == ImportanceEvaluator.Fanova ? Fanova : PedAnova, shuffle: true, maximum: 10);

    [Theory]
    [InlineData(ImportanceEvaluator.Fanova)]
    [InlineData(ImportanceEvaluator.PedAnova)]
    public void A_parameter_held_constant_gets_no_importance(ImportanceEvaluator evaluator)
    {
        SearchSpaceDescriptor space = new SearchSpaceDescriptorBuilder("Constant")
            .Add("X", new FloatDistribution(0, 1))
            .Add("Fixed", new FloatDistribution(0, 1))
            .Add("Single", new CategoricalDistribution<int>(7))
            .Add("Y", new FloatDistribution(0, 1))
            .Build();
        List<FrozenTrial> trials = Random(space, 120, 5, (v, r) => v[0] + 0.5 * v[3]);
        trials = trials.Select(t => t with { Parameters = t.Parameters.SetItem("Fixed", 0.25) }).ToList();
        ParameterImportances importances = new StudyAnalysis(space, StudyDirection.Minimize, trials)
            .GetImportance(new ImportanceOptions { Evaluator = evaluator });

        Assert.Equal(0, importances["Fixed"], 12);
        Assert.Equal(0, importances["Single"], 12);
        Assert.Equal(1, importances.Parameters.Sum(p => p.Importance), 9);
        Assert.Equal("X", importances.Parameters[0].Name);
    }

    [Theory]
    [InlineData(ImportanceEvaluator.Fanova)]
    [InlineData(ImportanceEvaluator.PedAnova)]
    public void The_same_seed_gives_the_same_importances(ImportanceEvaluator evaluator)
    {
        List<FrozenTrial> trials = Random(ThreeOfEight.Space, 100, 3, ThreeOfEight.Objective);
        var analysis = new StudyAnalysis(ThreeOfEight.Space, StudyDirection.Minimize, trials);
        var options = new ImportanceOptions { Evaluator = evaluator, Seed = 17, TreeCount = 16 };
        ParameterImportances first = analysis.GetImportance(options);
        ParameterImportances second = new StudyAnalysis(ThreeOfEight.Space, StudyDirection.Minimize, trials.AsEnumerable().Reverse().ToList()).GetImportance(options);
        Assert.Equal(first.Parameters.Select(p => (p.Name, p.Importance)), second.Parameters.Select(p => (p.Name, p.Importance)));
        Assert.Equal(first.EvaluatorName, evaluator == ImportanceEvaluator.Fanova ? "fANOVA" : "PED-ANOVA");
        if (evaluator == ImportanceEvaluator.Fanova)
        {
            // The seed does change the forest.
            ParameterImportances other = analysis.GetImportance(options with { Seed = 18 });
            Assert.NotEqual(first.Parameters.Select(p => p.Importance), other.Parameters.Select(p => p.Importance));
        }
    }

    [Theory]
    [InlineData(ImportanceEvaluator.Fanova)]
    [InlineData(ImportanceEvaluator.PedAnova)]
    public void Values_stored_for_inactive_parameters_are_never_read(ImportanceEvaluator evaluator)
    {
        List<FrozenTrial> clean = Random(TwoOfTenConditional.Space, 120, 9, TwoOfTenConditional.Objective);

        // Beta is inactive in family "a": store there a value that tracks the objective, which would make Beta look
        // important if it were read.
        List<FrozenTrial> poisoned = clean.Select(t => t.Parameters["Family"] == 0 ? t with { Parameters = t.Parameters.SetItem("Beta", Math.Clamp(t.Value!.Value / 2, 0, 1)) } : t).ToList();
        var options = new ImportanceOptions { Evaluator = evaluator, TreeCount = 16 };
        ParameterImportances expected = new StudyAnalysis(TwoOfTenConditional.Space, StudyDirection.Minimize, clean).GetImportance(options);
        var analysis = new StudyAnalysis(TwoOfTenConditional.Space, StudyDirection.Minimize, poisoned);
        Assert.Equal(expected.Parameters.AsEnumerable(), analysis.GetImportance(options).Parameters.AsEnumerable());
        Assert.Equal(
            clean.Count(t => t.Parameters["Family"] == 1),
            analysis.GetImportance(options).Parameters.Single(p => p.Name == "Beta").ActiveTrials);
        Assert.Equal(
            analysis.GetSlice("Beta").Points.Select(p => p.TrialNumber),
            clean.Where(t => t.Parameters["Family"] == 1).Select(t => t.Number));
    }

    [Fact]
    public void PedAnova_takes_the_top_trials_from_the_study_direction()
    {
        List<FrozenTrial> trials = Random(ThreeOfEight.Space, 100, 12, ThreeOfEight.Objective);
        List<FrozenTrial> negated = trials.Select(t => t with { Value = -t.Value }).ToList();
        ParameterImportances minimize = new StudyAnalysis(ThreeOfEight.Space, StudyDirection.Minimize, trials).GetImportance(PedAnova);
        ParameterImportances maximize = new StudyAnalysis(ThreeOfEight.Space, StudyDirection.Maximize, negated).GetImportance(PedAnova);
        ParameterImportances wrongWay = new StudyAnalysis(ThreeOfEight.Space, StudyDirection.Maximize, trials).GetImportance(PedAnova);
        Assert.Equal(minimize.Parameters.AsEnumerable(), maximize.Parameters.AsEnumerable());
        Assert.NotEqual(minimize.Parameters.Select(p => p.Importance), wrongWay.Parameters.Select(p => p.Importance));
    }

    [Fact]
    public void Importance_needs_two_complete_trials()
    {
        var analysis = new StudyAnalysis(OneOfFour.Space, StudyDirection.Minimize, Random(OneOfFour.Space, 1, 1, OneOfFour.Objective));
        Assert.Throws<InvalidOperationException>(() => analysis.GetImportance());
        Assert.Throws<ArgumentOutOfRangeException>(() => analysis.GetImportance(new ImportanceOptions { TreeCount = 0 }));
    }

    [Theory]
    [InlineData(2, 256)]
    [InlineData(200, 256)]
    [InlineData(250, 256)]
    [InlineData(500, 128)]
    [InlineData(1000, 64)]
    [InlineData(100_000, 64)]
    public void The_default_forest_shrinks_from_256_to_64_trees_as_the_study_grows(int trials, int trees)
    {
        Assert.Equal(trees, ImportanceOptions.Default.TreesFor(trials));
        Assert.Equal(7, new ImportanceOptions { TreeCount = 7 }.TreesFor(trials));
    }

    private void AssertTopRate(Problem problem, ImportanceOptions options, bool shuffle, int minimum = 0, int maximum = Seeds)
    {
        int hits = 0;
        var failures = new List<string>();
        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            List<FrozenTrial> trials = Random(problem.Space, TrialsPerStudy, seed, problem.Objective);
            if (shuffle)
            {
                var random = new RandomSource(seed + 1000);
                double[] values = trials.Select(t => t.Value!.Value).ToArray();
                for (int i = values.Length - 1; i > 0; i--)
                {
                    int j = random.NextInt32(i + 1);
                    (values[i], values[j]) = (values[j], values[i]);
                }

                trials = trials.Select((t, i) => t with { Value = values[i] }).ToList();
            }

            ParameterImportances importances = new StudyAnalysis(problem.Space, StudyDirection.Minimize, trials).GetImportance(options with { Seed = seed });
            var top = importances.Parameters.Take(problem.Relevant.Length).Select(p => p.Name).ToHashSet();
            if (top.SetEquals(problem.Relevant))
            {
                hits++;
            }
            else
            {
                failures.Add($"seed {seed}: " + string.Join(", ", importances.Parameters.Select(p => $"{p.Name} {p.Importance:F3}")));
            }
        }

        output.WriteLine($"{problem.Name}, {options.Evaluator}{(shuffle ? ", shuffled" : string.Empty)}: the relevant parameters on top in {hits} of {Seeds} seeds");
        foreach (string failure in failures.Take(3))
        {
            output.WriteLine(failure);
        }

        Assert.InRange(hits, minimum, maximum);
    }
}
