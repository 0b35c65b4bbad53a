using System;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Runs the analyzer on sources compiled with the generator's output (as in the IDE), whatever else the compiler
/// thinks of them: for code that is meant to be broken (half-typed declarations), where the Roslyn test framework
/// would insist on every compiler error being listed. Expected spans are checked with <see cref="AttrTuneAnalyzerTest"/>.
/// </summary>
internal static class AnalyzerHarness
{
    public static ImmutableArray<Diagnostic> Analyze(params string[] sources)
    {
        Compilation output = GeneratorHarness.Run(GeneratorHarness.Compile(sources)).Output;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SearchSpaceAnalyzer());
        ImmutableArray<Diagnostic> diagnostics = output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("AT", StringComparison.Ordinal)).ToImmutableArray();
    }
}
