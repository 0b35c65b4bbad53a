using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// The Roslyn test framework set up for AttrTune: the generator runs first (the analyzer and the fixed code see
/// its output, as in the IDE), sources compile against the running runtime's assemblies plus AttrTune, and compiler
/// warnings count as unexpected diagnostics, so fixed code must compile clean.
/// </summary>
internal static class RoslynTesting
{
    /// <summary>
    /// No reference package: the framework's default (.NET 8 reference assemblies) is downloaded from a package feed
    /// on first use, which offline machines cannot do. The trusted platform assemblies of the test host (the same set
    /// <see cref="GeneratorHarness"/> compiles against) are added as plain references instead.
    /// </summary>
    public static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.AdditionalReferences.AddRange(GeneratorHarness.References.Value);
        test.CompilerDiagnostics = CompilerDiagnostics.Warnings;

        // Parse, not the framework's Diagnose: test sources carry no XML docs, and CS1591 would drown the rest.
        test.TestState.DocumentationMode = DocumentationMode.Parse;

        // The generated files are pinned by the golden-file tests; here they only have to compile.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;

        // Roslyn shows a message format unformatted when its arguments do not fit it, instead of failing: catch that.
        test.DiagnosticVerifier = (actual, _, verifier) =>
            verifier.False(UnfilledPlaceholder.IsMatch(actual.GetMessage(CultureInfo.InvariantCulture)), $"{actual.Id} has unfilled placeholders: {actual.GetMessage(CultureInfo.InvariantCulture)}");
    }

    private static readonly Regex UnfilledPlaceholder = new(@"\{\d+\}", RegexOptions.CultureInvariant);

    public static CompilationOptions CompilationOptions(CompilationOptions options) =>
        ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable);
}

/// <summary>Analyzer test: the markup in <c>TestCode</c> gives every expected diagnostic's ID and span.</summary>
internal sealed class AttrTuneAnalyzerTest : CSharpAnalyzerTest<SearchSpaceAnalyzer, DefaultVerifier>
{
    public AttrTuneAnalyzerTest() => RoslynTesting.Configure(this);

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(SearchSpaceGenerator) };

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() => RoslynTesting.CompilationOptions(base.CreateCompilationOptions());
}

/// <summary>
/// Code-fix test: the framework applies the fix one diagnostic at a time and as Fix All in document, project and
/// solution, and each must reach <c>FixedCode</c> (or <c>BatchFixedCode</c> when Fix All ends elsewhere).
/// </summary>
internal sealed class AttrTuneCodeFixTest<TCodeFix> : CSharpCodeFixTest<SearchSpaceAnalyzer, TCodeFix, DefaultVerifier>
    where TCodeFix : CodeFixProvider, new()
{
    public AttrTuneCodeFixTest() => RoslynTesting.Configure(this);

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(SearchSpaceGenerator) };

    protected override ParseOptions CreateParseOptions() => GeneratorHarness.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() => RoslynTesting.CompilationOptions(base.CreateCompilationOptions());
}
