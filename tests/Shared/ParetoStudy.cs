using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.MultiObjective;
using AttrTune.Storage;

namespace AttrTune.TestSupport;

/// <summary>
/// Hand-made studies with a metrics type, written through the storage API (no metrics type needed), and a
/// brute-force Pareto front to check the tools against. Linked into each test project that needs it.
/// </summary>
internal static class ParetoStudy
{
    /// <summary>Two objectives and a constraint: loss (minimize), accuracy (maximize), latency ≤ 7.</summary>
    public static MetricsDescriptor TwoObjectives(string lossName = "loss") => new(
        "Tests.ModelMetrics",
        [
            new MetricDescriptor(lossName, StudyDirection.Minimize),
            new MetricDescriptor("accuracy", StudyDirection.Maximize),
            new MetricDescriptor("latency", null, IsConstraint: true, Max: 7),
        ]);

    /// <summary>Three objectives, no constraint: loss (minimize), accuracy (maximize), size (minimize).</summary>
    public static MetricsDescriptor ThreeObjectives() => new(
        "Tests.SizedMetrics",
        [
            new MetricDescriptor("loss", StudyDirection.Minimize),
            new MetricDescriptor("accuracy", StudyDirection.Maximize),
            new MetricDescriptor("size", StudyDirection.Minimize),
        ]);

    /// <summary>One objective and a constraint: loss (minimize), latency ≤ 7.</summary>
    public static MetricsDescriptor OneObjectiveConstrained() => new(
        "Tests.ConstrainedMetrics",
        [
            new MetricDescriptor("loss", StudyDirection.Minimize),
            new MetricDescriptor("latency", null, IsConstraint: true, Max: 7),
        ]);

    /// <summary>
    /// Writes <paramref name="count"/> trials of a study with <paramref name="metrics"/> over the space of
    /// <paramref name="space"/> (a stored study's record, whose parameters <paramref name="parameters"/> fills):
    /// trial 3 fails, trial 11 is pruned, the last one is left running, every other one completes with values
    /// spread by fixed formulas, so that some trials break the constraint and the front has several trials.
    /// </summary>
    public static StudyRecord Write(IStudyStorage storage, string name, MetricsDescriptor metrics, StudyRecord space, Func<int, IReadOnlyDictionary<string, double>> parameters, int count = 30)
    {
        StudyRecord study = storage.CreateOrLoadStudy(name, metrics.Directions[0], space.SpaceFingerprint, space.SpaceDescription, space.SpaceJson, metricsJson: metrics.ToJson());
        for (int i = 0; i < count; i++)
        {
            FrozenTrial trial = storage.TryCreateTrial(study.Id, new NewTrial(TrialState.Running, parameters(i), Worker: "tests:1:1"))
                ?? throw new InvalidOperationException("the trial was not created");
            if (i == count - 1)
            {
                continue;
            }

            if (i == 3)
            {
                storage.FinishTrial(trial.Id, TrialState.Failed, null, "failed on purpose");
                continue;
            }

            ImmutableArray<double> values = metrics.Objectives.Select((_, k) => Objective(i, k)).ToImmutableArray();
            if (i == 11)
            {
                storage.FinishTrial(trial.Id, TrialState.Pruned, values[0], null);
                continue;
            }

            ImmutableArray<double> constraints = metrics.Constraints.Select(_ => Latency(i)).ToImmutableArray();
            storage.FinishTrial(trial.Id, TrialState.Complete, values[0], null, metrics: new MetricValues(values, constraints));
        }

        return storage.FindStudy(name)!;
    }

    /// <summary>Objective k of trial i: values that trade off against each other, with ties and repeats.</summary>
    public static double Objective(int i, int k) => k switch
    {
        0 => ((i * 37) + 1) % 23 / 10.0 + 0.5,
        1 => (i * 53 % 19) / 20.0,
        _ => i * 17 % 13,
    };

    /// <summary>
    /// The front by the definition, pair by pair: the complete trials with every value that keep every constraint
    /// (each value within its bounds) and that no other such trial beats in one objective without losing in another.
    /// </summary>
    public static int[] BruteForceFront(MetricsDescriptor metrics, IReadOnlyList<FrozenTrial> trials)
    {
        List<FrozenTrial> feasible = trials
            .Where(t => t.State == TrialState.Complete && t.Values.Length == metrics.Objectives.Count)
            .Where(t => metrics.Constraints.Select((c, j) => (c, v: t.ConstraintValues[j])).All(p => (p.c.Max is not { } max || p.v <= max) && (p.c.Min is not { } min || p.v >= min)))
            .ToList();
        bool NoWorse(FrozenTrial a, FrozenTrial b, int k) => metrics.Directions[k] == StudyDirection.Minimize ? a.Values[k] <= b.Values[k] : a.Values[k] >= b.Values[k];
        bool Better(FrozenTrial a, FrozenTrial b, int k) => metrics.Directions[k] == StudyDirection.Minimize ? a.Values[k] < b.Values[k] : a.Values[k] > b.Values[k];
        bool Dominates(FrozenTrial a, FrozenTrial b)
        {
            var objectives = Enumerable.Range(0, metrics.Objectives.Count).ToList();
            return objectives.All(k => NoWorse(a, b, k)) && objectives.Any(k => Better(a, b, k));
        }

        return feasible.Where(t => !feasible.Any(other => Dominates(other, t))).Select(t => t.Number).Order().ToArray();
    }

    /// <summary>
    /// The constraint's value of trial i. Chosen so that the constraint matters: trials 5 and 18, the front without it,
    /// break it (so does the lowest loss), and the front with it is 10, 23 and 24.
    /// </summary>
    public static double Latency(int i) => ((i * 5) + 6) % 11;

    /// <summary>Whether trial i keeps the constraint latency ≤ 7 (see <see cref="Write"/>).</summary>
    public static bool Feasible(int i) => Latency(i) <= 7;
}
