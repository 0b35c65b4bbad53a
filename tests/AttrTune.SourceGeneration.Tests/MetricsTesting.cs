using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>Runs the metrics generator (beside the search-space one, as a project gets both) and its analyzer.</summary>
internal static class MetricsHarness
{
    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new SearchSpaceGenerator().AsSourceGenerator(), new MetricsGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs both generators; returns the metrics generator's result and the compilation with every output.</summary>
    public static (GeneratorRunResult Result, Compilation Output) Run(Compilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(MetricsGenerator)), output);
    }

    public static ImmutableArray<Diagnostic> Analyze(params string[] sources)
    {
        Compilation output = Run(GeneratorHarness.Compile(sources)).Output;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new MetricsAnalyzer(), new SearchSpaceAnalyzer());
        ImmutableArray<Diagnostic> diagnostics = output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("AT", StringComparison.Ordinal)).ToImmutableArray();
    }
}

/// <summary>Analyzer test for [Metrics] types: markup gives every expected diagnostic; both generators run first.</summary>
internal sealed class MetricsAnalyzerTest : CSharpAnalyzerTest<MetricsAnalyzer, DefaultVerifier>
{
    public MetricsAnalyzerTest() => RoslynTesting.Configure(this);

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(SearchSpaceGenerator), typeof(MetricsGenerator) };

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() => RoslynTesting.CompilationOptions(base.CreateCompilationOptions());
}

/// <summary>Code-fix test for [Metrics] diagnostics, as <see cref="AttrTuneCodeFixTest{TCodeFix}"/> is for search spaces.</summary>
internal sealed class MetricsCodeFixTest<TCodeFix> : CSharpCodeFixTest<MetricsAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public MetricsCodeFixTest() => RoslynTesting.Configure(this);

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(SearchSpaceGenerator), typeof(MetricsGenerator) };

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() => RoslynTesting.CompilationOptions(base.CreateCompilationOptions());
}
