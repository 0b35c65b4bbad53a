using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Export;
using AttrTune.MultiObjective;
using AttrTune.Pruners;
using AttrTune.Samplers;
using AttrTune.Storage;
using CsvHelper;
using Microsoft.Data.Sqlite;
using System.Text.Json;
using Xunit;

namespace AttrTune.Tests.MultiObjective;

[SearchSpace]
public partial class TwoKnobs
{
    [Uniform(0, 1)] public double X { get; set; } = 0.5;
    [Uniform(0, 1)] public double Y { get; set; } = 0.5;
}

/// <summary>
/// Written by hand, so the engine's tests do not depend on the metrics generator (whose own tests check that what it
/// emits agrees with a hand-built descriptor). Loss is minimised, Score maximised, Cost must stay at most 1.2.
/// </summary>
public sealed record TradeOff(double Loss, double Score, double Cost) : IMetrics<TradeOff>
{
    public static MetricsDescriptor MetricsDescriptor { get; } = new(
        "AttrTune.Tests.MultiObjective.TradeOff",
        [new MetricDescriptor("Loss", StudyDirection.Minimize), new MetricDescriptor("Score", StudyDirection.Maximize), new MetricDescriptor("Cost", null, IsConstraint: true, Max: 1.2)]);

    public void WriteValues(Span<double> objectives, Span<double> constraints)
    {
        objectives[0] = Loss;
        objectives[1] = Score;
        constraints[0] = Cost;
    }

    public static TradeOff FromValues(ReadOnlySpan<double> objectives, ReadOnlySpan<double> constraints) => new(objectives[0], objectives[1], constraints[0]);
}

/// <summary>One objective under a constraint that cuts off the unconstrained optimum: the best feasible trial lies on X + Y = 1.</summary>
public sealed record Constrained(double Distance, double Sum) : IMetrics<Constrained>
{
    public static MetricsDescriptor MetricsDescriptor { get; } = new(
        "AttrTune.Tests.MultiObjective.Constrained",
        [new MetricDescriptor("Distance", StudyDirection.Minimize), new MetricDescriptor("Sum", null, IsConstraint: true, Min: 1)]);

    public void WriteValues(Span<double> objectives, Span<double> constraints)
    {
        objectives[0] = Distance;
        constraints[0] = Sum;
    }

    public static Constrained FromValues(ReadOnlySpan<double> objectives, ReadOnlySpan<double> constraints) => new(objectives[0], constraints[0]);
}

