using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Pruners;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>Pruner decisions on hand-made report sequences, then ASHA inside a parallel study.</summary>
public class PrunerTests
{
    private static int _nextId;

    private static FrozenTrial Trial(int number, TrialState state, params (long Step, double Value)[] reports) => new()
    {
        Id = System.Threading.Interlocked.Increment(ref _nextId),
        Number = number,
        State = state,
        Value = state == TrialState.Complete ? reports.LastOrDefault().Value : null,
        Parameters = ImmutableDictionary<string, double>.Empty,
        IntermediateValues = reports.ToImmutableSortedDictionary(r => r.Step, r => r.Value),
    };

    private static bool Decide(IPruner pruner, FrozenTrial current, IEnumerable<FrozenTrial> others, StudyDirection direction = StudyDirection.Minimize) =>
        pruner.ShouldPrune(new PrunerContext(current, direction, () => others.Append(current).ToList()));

    private static List<FrozenTrial> Completed(params double[] valuesAtStep1) =>
        valuesAtStep1.Select((v, i) => Trial(i, TrialState.Complete, (1, v), (2, v - 0.1))).ToList();

    [Fact]
    public void Median_prunes_a_trial_worse_than_the_median_and_keeps_ties()
    {
        var pruner = new MedianPruner(startupTrials: 3);
        List<FrozenTrial> others = Completed(1, 2, 3, 4);
        Assert.True(Decide(pruner, Trial(9, TrialState.Running, (1, 2.6)), others));
        Assert.False(Decide(pruner, Trial(9, TrialState.Running, (1, 2.5)), others));
        Assert.False(Decide(pruner, Trial(9, TrialState.Running, (1, 0.5)), others));
    }

    [Fact]
    public void Median_waits_for_startup_trials_and_warm_up_steps()
    {
        Assert.False(Decide(new MedianPruner(startupTrials: 5), Trial(9, TrialState.Running, (1, 100)), Completed(1, 2, 3, 4)));
        Assert.False(Decide(new MedianPruner(startupTrials: 1, warmupSteps: 1), Trial(9, TrialState.Running, (1, 100)), Completed(1, 2)));
        Assert.True(Decide(new MedianPruner(startupTrials: 1, warmupSteps: 1), Trial(9, TrialState.Running, (1, 100), (2, 100)), Completed(1, 2)));
    }

    [Fact]
    public void Median_ignores_running_and_pruned_trials_and_trials_without_the_step()
    {
        var pruner = new MedianPruner(startupTrials: 1, minimumTrials: 2);
        var others = new List<FrozenTrial>
        {
            Trial(0, TrialState.Complete, (1, 1)),
            Trial(1, TrialState.Complete, (3, 1)),
            Trial(2, TrialState.Running, (1, 0)),
            Trial(3, TrialState.Pruned, (1, 0)),
        };
        Assert.False(Decide(pruner, Trial(9, TrialState.Running, (1, 50)), others));
        others.Add(Trial(4, TrialState.Complete, (1, 3)));
        Assert.True(Decide(pruner, Trial(9, TrialState.Running, (1, 50)), others));
    }

    [Fact]
    public void Median_compares_the_best_value_so_far_and_follows_the_direction()
    {
        var pruner = new MedianPruner(startupTrials: 1);
        Assert.False(Decide(pruner, Trial(9, TrialState.Running, (1, 0.5), (2, 9)), Completed(1, 2, 3)));
        Assert.True(Decide(pruner, Trial(9, TrialState.Running, (1, 1.5)), Completed(1, 2, 3), StudyDirection.Maximize));
        Assert.False(Decide(pruner, Trial(9, TrialState.Running, (1, 2.5)), Completed(1, 2, 3), StudyDirection.Maximize));
    }

