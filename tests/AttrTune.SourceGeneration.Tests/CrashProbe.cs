using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Runs the generator and then the analyzer on one source, as the IDE does on every keystroke, and says whether
/// either threw. What they report is not judged here: broken code may deserve any diagnostic, never a crash.
/// </summary>
internal static class CrashProbe
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SearchSpaceAnalyzer());

    /// <summary>Null when nothing threw; otherwise which component threw and the exception.</summary>
    public static string? Run(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(source);

        // Without step tracking, which the incremental tests need and this does not.
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new SearchSpaceGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        // CS8784: the generator failed to initialize; CS8785: it threw while generating.
        if (result.Exception is not null || driverDiagnostics.Any(d => d.Id is "CS8784" or "CS8785"))
        {
            return "generator threw (CS8785): " + (result.Exception?.ToString() ?? string.Join("\n", driverDiagnostics.Select(d => d.ToString())));
        }

        var exceptions = new ConcurrentQueue<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception),
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        ImmutableArray<Diagnostic> diagnostics = new CompilationWithAnalyzers(output, Analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();

        // AD0001: an analyzer threw. The callback has the stack trace; the diagnostic only a summary.
        if (!exceptions.IsEmpty || diagnostics.Any(d => d.Id == "AD0001"))
        {
            return "analyzer threw (AD0001): " + (exceptions.TryPeek(out Exception? exception)
                ? exception.ToString()
                : string.Join("\n", diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
        }

        return null;
    }
}
