using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Samplers;
using AttrTune.Scheduling;
using AttrTune.Storage;
using AttrTune.TestSupport;

namespace AttrTune.Dashboard.Tests;

/// <summary>Writes the dashboard tests' own studies into a study file, in process, before the dashboard starts.</summary>
internal static class StudyWriter
{
    /// <summary>A name with both payloads: a script element and an attribute breakout with an event handler.</summary>
    public const string HostileName = "hostile <script>alert('name')</script> \"><img src=x onerror=alert('name')>";

    public const string HostileAttribute = "<script>alert('attribute')</script>\"><img src=x onerror=alert('attribute')>";

    public const string HostileMessage = "<script>alert('exception')</script>\"><img src=x onerror=alert('exception')>";

    public const int HostileTrials = 120;

    public const string PbtName = "pbt";

    /// <summary>A study with two objectives and a constraint, written through the storage API (<see cref="ParetoStudy"/>).</summary>
    public const string ParetoName = "pareto";

    /// <summary>The name of its first objective: markup that must stay text in titles, headers, hover text and lists.</summary>
    public const string HostileMetric = "<img src=x onerror=alert('metric')>loss";

    /// <summary>
    /// <see cref="HostileName"/>: 120 trials of <see cref="HostileConfig"/> (every tenth fails with
    /// <see cref="HostileMessage"/>, every trial has the attribute <c>note</c> = <see cref="HostileAttribute"/> and
    /// reports three intermediate values); <see cref="PbtName"/>: a population of 4 trained for 12 steps;
    /// <see cref="ParetoName"/>: 30 hand-made trials of two objectives and a constraint over the "demo" study's space.
    /// </summary>
    public static async Task WriteAsync(string file)
    {
        using var storage = new SqliteStorage(file);
        var hostile = Study<HostileConfig>.CreateOrResume(HostileName, new StudyOptions { Storage = storage, Sampler = new RandomSampler(5) });
        await hostile.OptimizeAsync((config, trial, ct) =>
        {
            trial.SetAttribute("note", HostileAttribute);
            double value = Math.Abs(Math.Log10(config.Scale)) + config.Layers * 0.1 + (config.Mode == "plain" ? config.Extra : 0.7);
            for (int step = 1; step <= 3; step++)
            {
                trial.Report(step, value * (4 - step));
            }

            if (trial.Number % 10 == 7)
            {
                throw new InvalidOperationException(HostileMessage);
            }

            return ValueTask.FromResult(value);
        }, new OptimizeOptions { MaxTrials = HostileTrials });

        var pbt = Study<PbtConfig>.CreateOrResume(PbtName, new StudyOptions { Storage = storage, Direction = StudyDirection.Maximize, Sampler = new RandomSampler(3) });
        var population = new PopulationBasedTraining<PbtConfig>(pbt, () => new Climber(), new PbtOptions { PopulationSize = 4, TotalSteps = 12, Interval = 4, Parallelism = 1, Seed = 2 });
        await population.RunAsync();

        ParetoStudy.Write(storage, ParetoName, ParetoStudy.TwoObjectives(HostileMetric), storage.FindStudy("demo")!, i => new Dictionary<string, double>
        {
            ["LearningRate"] = 1e-3 * (1 + (i % 10)),
            ["Depth"] = 1 + (i % 8),
            ["Optimizer"] = 0,
        });
    }

    /// <summary>A trainable whose accuracy climbs towards 1 at its rate: better rates win, and copies show.</summary>
    private sealed class Climber : ITrainable<PbtConfig>
    {
        private double _rate;
        private double _accuracy;

        public void Setup(PbtConfig config) => _rate = config.Rate;

        public IReadOnlyDictionary<string, double> Step(CancellationToken cancellationToken)
        {
            _accuracy += _rate * (1 - _accuracy);
            return new Dictionary<string, double> { ["accuracy"] = _accuracy };
        }

        public byte[] Save() => BitConverter.GetBytes(_accuracy);

        public void Restore(byte[] checkpoint) => _accuracy = BitConverter.ToDouble(checkpoint);

        public void Dispose()
        {
        }
    }
}
