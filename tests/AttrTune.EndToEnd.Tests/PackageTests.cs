using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace AttrTune.EndToEnd.Tests;

/// <summary>The package as a user gets it: one NuGet, generator inside, consumer builds and runs.</summary>
public class PackageTests : IClassFixture<PackedPackage>
{
    private const string ConsumerProgram = """
        using AttrTune;
        using AttrTune.Randomness;
        using AttrTune.SearchSpaces;

        var random = new RandomSource(1);
        for (int i = 0; i < 3; i++)
        {
            Consumer.Config config = Consumer.Config.Sample(random);
            if (config.Depth is < 1 or > 8 || config.LearningRate is < 1e-5 or > 1e-1)
            {
                throw new InvalidOperationException("sample out of range");
            }

            Console.WriteLine(config.ToParameters());
        }

        Console.WriteLine($"parameters={Consumer.Config.Descriptor.Count}");
        Console.WriteLine($"names={string.Join(",", Consumer.Config.Descriptor.Parameters.Select(p => p.Name))}");
        Console.WriteLine($"grid={Consumer.Config.Descriptor.CreateGrid(new GridOptions { ContinuousPoints = 2 }).Count}");

        // Several objectives and a constraint, as a user writes them: the metrics type is generated from the package.
        var tradeOff = Study<Consumer.Config, Consumer.Metrics>.CreateOrResume("trade-off", new StudyOptions { Seed = 7 });
        await tradeOff.OptimizeAsync(c => new Consumer.Metrics { Loss = c.LearningRate * c.Depth, Size = c.Depth * 10, Accuracy = 1 - c.LearningRate }, new OptimizeOptions { MaxTrials = 30 });
        var front = tradeOff.ParetoFront;
        if (front.Count == 0 || front.Any(t => t.Metrics!.Accuracy < 0.95))
        {
            throw new InvalidOperationException("the front is empty or holds an infeasible trial");
        }

        Console.WriteLine($"front={front.Count} objectives={Consumer.Metrics.MetricsDescriptor.Objectives.Count}");

        namespace Consumer
        {
            /// <summary>A user's configuration.</summary>
            [SearchSpace]
            public partial record Config
            {
                /// <summary>Learning rate.</summary>
                [LogUniform(1e-5, 1e-1, Default = 1e-3)] public double LearningRate { get; init; } = 1e-3;

                /// <summary>Depth.</summary>
                [IntRange(1, 8)] public int Depth { get; init; } = 3;

                /// <summary>Optimiser.</summary>
                [Choice("adam", "sgd")] public string Optimizer { get; init; } = "adam";

                /// <summary>Momentum, for SGD only.</summary>
                [ParameterName("sgd_momentum"), Uniform(0.5, 0.99), ActiveWhen(nameof(Optimizer), "sgd")] public double Momentum { get; init; } = 0.9;
            }

            /// <summary>What a configuration costs and gives.</summary>
            [Metrics]
            public partial record Metrics
            {
                /// <summary>Loss.</summary>
                [Minimize] public double Loss { get; init; }

                /// <summary>Model size.</summary>
                [Minimize] public int Size { get; init; }

                /// <summary>Accuracy, at least 0.95.</summary>
                [Constraint(Min = 0.95)] public double Accuracy { get; init; }
            }
        }
        """;

    private readonly PackedPackage _package;

    public PackageTests(PackedPackage package) => _package = package;