public sealed class MultiObjectiveStudyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-mo-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    // A trade-off in two variables (a lower loss costs score; the front is Y = 0, Score = sqrt(Loss)) with a cost
    // constraint that cuts one corner of the space off.
    private static TradeOff Evaluate(TwoKnobs c) => new(c.X, Math.Sqrt(c.X) * (1 - c.Y), c.X + c.Y);

    [Fact]
    public async Task The_pareto_front_is_the_non_dominated_feasible_trials_and_comes_back_typed()
    {
        var study = Study<TwoKnobs, TradeOff>.CreateOrResume("front", new StudyOptions { Seed = 3 });
        await study.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 60 });

        IReadOnlyList<TrialResult<TwoKnobs, TradeOff>> trials = study.GetTrials();
        Assert.Equal(60, trials.Count(t => t.State == TrialState.Complete));
        foreach (TrialResult<TwoKnobs, TradeOff> trial in trials)
        {
            Assert.Equal(Evaluate(trial.Config), trial.Metrics);
            Assert.Equal(trial.Metrics!.Cost <= 1.2, trial.IsFeasible);
        }

        // Brute force: a trial is on the front exactly when it is feasible and no feasible trial dominates it.
        static bool Dominates(TradeOff a, TradeOff b) => a.Loss <= b.Loss && a.Score >= b.Score && (a.Loss < b.Loss || a.Score > b.Score);
        var feasible = trials.Where(t => t.IsFeasible).ToList();
        int[] expected = feasible.Where(t => !feasible.Any(o => Dominates(o.Metrics!, t.Metrics!))).Select(t => t.Number).ToArray();
        IReadOnlyList<TrialResult<TwoKnobs, TradeOff>> front = study.ParetoFront;
        Assert.NotEmpty(front);
        Assert.Equal(expected, front.Select(t => t.Number));

        // The hypervolume in the user's own units: a box from each front point to the reference, unioned (2-D sweep).
        double[] reference = [1.1, -0.1];
        double expectedVolume = 0, lastScore = reference[1];
        foreach (TradeOff point in front.Select(t => t.Metrics!).Where(m => m.Loss < 1.1 && m.Score > -0.1).OrderBy(m => m.Loss).ThenByDescending(m => m.Score))
        {
            if (point.Score > lastScore)
            {
                expectedVolume += (reference[0] - point.Loss) * (point.Score - lastScore);
                lastScore = point.Score;
            }
        }

        Assert.Equal(expectedVolume, study.Hypervolume(reference), 12);
        Assert.Contains("one finite value per objective", Assert.Throws<ArgumentException>(() => study.Hypervolume(1.0)).Message, StringComparison.Ordinal);
        Assert.Contains("no one trial is best; read ParetoFront", Assert.Throws<InvalidOperationException>(() => study.BestFeasible).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_sampler_finds_a_better_feasible_trial_than_random_search_on_the_same_seeds()
    {
        static Constrained Objective(TwoKnobs c) => new(Math.Pow(c.X - 0.2, 2) + Math.Pow(c.Y - 0.2, 2), c.X + c.Y);
        var defaults = new List<double>();
        var randoms = new List<double>();
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var tuned = Study<TwoKnobs, Constrained>.CreateOrResume("c", new StudyOptions { Seed = seed });
            await tuned.OptimizeAsync(Objective, new OptimizeOptions { MaxTrials = 50 });
            var random = Study<TwoKnobs, Constrained>.CreateOrResume("c", new StudyOptions { Sampler = new RandomSampler(seed) });
            await random.OptimizeAsync(Objective, new OptimizeOptions { MaxTrials = 50 });
            TrialResult<TwoKnobs, Constrained> best = tuned.BestFeasible!;
            Assert.True(best.Config.X + best.Config.Y >= 1);
            defaults.Add(best.Metrics!.Distance);
            randoms.Add(random.BestFeasible!.Metrics!.Distance);
        }

        // The optimum is 0.18 (at X = Y = 0.5): the model gets closer than uniform draws in most seeds and in the median.
        string figures = $"default {string.Join(", ", defaults)}; random {string.Join(", ", randoms)}";
        Assert.True(defaults.Order().ElementAt(3) < randoms.Order().ElementAt(3), figures);
        Assert.True(defaults.Zip(randoms).Count(pair => pair.First < pair.Second) >= 4, figures);
    }

    [Fact]
    public async Task The_engine_proposes_exactly_what_the_sampler_core_proposes_on_the_same_history()
    {
        var study = Study<TwoKnobs, TradeOff>.CreateOrResume("same", new StudyOptions { Seed = 4 });
        await study.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 40 });

        // The core alone, fed the same observations by hand: maximised objectives negated, the constraint as Cost - 1.2.
        var core = new AutoMultiObjectiveCore();
        var random = new AttrTune.Randomness.RandomSource(4);
        var observations = new List<MultiObjectiveObservation>();
        foreach (TrialResult<TwoKnobs, TradeOff> trial in study.GetTrials())
        {
            SearchSpaces.ParameterSet proposal = core.Propose(TwoKnobs.Descriptor, observations, random);
            Assert.Equal(proposal.Values.ToArray(), trial.Frozen.ToParameterSet(TwoKnobs.Descriptor).Values.ToArray());
            TradeOff metrics = Evaluate(TwoKnobs.FromParameters(proposal));
            observations.Add(new MultiObjectiveObservation(proposal.ActiveValues.ToDictionary(p => p.Key, p => p.Value), [metrics.Loss, -metrics.Score], [metrics.Cost - 1.2]));
        }
    }

    [Fact]
    public async Task Csv_and_json_exports_carry_every_objective_and_constraint_cell_by_cell()
    {
        var study = Study<TwoKnobs, TradeOff>.CreateOrResume("export", new StudyOptions { Seed = 9 });
        await study.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 12 });
        study.TellFailed(study.Ask(), "broken");
        IReadOnlyList<TrialResult<TwoKnobs, TradeOff>> trials = study.GetTrials();

        var text = new StringWriter();
        study.ExportCsv(text);
        using CsvReader csv = CsvReader.FromText(text.ToString(), CsvReaderOptions.Default with { Separator = ',', HasHeader = true, DetectSeparatorHint = false, MalformedData = CsvMalformedDataHandling.Throw, FieldCountMismatch = CsvFieldCountHandling.Throw });
        Assert.True(csv.Read());
        Assert.Equal(new[] { "number", "state", "value", "objective:Loss", "objective:Score", "constraint:Cost", "feasible", "started" }, csv.Headers.Take(8));
        int row = 0;
        do
        {
            string[] cells = csv.Current.ToArray();
            TrialResult<TwoKnobs, TradeOff> trial = trials[row++];
            if (trial.Metrics is { } metrics)
            {
                Assert.Equal(metrics.Loss, double.Parse(cells[3], CultureInfo.InvariantCulture));
                Assert.Equal(metrics.Score, double.Parse(cells[4], CultureInfo.InvariantCulture));
                Assert.Equal(metrics.Cost, double.Parse(cells[5], CultureInfo.InvariantCulture));
                Assert.Equal(trial.IsFeasible ? "true" : "false", cells[6]);
            }
            else
            {
                Assert.Equal(new[] { "", "", "", "" }, cells[3..7]);
            }
        }
        while (csv.Read());
        Assert.Equal(trials.Count, row);

        using var json = new MemoryStream();
        study.ExportJson(json);
        StudyExportDocument document = JsonSerializer.Deserialize<StudyExportDocument>(json.ToArray())!;
        Assert.Equal(new[] { ("Loss", "minimize", false), ("Score", "maximize", false), ("Cost", (string?)null, true) }, document.Metrics!.Select(m => (m.Name, m.Direction, m.Constraint)));
        Assert.Equal(1.2, document.Metrics![2].Max);
        for (int i = 0; i < trials.Count; i++)
        {
            ExportedTrial exported = document.Trials[i];
            if (trials[i].Metrics is { } metrics)
            {
                Assert.Equal(new Dictionary<string, double> { ["Loss"] = metrics.Loss, ["Score"] = metrics.Score }, exported.Values);
                Assert.Equal(new Dictionary<string, double> { ["Cost"] = metrics.Cost }, exported.Constraints);
                Assert.Equal(trials[i].IsFeasible, exported.Feasible);
            }
            else
            {
                Assert.Null(exported.Values);
                Assert.Null(exported.Feasible);
            }
        }
    }

    [Fact]
    public async Task Options_that_would_optimise_something_else_are_refused_with_the_reason()
    {
        Assert.Contains("TpeSampler optimises one value", Assert.Throws<ArgumentException>(() => Study<TwoKnobs, TradeOff>.CreateOrResume("s", new StudyOptions { Sampler = new TpeSampler(1) })).Message, StringComparison.Ordinal);
        Assert.Contains("MedianPruner compares one intermediate value per step", Assert.Throws<ArgumentException>(() => Study<TwoKnobs, TradeOff>.CreateOrResume("s", new StudyOptions { Pruner = new MedianPruner() })).Message, StringComparison.Ordinal);
        Assert.Contains("takes each objective's direction", Assert.Throws<ArgumentException>(() => Study<TwoKnobs, TradeOff>.CreateOrResume("s", new StudyOptions { Direction = StudyDirection.Maximize })).Message, StringComparison.Ordinal);

        // One constrained objective can be pruned, and can stop at a target.
        var storage = new InMemoryStorage();
        Assert.NotNull(Study<TwoKnobs, Constrained>.CreateOrResume("one", new StudyOptions { Storage = storage, Pruner = new MedianPruner() }));
        var several = Study<TwoKnobs, TradeOff>.CreateOrResume("several", new StudyOptions { Storage = storage });
        Assert.Contains("TargetValue (0.5) needs one objective", (await Assert.ThrowsAsync<ArgumentException>(() => several.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 1, TargetValue = 0.5 }))).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be resumed with one value per trial", Assert.Throws<IncompatibleStudyException>(() => Study<TwoKnobs>.CreateOrResume("several", new StudyOptions { Storage = storage })).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be resumed with AttrTune.Tests.MultiObjective.Constrained", Assert.Throws<IncompatibleStudyException>(() => Study<TwoKnobs, Constrained>.CreateOrResume("several", new StudyOptions { Storage = storage })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metric_that_is_not_a_number_fails_its_trial_with_the_metric_named()
    {
        var study = Study<TwoKnobs, TradeOff>.CreateOrResume("nan", new StudyOptions { Seed = 1 });
        await study.OptimizeAsync(c => new TradeOff(c.X, double.NaN, 0), new OptimizeOptions { MaxTrials = 2 });
        Assert.All(study.GetTrials(), t => Assert.Equal("The objective returned Score = NaN, not a finite number.", t.FailReason));
        Assert.Empty(study.ParetoFront);
        Assert.Contains("needs finite metrics, got Cost = Infinity", Assert.Throws<ArgumentException>(() => study.AddCompletedTrial(new TwoKnobs(), new TradeOff(0, 0, double.PositiveInfinity))).Message, StringComparison.Ordinal);
        Assert.Equal(2, study.GetTrials().Count);
    }

    [Fact]
    public async Task A_study_resumed_from_a_file_keeps_its_values_and_its_front_and_ask_and_tell_work()
    {
        string path = Path.Combine(_directory, "mo.db");
        IReadOnlyList<int> front;
        using (var storage = new SqliteStorage(path))
        {
            var study = Study<TwoKnobs, TradeOff>.CreateOrResume("resumed", new StudyOptions { Storage = storage, Seed = 5 });
            await study.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 15 });
            TrialHandle<TwoKnobs> handle = study.Ask();
            TrialResult<TwoKnobs, TradeOff> told = study.Tell(handle, new TradeOff(0, 1, 2));
            Assert.False(told.IsFeasible);
            Assert.Equal(0.8, told.Violation, 12);
            front = study.ParetoFront.Select(t => t.Number).ToList();
        }

        using (var storage = new SqliteStorage(path))
        {
            var study = Study<TwoKnobs, TradeOff>.Load("resumed", new StudyOptions { Storage = storage, Sampler = new NsgaIISampler(2) { PopulationSize = 4 } });
            Assert.Equal(front, study.ParetoFront.Select(t => t.Number));
            Assert.Equal(new TradeOff(0, 1, 2), study.GetTrials()[15].Metrics);
            await study.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 15 });
            Assert.Equal(31, study.GetTrials().Count);
            Assert.All(study.GetTrials().Where(t => t.State == TrialState.Complete), t => Assert.Equal(t.Frozen.Values[0], t.Frozen.Value));
        }
    }

    [Fact]
    public async Task A_study_with_several_objectives_resumes_with_a_changed_space_and_reads_its_earlier_trials()
    {
        var storage = new InMemoryStorage();
        var before = Study<TwoKnobs, TradeOff>.CreateOrResume("evolving", new StudyOptions { Storage = storage, Seed = 2 });
        await before.OptimizeAsync(Evaluate, new OptimizeOptions { MaxTrials = 8 });

        var after = Study<TwoKnobsWidened, TradeOff>.CreateOrResume("evolving", new StudyOptions { Storage = storage, Seed = 3, AcceptChangedSpace = true });
        await after.OptimizeAsync(c => new TradeOff(c.X / 2, Math.Sqrt(c.X / 2) * (1 - c.Y), c.X / 2 + c.Y), new OptimizeOptions { MaxTrials = 4 });
        IReadOnlyList<TrialResult<TwoKnobsWidened, TradeOff>> trials = after.GetTrials();
        Assert.Equal(12, trials.Count);
        for (int i = 0; i < 8; i++)
        {
            TwoKnobs old = before.GetTrials()[i].Config;
            Assert.Equal((old.X, old.Y, 2, 0), (trials[i].Config.X, trials[i].Config.Y, trials[i].Config.Z, trials[i].Frozen.SpaceVersion));
        }

        Assert.All(trials.Skip(8), t => Assert.Equal(1, t.Frozen.SpaceVersion));
        Assert.NotEmpty(after.ParetoFront);
    }

    [Fact]
    public async Task The_stream_hands_back_each_typed_trial_and_leaving_it_early_stops_the_study()
    {
        var study = Study<TwoKnobs, TradeOff>.CreateOrResume("stream", new StudyOptions { Seed = 6 });
        var seen = new List<TrialResult<TwoKnobs, TradeOff>>();
        await foreach (TrialResult<TwoKnobs, TradeOff> trial in study.OptimizeStreamAsync(
            async (c, _, token) =>
            {
                // Slow enough that the loop is still running when the reader leaves it.
                await Task.Delay(20, token);
                return Evaluate(c);
            },
            new OptimizeOptions { MaxTrials = 50 }))
        {
            seen.Add(trial);
            if (seen.Count == 5)
            {
                break;
            }
        }

        Assert.Equal(5, seen.Count);
        Assert.All(seen, t => Assert.Equal(Evaluate(t.Config), t.Metrics));
        int stored = study.GetTrials().Count;
        Assert.InRange(stored, 5, 7);
        await Task.Delay(100);
        Assert.Equal(stored, study.GetTrials().Count);
    }

    [Fact]
    public async Task Every_multi_objective_sampler_runs_a_study_without_repeating_a_configuration_of_a_small_discrete_space()
    {
        foreach (ISampler sampler in new ISampler[] { new AutoMultiObjectiveSampler(1), new MotpeSampler(2) { Multivariate = true }, new NsgaIISampler(3) { PopulationSize = 6 } })
        {
            var study = Study<SmallGrid, TradeOff>.CreateOrResume("grid", new StudyOptions { Sampler = sampler });
            await study.OptimizeAsync(c => new TradeOff(c.A, c.B, 0), new OptimizeOptions { MaxTrials = 20 });
            var configurations = study.GetTrials().Select(t => (t.Config.A, t.Config.B)).ToList();
            Assert.Equal(20, configurations.Distinct().Count());
        }
    }
}

/// <summary>TwoKnobs after a change: X's range widened and a new parameter.</summary>
[SearchSpace]
public partial class TwoKnobsWidened
{
    [Uniform(0, 2)] public double X { get; set; } = 0.5;
    [Uniform(0, 1)] public double Y { get; set; } = 0.5;
    [IntRange(1, 3, Default = 2)] public int Z { get; set; } = 2;
}

[SearchSpace]
public partial class SmallGrid
{
    [IntRange(0, 4)] public int A { get; set; }
    [IntRange(0, 4)] public int B { get; set; }
}

public sealed class NsgaIISamplerContractTests : AttrTune.Tests.Engine.SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new NsgaIISampler(seed) { PopulationSize = 8 };
}

public sealed class MotpeSamplerContractTests : AttrTune.Tests.Engine.SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new MotpeSampler(seed) { Multivariate = true };
}

public sealed class AutoMultiObjectiveSamplerContractTests : AttrTune.Tests.Engine.SamplerContractTests
{
    protected override ISampler CreateSampler(ulong seed) => new AutoMultiObjectiveSampler(seed);
}
