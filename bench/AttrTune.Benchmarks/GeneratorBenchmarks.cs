extern alias generator;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SearchSpaceGenerator = generator::AttrTune.SourceGeneration.SearchSpaceGenerator;
using AttrTune.SearchSpaces;

namespace AttrTune.Benchmarks;

/// <summary>
/// Generator cost on a compilation with 200 [SearchSpace] types (one file each, five parameters, one nested
/// space every tenth type): a full run, and an incremental re-run after a one-line edit in an unrelated file.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GeneratorBenchmarks
{
    private const int TypeCount = 200;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CreateCompilation();
        SyntaxTree unrelated = _compilation.SyntaxTrees.Last();
        _edited = _compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText(unrelated.ToString().Replace("=> 1;", "=> 2;", StringComparison.Ordinal), ParseOptions, unrelated.FilePath));
        _warmDriver = NewDriver().RunGenerators(_compilation);

        // The claim behind the incremental figure: after the edit, no type's model or output is recomputed.
        GeneratorRunResult rerun = _warmDriver.RunGenerators(_edited).GetRunResult().Results.Single();
        int generated = rerun.GeneratedSources.Length;
        // Only our own steps: Roslyn's internal attribute-lookup steps see the new compilation and say Modified.
        string[] ours = { SearchSpaceGenerator.TrackingNames.Specs, SearchSpaceGenerator.TrackingNames.ValidSpecs };
        var reasons = ours.SelectMany(name => rerun.TrackedSteps[name]).SelectMany(s => s.Outputs).GroupBy(o => o.Reason).ToDictionary(g => g.Key, g => g.Count());
        var outputs = rerun.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).GroupBy(o => o.Reason).ToDictionary(g => g.Key, g => g.Count());
        Console.WriteLine($"// incremental re-run: {generated} sources; pipeline outputs {Describe(reasons)}; source outputs {Describe(outputs)}");
        if (generated != TypeCount || reasons.Keys.Any(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged)) || outputs.Keys.Any(r => r != IncrementalStepRunReason.Cached))
        {
            throw new InvalidOperationException("The incremental re-run did work for unchanged types.");
        }
    }

    [Benchmark(Description = "full run, 200 types")]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "re-run after unrelated one-line edit")]
    public GeneratorDriver IncrementalRun() => _warmDriver.RunGenerators(_edited);

    private static string Describe(Dictionary<IncrementalStepRunReason, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}"));

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new SearchSpaceGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static CSharpCompilation CreateCompilation()
    {
        var trees = new List<SyntaxTree>();
        for (int i = 0; i < TypeCount; i++)
        {
            var source = new StringBuilder();
            source.Append("using AttrTune;\nnamespace Bench.Spaces;\n[SearchSpace]\npublic partial class Space").Append(i).Append("\n{\n");
            source.Append("    [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; }\n");
            source.Append("    [IntRange(1, ").Append(10 + i).Append(")] public int Depth { get; set; } = 1;\n");
            source.Append("    [Choice(\"a\", \"b\", \"c\")] public string Mode { get; set; } = \"a\";\n");
            source.Append("    [Uniform(0, 1)] [ActiveWhen(nameof(Mode), \"b\")] public double Weight { get; set; }\n");
            source.Append("    [Choice] public bool Flag { get; set; }\n");
            if (i % 10 == 9)
            {
                source.Append("    public Space").Append(i - 1).Append(" Inner { get; set; } = new();\n");
            }

            source.Append("}\n");
            trees.Add(CSharpSyntaxTree.ParseText(source.ToString(), ParseOptions, $"Space{i}.cs"));
        }

        trees.Add(CSharpSyntaxTree.ParseText("namespace Bench;\npublic static class Unrelated\n{\n    public static int Value => 1;\n}\n", ParseOptions, "Unrelated.cs"));
        IEnumerable<MetadataReference> references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal))
            .Append(typeof(SearchSpaceAttribute).Assembly.Location)
            .Select(p => MetadataReference.CreateFromFile(p));
        return CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }
}
