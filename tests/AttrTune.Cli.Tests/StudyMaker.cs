namespace AttrTune.Cli.Tests;

/// <summary>
/// The program a user would write: a small space with a log-scaled float, an int, a choice and a parameter active for
/// one choice only, tuned into a SQLite file. Built once per run from the packed AttrTune package.
/// </summary>
internal static class StudyMaker
{
    /// <summary>
    /// <c>make FILE</c>: study "demo" (30 trials, seeded, one sequential worker so the file is the same every run:
    /// trial 5 fails, every trial whose number is 3 mod 7 is pruned), "other" (maximised, 4 trials) and "empty" (no
    /// trials). <c>add FILE STUDY N DELAY_MS</c>: N more trials of STUDY, one every DELAY_MS.
    /// </summary>
    public const string Program = """
        using AttrTune;
        using AttrTune.Samplers;
        using AttrTune.Storage;

        string file = args[1];
        using var storage = new SqliteStorage(file);
        if (args[0] == "make")
        {
            var demo = Study<Maker.Config>.CreateOrResume("demo", new StudyOptions { Storage = storage, Sampler = new RandomSampler(7) });
            await demo.OptimizeAsync((config, trial, ct) => Objective(config, trial), new OptimizeOptions { MaxTrials = 30 });
            var other = Study<Maker.Config>.CreateOrResume("other", new StudyOptions { Storage = storage, Sampler = new RandomSampler(11), Direction = StudyDirection.Maximize });
            await other.OptimizeAsync((config, trial, ct) => ValueTask.FromResult(config.Depth + config.LearningRate), new OptimizeOptions { MaxTrials = 4 });
            Study<Maker.Config>.CreateOrResume("empty", new StudyOptions { Storage = storage });
        }
        else
        {
            var study = Study<Maker.Config>.CreateOrResume(args[2], new StudyOptions { Storage = storage, Sampler = new RandomSampler(13) });
            for (int i = 0; i < int.Parse(args[3]); i++)
            {
                await study.OptimizeAsync((config, trial, ct) => ValueTask.FromResult(Value(config)), new OptimizeOptions { MaxTrials = 1 });
                Console.WriteLine($"added {i}");
                await Task.Delay(int.Parse(args[4]));
            }
        }

        static ValueTask<double> Objective(Maker.Config config, Trial trial)
        {
            if (trial.Number == 5)
            {
                throw new InvalidOperationException("the objective failed on purpose");
            }

            trial.SetAttribute("fold", (trial.Number % 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
            double value = Value(config);
            trial.Report(1, value * 2);
            if (trial.Number % 7 == 3)
            {
                throw new TrialPrunedException();
            }

            return ValueTask.FromResult(value);
        }

        static double Value(Maker.Config config) =>
            Math.Pow(Math.Log10(config.LearningRate) + 2.5, 2) + Math.Abs(config.Depth - 4) + (config.Optimizer == "sgd" ? 1 - config.Momentum : 0.25);

        namespace Maker
        {
            /// <summary>The tuned configuration.</summary>
            [SearchSpace]
            public partial record Config
            {
                /// <summary>Learning rate.</summary>
                [LogUniform(1e-4, 1e-1, Default = 1e-3)] public double LearningRate { get; init; } = 1e-3;

                /// <summary>Depth.</summary>
                [IntRange(1, 8)] public int Depth { get; init; } = 3;

                /// <summary>Optimiser.</summary>
                [Choice("adam", "sgd")] public string Optimizer { get; init; } = "adam";

                /// <summary>Momentum, for SGD only.</summary>
                [Uniform(0.5, 0.99), ActiveWhen(nameof(Optimizer), "sgd")] public double Momentum { get; init; } = 0.9;
            }
        }
        """;
}
