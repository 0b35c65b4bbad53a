using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// The metrics generator's output compared with checked-in baselines (Baselines/&lt;scenario&gt;/&lt;hint name&gt;).
/// Run with ATTRTUNE_ACCEPT=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public class MetricsGoldenFileTests
{
    internal const string InitRecord = """
        using AttrTune;

        namespace Demo.Metrics;

        [Metrics]
        public partial record ModelMetrics
        {
            [Minimize] public double LogLoss { get; init; }
            [Maximize] public double Accuracy { get; init; }
            [Constraint(Max = 5)] public double LatencyMs { get; init; }
            [Minimize, Constraint(Max = 1e6, AlsoObjective = true)] public long ModelSize { get; init; }
            [Constraint(Min = -0.5, Max = 0.5)] public float Drift { get; init; }
            [Constraint] public int Violations { get; init; }
            public string? Note { get; init; }
        }
        """;

    internal const string PositionalRecord = """
        using AttrTune;

        namespace Demo.Metrics;

        public partial class Outer<T>
        {
            [Metrics]
            public partial record Pair([property: Minimize] double A, [Maximize] int B, string Label, int Extra = 3)
            {
                [Constraint(Min = 1)] public double C { get; init; }
            }
        }
        """;

    internal const string Class = """
        using AttrTune;

        [Metrics]
        public partial class GlobalMetrics
        {
            [Maximize] public float Score { get; set; }
            [Minimize] public double @event { get; set; }
            public required string Tag { get; set; }
        }
        """;

    [Fact]
    public void Record_with_init_properties() => Verify(nameof(Record_with_init_properties), InitRecord);

    [Fact]
    public void Positional_record_in_a_generic_type() => Verify(nameof(Positional_record_in_a_generic_type), PositionalRecord);

    [Fact]
    public void Class_in_the_global_namespace() => Verify(nameof(Class_in_the_global_namespace), Class);

    // Consumers build with GenerateDocumentationFile and warnings as errors: the generated docs must resolve.
    [Fact]
    public void Generated_documentation_comments_are_valid()
    {
        var options = GeneratorHarness.ParseOptions.WithDocumentationMode(Microsoft.CodeAnalysis.DocumentationMode.Diagnose);
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.Compile()
            .AddSyntaxTrees(new[] { InitRecord, PositionalRecord, Class }.Select(s => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(s, options)));
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new SearchSpaceGenerator().AsSourceGenerator(), new MetricsGenerator().AsSourceGenerator() },
            parseOptions: options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Location.SourceTree?.FilePath.EndsWith(".Metrics.g.cs", StringComparison.Ordinal) == true && d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(3, output.SyntaxTrees.Count(t => t.FilePath.EndsWith(".Metrics.g.cs", StringComparison.Ordinal)));
    }

    private static void Verify(string scenario, string source)
    {
        var (result, output) = MetricsHarness.Run(GeneratorHarness.Compile(source));
        Assert.Null(result.Exception);
        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.NotEmpty(result.GeneratedSources);

        string directory = Path.Combine(AnalyzerTests.RepositoryRoot(), "tests", "AttrTune.SourceGeneration.Tests", "Baselines", scenario);
        bool accept = Environment.GetEnvironmentVariable("ATTRTUNE_ACCEPT") == "1";
        if (accept)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
        }

        foreach (GeneratedSourceResult generated in result.GeneratedSources)
        {
            string path = Path.Combine(directory, generated.HintName);
            string actual = generated.SourceText.ToString();
            if (accept)
            {
                File.WriteAllText(path, actual);
                continue;
            }

            Assert.True(File.Exists(path), $"No baseline {path}; run the tests with ATTRTUNE_ACCEPT=1 to create it.");
            Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
        }

        if (!accept)
        {
            string[] expectedFiles = Directory.GetFiles(directory).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;
            Assert.Equal(expectedFiles, result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n).ToArray());
        }
    }
}