    [Fact]
    public void The_package_holds_the_runtime_for_both_targets_and_the_generator_and_depends_only_on_sqlite_npgsql_mathnet_tensors_and_logging_abstractions()
    {
        using ZipArchive archive = ZipFile.OpenRead(_package.PackagePath);
        string[] entries = archive.Entries.Select(e => e.FullName).ToArray();

        // net8.0 is the LTS most production users run; net10.0 gets the newer runtime's APIs.
        foreach (string framework in new[] { "net8.0", "net10.0" })
        {
            Assert.Contains($"lib/{framework}/AttrTune.dll", entries);
            Assert.Contains($"lib/{framework}/AttrTune.xml", entries);
        }

        Assert.Contains("analyzers/dotnet/cs/AttrTune.SourceGeneration.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/AttrTune.CodeFixes.dll", entries);
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.CodeAnalysis", StringComparison.OrdinalIgnoreCase));

        using var nuspec = new StreamReader(archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        string text = nuspec.ReadToEnd();
        // SQLite is the embedded default storage, MathNet the GP's and CMA-ES's optimiser and eigensolver, and
        // System.Numerics.Tensors the SIMD loops of the samplers' numerics, Logging.Abstractions the ILogger a study
        // logs to, Npgsql the PostgreSQL storage; Roslyn must never leak into the user's dependencies. Each target
        // framework lists the same five.
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, "<group targetFramework=").Count);
        string[] dependencies = System.Text.RegularExpressions.Regex.Matches(text, "<dependency id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(new[] { "MathNet.Numerics", "MathNet.Numerics", "Microsoft.Data.Sqlite", "Microsoft.Data.Sqlite", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.Logging.Abstractions", "Npgsql", "Npgsql", "System.Numerics.Tensors", "System.Numerics.Tensors" }, dependencies.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_consumer_project_builds_warning_free_and_runs_from_the_package()
    {
        string consumer = _package.CreateConsumer("Consumer", ConsumerProgram);
        ProcessResult build = _package.Dotnet(consumer, "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.Contains("0 Warning(s)", build.Output, StringComparison.Ordinal);

        // The built program itself, as a user ships it (and without `dotnet run` evaluating the project again).
        ProcessResult run = _package.Dotnet(consumer, System.IO.Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("parameters=4", run.Output, StringComparison.Ordinal);
        Assert.Contains("names=LearningRate,Depth,Optimizer,sgd_momentum", run.Output, StringComparison.Ordinal);
        Assert.Contains("grid=48", run.Output, StringComparison.Ordinal);
        Assert.Contains("LearningRate=", run.Output, StringComparison.Ordinal);
        Assert.Contains("objectives=2", run.Output, StringComparison.Ordinal);
        Assert.Matches("front=[1-9]", run.Output);
    }

    [Fact]
    public void A_consumer_with_an_invalid_space_fails_to_build_with_the_diagnostic_at_its_file_and_line()
    {
        string consumer = _package.CreateConsumer("BadConsumer", """
            Console.WriteLine(typeof(BadConsumer.Config).Name);
            """);
        System.IO.File.WriteAllText(System.IO.Path.Combine(consumer, "Config.cs"), """
            using AttrTune;

            namespace BadConsumer;

            [SearchSpace]
            public partial class Config
            {
                [LogUniform(0, 0.1)]
                public double LearningRate { get; set; }
            }
            """);
        ProcessResult build = _package.Dotnet(consumer, "build", "-c", "Release");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("Config.cs(8,6): error AT0002: LearningRate: [LogUniform] needs low > 0 on a log scale, got low = 0", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async System.Threading.Tasks.Task Several_processes_share_one_sqlite_study_without_losing_or_duplicating_trials()
    {
        string worker = _package.CreateConsumer("GridWorker", """
            using AttrTune;
            using AttrTune.Samplers;
            using AttrTune.Storage;

            using var storage = new SqliteStorage(args[0]);
            var study = Study<GridWorker.Space>.CreateOrResume("shared", new StudyOptions { Storage = storage, Sampler = new GridSampler() });
            await study.OptimizeAsync(async (config, _, ct) => { await Task.Delay(2, ct); return config.A * 100 + config.B; }, new OptimizeOptions { Parallelism = 2 });
            Console.WriteLine("done");

            namespace GridWorker
            {
                /// <summary>A 20 x 15 grid.</summary>
                [SearchSpace]
                public partial class Space
                {
                    /// <summary>A.</summary>
                    [IntRange(0, 19)] public int A { get; set; }

                    /// <summary>B.</summary>
                    [IntRange(0, 14)] public int B { get; set; }
                }
            }
            """);
        Assert.True(_package.Dotnet(worker, "build", "-c", "Release") is { ExitCode: 0 } build, "build failed");
        string database = System.IO.Path.Combine(_package.WorkDirectory, "shared.db");
        var processes = Enumerable.Range(0, 3)
            .Select(_ => System.Threading.Tasks.Task.Run(() => _package.Dotnet(worker, System.IO.Path.Combine(worker, "bin", "Release", "net10.0", "GridWorker.dll"), database)))
            .ToArray();
        ProcessResult[] results = await System.Threading.Tasks.Task.WhenAll(processes);
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT claim_key), MIN(number), MAX(number), SUM(state = 2), COUNT(DISTINCT worker) FROM trials;";
        using var reader = command.ExecuteReader();
        reader.Read();
        Assert.Equal(300L, reader.GetInt64(0));
        Assert.Equal(300L, reader.GetInt64(1));
        Assert.Equal((0L, 299L), (reader.GetInt64(2), reader.GetInt64(3)));
        Assert.Equal(300L, reader.GetInt64(4));
        Assert.True(reader.GetInt64(5) >= 2, "the trials were not shared between processes");
    }
}
