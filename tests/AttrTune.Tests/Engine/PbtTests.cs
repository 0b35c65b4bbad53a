using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using System.Threading;
using AttrTune.Randomness;
using AttrTune.Scheduling;
using AttrTune.Storage;
using CsCheck;
using Xunit;

namespace AttrTune.Tests.Engine;

public class PbtTests
{
    [Fact]
    public void Explore_keeps_every_value_in_bounds_on_its_step_and_leaves_fixed_parameters_alone()
    {
        var pbt = new PopulationBasedTraining<PbtSpace>(Study<PbtSpace>.CreateOrResume("explore"), () => new Bowl(), new PbtOptions { ResampleProbability = 0.5 });
        Gen.ULong.Sample(seed =>
        {
            PbtSpace config = PbtSpace.Sample(new RandomSource(seed));
            for (int i = 0; i < 20; i++)
            {
                PbtSpace explored = pbt.Explore(config);
                double[] values = new double[PbtSpace.Descriptor.Count];
                explored.WriteValues(values);
                if (PbtSpace.Descriptor.Validate(values) is not null || explored.Hidden != config.Hidden)
                {
                    return false;
                }

                config = explored;
            }

            return true;
        });
    }

    [Fact]
    public void Explore_moves_mutable_numbers_by_the_factors_or_one_step()
    {
        var pbt = new PopulationBasedTraining<PbtSpace>(Study<PbtSpace>.CreateOrResume("factors"), () => new Bowl(), new PbtOptions { PerturbationFactors = new[] { 1.2 } });
        PbtSpace explored = pbt.Explore(new PbtSpace { LearningRate = 0.1, Momentum = 0.5, Batch = 2, Hidden = 16 });
        Assert.Equal(0.12, explored.LearningRate, 12);
        Assert.Equal(0.6, explored.Momentum, 12);
        Assert.Equal(1.0, pbt.Explore(new PbtSpace { LearningRate = 0.9 }).LearningRate);
    }

    [Fact]
    public async Task A_population_exploits_the_best_members_and_records_replayable_schedules()
    {
        var study = Study<PbtSpace>.CreateOrResume("pbt", new StudyOptions { Seed = 4 });
        var options = new PbtOptions { PopulationSize = 8, TotalSteps = 12, Interval = 3, Metric = "loss", Seed = 5, Parallelism = 2 };
        var pbt = new PopulationBasedTraining<PbtSpace>(study, () => new Bowl(), options);
        PbtResult<PbtSpace> result = await pbt.RunAsync();

        Assert.Equal(8, result.Members.Count);
        Assert.All(result.Members, m => Assert.Equal(TrialState.Complete, m.State));
        Assert.All(result.Members, m => Assert.Equal(12, m.IntermediateValues.Count));
        Assert.Equal(result.Members.Min(m => m.Value), result.Best.Value);

        // Three exploit rounds, two members each (a quarter of eight), from the best two into the worst two.
        Assert.Equal(new[] { 3, 3, 6, 6, 9, 9 }, result.Exploits.Select(e => e.Step));
        Assert.All(result.Exploits, e => Assert.NotEqual(e.Member, e.Donor));

        // A schedule is the lineage of the member's weights: ascending steps, every jump names its donor.
        foreach (IReadOnlyList<PbtScheduleEntry<PbtSpace>> lineage in result.Schedules.Values)
        {
            Assert.Equal(0, lineage[0].Step);
            Assert.True(lineage.Zip(lineage.Skip(1)).All(pair => pair.First.Step < pair.Second.Step));
            Assert.All(lineage.Skip(1), e => Assert.NotNull(e.CopiedFromTrial));
        }

        Assert.All(result.Schedules.Values.SelectMany(s => s), e => Assert.Null(e.Config.ToParameters().Descriptor.Validate(e.Config.ToParameters().Values)));

        foreach (TrialResult<PbtSpace> member in result.Members)
        {
            using JsonDocument stored = JsonDocument.Parse(member.Attributes[PopulationBasedTraining<PbtSpace>.ScheduleAttribute]);
            Assert.Equal(result.Schedules[member.Number].Count, stored.RootElement.GetArrayLength());
        }

        // The whole population's last round is one checkpoint, on the trial the population attribute marks.
        TrialResult<PbtSpace> anchor = Assert.Single(result.Members, m => m.Attributes.ContainsKey(PopulationBasedTraining<PbtSpace>.PopulationAttribute));
        Assert.NotNull(((ICheckpointStore)study.Storage).LoadCheckpoint(anchor.Frozen.Id));

        // The learning rates a replay trains with follow the best member's schedule step by step.
        IReadOnlyList<PbtScheduleEntry<PbtSpace>> schedule = result.BestSchedule;
        IReadOnlyList<double> replayed = PopulationBasedTraining<PbtSpace>.Replay(schedule, () => new Bowl(), 12, "lr");
        double[] expected = Enumerable.Range(0, 12).Select(step => schedule.Last(e => e.Step <= step).Config.LearningRate).ToArray();
        Assert.Equal(expected, replayed);

        // A deterministic trainable retraced along the lineage ends exactly where the population's best did.
        Assert.Equal(result.Best.Value!.Value, PopulationBasedTraining<PbtSpace>.Replay(schedule, () => new Bowl(), 12, "loss")[^1], 12);
    }

