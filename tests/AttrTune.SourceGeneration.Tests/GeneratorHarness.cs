using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>Compiles test sources against the real runtime assembly and runs the generator on them.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>The runtime's System assemblies and AttrTune: what every test compilation references.</summary>
    public static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(SearchSpaceAttribute).Assembly.Location);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "GeneratorTests",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new SearchSpaceGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the generated sources and the compilation that includes them.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult().Results.Single(), output);
    }

    /// <summary>Errors and warnings of a compilation, as text, for assertion messages.</summary>
    public static IReadOnlyList<string> Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();
}