    [Fact]
    public void Percentile_and_interval_steps()
    {
        List<FrozenTrial> others = Completed(1, 2, 3, 4, 5);
        Assert.True(Decide(new PercentilePruner(25, startupTrials: 1), Trial(9, TrialState.Running, (1, 2.5)), others));
        Assert.False(Decide(new PercentilePruner(75, startupTrials: 1), Trial(9, TrialState.Running, (1, 2.5)), others));
        Assert.False(Decide(new PercentilePruner(25, startupTrials: 1, intervalSteps: 2), Trial(9, TrialState.Running, (1, 2.5)), others));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PercentilePruner(101));
    }

    [Fact]
    public void Asha_promotes_the_best_quarter_at_each_rung()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);
        Assert.Equal(new long[] { 1, 4, 16 }, new[] { pruner.RungStep(0), pruner.RungStep(1), pruner.RungStep(2) });
        List<FrozenTrial> others = Enumerable.Range(1, 8).Select(v => Trial(v, TrialState.Complete, (1, v))).ToList();

        // Nine at the rung: the best two (1 and 2) go on; a tie with the second goes on too.
        Assert.True(Decide(pruner, Trial(20, TrialState.Running, (1, 2.5)), others));
        Assert.False(Decide(pruner, Trial(20, TrialState.Running, (1, 2)), others));
        Assert.False(Decide(pruner, Trial(20, TrialState.Running, (1, 1.5)), others));
        Assert.True(Decide(pruner, Trial(20, TrialState.Running, (1, 1.5)), others, StudyDirection.Maximize));
    }

    [Fact]
    public void Asha_decides_once_per_rung_and_handles_missing_steps()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 4);
        List<FrozenTrial> others = Enumerable.Range(1, 8).Select(v => Trial(v, TrialState.Complete, (1, v), (5, v))).ToList();

        // Between rungs (step 2) there is no new decision, however bad the value.
        Assert.False(Decide(pruner, Trial(20, TrialState.Running, (1, 0), (2, 99)), others));

        // Skipping step 4, the trial reaches rung 4 at step 5, and is judged there with the others' values at rung 4.
        Assert.True(Decide(pruner, Trial(20, TrialState.Running, (1, 0), (5, 7)), others));
        Assert.False(Decide(pruner, Trial(20, TrialState.Running, (1, 0), (5, 1.5)), others));
    }

    [Fact]
    public void Asha_lets_the_best_of_the_first_trials_go_on()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 3);
        Assert.False(Decide(pruner, Trial(0, TrialState.Running, (1, 5)), Array.Empty<FrozenTrial>()));
        Assert.True(Decide(pruner, Trial(1, TrialState.Running, (1, 6)), new[] { Trial(0, TrialState.Running, (1, 5)) }));
        Assert.False(Decide(pruner, Trial(1, TrialState.Running, (1, 4)), new[] { Trial(0, TrialState.Running, (1, 5)) }));
    }

    [Fact]
    public void Hyperband_spreads_trials_over_brackets_and_compares_within_a_bracket()
    {
        var pruner = new HyperbandPruner(minResource: 1, maxResource: 27, reductionFactor: 3);
        Assert.Equal(4, pruner.BracketCount);
        int[] brackets = Enumerable.Range(0, 400).Select(pruner.BracketOf).ToArray();
        Assert.Equal(new[] { 0, 1, 2, 3 }, brackets.Distinct().OrderBy(b => b));
        Assert.True(brackets.Count(b => b == 0) > brackets.Count(b => b == 3), "the most aggressive bracket gets the most trials");
        Assert.Equal(4, Enumerable.Range(0, 20).Select(pruner.BracketOf).Distinct().Count());

        int inBracket0 = Enumerable.Range(0, 400).First(n => pruner.BracketOf(n) == 0);
        int[] sameBracket = Enumerable.Range(0, 400).Where(n => n != inBracket0 && pruner.BracketOf(n) == 0).Take(5).ToArray();
        int[] otherBracket = Enumerable.Range(0, 400).Where(n => pruner.BracketOf(n) == 3).Take(5).ToArray();

        // Excellent trials of another bracket do not count against it...
        var others = otherBracket.Select(n => Trial(n, TrialState.Complete, (1, 0.01))).ToList();
        Assert.False(Decide(pruner, Trial(inBracket0, TrialState.Running, (1, 5)), others));

        // ...its own bracket's do.
        others.AddRange(sameBracket.Select(n => Trial(n, TrialState.Complete, (1, 0.01))));
        Assert.True(Decide(pruner, Trial(inBracket0, TrialState.Running, (1, 5)), others));

        // The least aggressive bracket's first rung is at 27: nothing is pruned before.
        int inBracket3 = otherBracket[0];
        Assert.False(Decide(pruner, Trial(inBracket3, TrialState.Running, (1, 99), (9, 99)), others));
    }

    [Fact]
    public void Patience_tolerates_a_plateau_until_it_lasts_too_long()
    {
        var patient = new PatientPruner(inner: null, patience: 2, minDelta: 0.01);
        Assert.False(Decide(patient, Trial(9, TrialState.Running, (1, 1.0), (2, 0.9)), Array.Empty<FrozenTrial>()));
        Assert.False(Decide(patient, Trial(9, TrialState.Running, (1, 1.0), (2, 0.9), (3, 0.85)), Array.Empty<FrozenTrial>()));
        Assert.True(Decide(patient, Trial(9, TrialState.Running, (1, 1.0), (2, 0.9), (3, 0.895), (4, 0.9)), Array.Empty<FrozenTrial>()));

        // With an inner pruner, the plateau only lets it decide.
        var withMedian = new PatientPruner(new MedianPruner(startupTrials: 1), patience: 1);
        Assert.False(Decide(withMedian, Trial(9, TrialState.Running, (1, 0.5), (2, 0.5)), Completed(1, 2, 3)));
        Assert.True(Decide(withMedian, Trial(9, TrialState.Running, (1, 5), (2, 5)), Completed(1, 2, 3)));
    }

    [Fact]
    public async Task Asha_in_a_parallel_study_stops_trials_only_at_rungs_and_thins_each_rung()
    {
        var pruner = new SuccessiveHalvingPruner(minResource: 1, reductionFactor: 2);
        var study = Study<TenParameters>.CreateOrResume("asha", new StudyOptions { Seed = 3, Pruner = pruner });
        await study.OptimizeAsync(
            async (config, trial, ct) =>
            {
                double loss = 0;
                for (int step = 1; step <= 16; step++)
                {
                    loss = config.Dropout + config.Layers / 12.0 + 1.0 / step;
                    trial.Report(step, loss);
                    trial.ThrowIfShouldPrune();
                    await Task.Yield();
                }

                return loss;
            },
            new OptimizeOptions { MaxTrials = 48, Parallelism = 4 });

        IReadOnlyList<TrialResult<TenParameters>> trials = study.GetTrials();
        // Rungs at 1, 2, 4, 8 and 16 (the last epoch is a rung too: a trial can be judged there, as the objective asks).
        long[] rungs = { 1, 2, 4, 8, 16 };
        Assert.All(trials.Where(t => t.State == TrialState.Pruned), t => Assert.Contains(t.IntermediateValues.Keys.Max(), rungs));
        Assert.All(trials.Where(t => t.State == TrialState.Pruned), t => Assert.Equal(t.IntermediateValues[t.IntermediateValues.Keys.Max()], t.Value));
        int[] reached = rungs.Select(r => trials.Count(t => t.IntermediateValues.ContainsKey(r))).ToArray();
        Assert.Equal(48, reached[0]);
        Assert.True(reached.Zip(reached.Skip(1)).All(pair => pair.Second <= pair.First), string.Join(",", reached));
        Assert.InRange(reached[4], 1, 24);
        Assert.Contains(trials, t => t.State == TrialState.Complete);
    }
}