    [Fact]
    public void Exploiting_copies_the_donors_weights()
    {
        var donor = new Bowl();
        donor.Setup(new PbtSpace { LearningRate = 0.5 });
        donor.Step(CancellationToken.None);
        var copy = new Bowl();
        copy.Setup(new PbtSpace { LearningRate = 0.01 });
        copy.Restore(donor.Save());
        Assert.Equal(donor.Weight, copy.Weight);
        Assert.Equal(0.01, copy.Step(CancellationToken.None)["lr"]);
    }

    [Fact]
    public void A_space_without_mutable_parameters_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PopulationBasedTraining<TenParameters>(Study<TenParameters>.CreateOrResume("none"), () => throw new InvalidOperationException()));
        Assert.Contains("has no [Mutable] parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_population_resumes_from_its_stored_checkpoints()
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("attrtune-pbt-").FullName;
        try
        {
            string path = System.IO.Path.Combine(directory, "pbt.db");
            var options = new PbtOptions { PopulationSize = 4, TotalSteps = 12, Interval = 3, Metric = "loss", Seed = 2, Parallelism = 2 };
            using (var storage = new SqliteStorage(path))
            {
                var study = Study<PbtSpace>.CreateOrResume("pbt", new StudyOptions { Storage = storage, Seed = 1 });
                var crashing = new PopulationBasedTraining<PbtSpace>(study, () => new Bowl(crashAfterSteps: 8), options);
                await Assert.ThrowsAsync<InvalidOperationException>(() => crashing.RunAsync());
                Assert.All(study.GetTrials(), t => Assert.Equal(TrialState.Failed, t.State));
            }

            using (var storage = new SqliteStorage(path))
            {
                var study = Study<PbtSpace>.CreateOrResume("pbt", new StudyOptions { Storage = storage, Seed = 1 });
                var stepsTrained = new System.Runtime.CompilerServices.StrongBox<int>();
                PbtResult<PbtSpace> result = await new PopulationBasedTraining<PbtSpace>(study, () => new Bowl(counter: stepsTrained), options).RunAsync();

                // Resumed from the checkpoints at step 6: six more steps each, not twelve.
                Assert.Equal(4 * 6, stepsTrained.Value);
                Assert.Equal(4, result.Members.Count);
                Assert.All(result.Members, m => Assert.True(m.Attributes.ContainsKey(PopulationBasedTraining<PbtSpace>.ResumedFromAttribute)));
                Assert.All(result.Members, m => Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), m.IntermediateValues.Keys));
                Assert.All(result.Members, m => Assert.Equal(TrialState.Complete, m.State));

                // A second resume finds nothing left to resume and starts a fresh population.
                var again = await new PopulationBasedTraining<PbtSpace>(study, () => new Bowl(), options).RunAsync();
                Assert.All(again.Members, m => Assert.False(m.Attributes.ContainsKey(PopulationBasedTraining<PbtSpace>.ResumedFromAttribute)));
            }
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(13, false)]
    [InlineData(4, true)]
    [InlineData(10, true)]
    public async Task A_resumed_population_is_exactly_the_run_that_was_interrupted(int interruptAfterSteps, bool cancel)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("attrtune-pbt-").FullName;
        try
        {
            // Exploits at every interval (half the population copied), so a resume that restored the wrong weights,
            // the wrong configuration or the wrong random stream would end somewhere else.
            var options = new PbtOptions { PopulationSize = 4, TotalSteps = 15, Interval = 3, Metric = "loss", Seed = 2, Parallelism = 2, Quantile = 0.5 };
            PbtResult<PbtSpace> reference;
            using (var storage = new SqliteStorage(System.IO.Path.Combine(directory, "reference.db")))
            {
                var study = Study<PbtSpace>.CreateOrResume("pbt", new StudyOptions { Storage = storage, Seed = 1 });
                reference = await new PopulationBasedTraining<PbtSpace>(study, () => new Bowl(), options).RunAsync();
            }

            string path = System.IO.Path.Combine(directory, "interrupted.db");
            using (var storage = new SqliteStorage(path))
            {
                var study = Study<PbtSpace>.CreateOrResume("pbt", new StudyOptions { Storage = storage, Seed = 1 });
                using var cancellation = new CancellationTokenSource();
                var stepsTaken = new System.Runtime.CompilerServices.StrongBox<int>();
                Func<ITrainable<PbtSpace>> create = cancel
                    ? () => new Bowl(counter: stepsTaken, onStep: n => { if (n == interruptAfterSteps * 4) { cancellation.Cancel(); } })
                    : () => new Bowl(crashAfterSteps: interruptAfterSteps);
                await Assert.ThrowsAnyAsync<Exception>(() => new PopulationBasedTraining<PbtSpace>(study, create, options).RunAsync(cancellation.Token));
            }

            using (var storage = new SqliteStorage(path))
            {
                var study = Study<PbtSpace>.CreateOrResume("pbt", new StudyOptions { Storage = storage, Seed = 1 });
                PbtResult<PbtSpace> resumed = await new PopulationBasedTraining<PbtSpace>(study, () => new Bowl(), options).RunAsync();
                Assert.All(resumed.Members, m => Assert.True(m.Attributes.ContainsKey(PopulationBasedTraining<PbtSpace>.ResumedFromAttribute)));
                for (int m = 0; m < options.PopulationSize; m++)
                {
                    Assert.Equal(reference.Members[m].Value, resumed.Members[m].Value);
                    Assert.Equal(reference.Members[m].IntermediateValues.ToArray(), resumed.Members[m].IntermediateValues.ToArray());
                    Assert.Equal(
                        reference.Schedules[reference.Members[m].Number].Select(e => (e.Step, e.Config.LearningRate)),
                        resumed.Schedules[resumed.Members[m].Number].Select(e => (e.Step, e.Config.LearningRate)));
                }

                Assert.Equal(reference.Exploits.Where(e => e.Step > interruptAfterSteps / 3 * 3).Select(e => e.Step), resumed.Exploits.Select(e => e.Step));
            }
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Gradient descent on (w - 10)^2: the learning rate decides how fast the loss falls.</summary>
    private sealed class Bowl : ITrainable<PbtSpace>
    {
        private readonly int _crashAfterSteps;
        private readonly System.Runtime.CompilerServices.StrongBox<int>? _counter;
        private double _learningRate;
        private int _steps;

        private readonly Action<int>? _onStep;

        public Bowl(int crashAfterSteps = int.MaxValue, System.Runtime.CompilerServices.StrongBox<int>? counter = null, Action<int>? onStep = null)
        {
            _crashAfterSteps = crashAfterSteps;
            _counter = counter;
            _onStep = onStep;
        }

        public double Weight { get; private set; }

        public void Setup(PbtSpace config)
        {
            _learningRate = config.LearningRate;
            Weight = 0;
        }

        public IReadOnlyDictionary<string, double> Step(CancellationToken cancellationToken)
        {
            if (++_steps > _crashAfterSteps)
            {
                throw new InvalidOperationException("simulated crash");
            }

            if (_counter is not null)
            {
                int taken = System.Threading.Interlocked.Increment(ref _counter.Value);
                _onStep?.Invoke(taken);
            }

            Weight -= _learningRate * 2 * (Weight - 10);
            return new Dictionary<string, double> { ["loss"] = (Weight - 10) * (Weight - 10), ["lr"] = _learningRate };
        }

        public byte[] Save() => BitConverter.GetBytes(Weight);

        public void Restore(byte[] checkpoint) => Weight = BitConverter.ToDouble(checkpoint);

        public void Dispose()
        {
        }
    }
}
