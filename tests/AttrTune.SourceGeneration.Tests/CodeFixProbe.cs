using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Offers every code fix for every diagnostic the analyzer reports on a source, one by one and as Fix All in the
/// document, and computes each fix's edit, as the IDE does when the light bulb opens: an exception is a fix that
/// throws in the user's face.
/// </summary>
internal static class CodeFixProbe
{
    private static readonly CodeFixProvider[] Fixes = typeof(SwapBoundsCodeFix).Assembly.GetTypes()
        .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToArray();

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SearchSpaceAnalyzer());

    /// <summary>The number of fixes computed, and what threw (null when nothing did).</summary>
    public static async Task<(int Fixes, string? Crash)> RunAsync(string source)
    {
        using var workspace = new AdhocWorkspace();
        Project project = workspace.CurrentSolution
            .AddProject("Fuzz", "Fuzz", LanguageNames.CSharp)
            .WithParseOptions(GeneratorHarness.ParseOptions)
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithMetadataReferences(GeneratorHarness.References.Value);
        Document document = project.AddDocument("Source0.cs", SourceText.From(source));
        project = document.Project;

        // The analyzer sees the generator's output, as in the IDE; the diagnostics stay in the document's own tree.
        Compilation compilation = (await project.GetCompilationAsync())!;
        CSharpGeneratorDriver.Create(new[] { new SearchSpaceGenerator().AsSourceGenerator() }, parseOptions: GeneratorHarness.ParseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        SyntaxTree tree = (await document.GetSyntaxTreeAsync())!;
        ImmutableArray<Diagnostic> diagnostics = (await output.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Location.SourceTree == tree)
            .ToImmutableArray();

        int computed = 0;
        foreach (CodeFixProvider fix in Fixes)
        {
            ImmutableArray<Diagnostic> fixable = diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
            foreach (Diagnostic diagnostic in fixable)
            {
                var actions = new List<CodeAction>();
                try
                {
                    await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                    foreach (CodeAction action in actions)
                    {
                        await action.GetOperationsAsync(CancellationToken.None);
                        computed++;
                    }

                    if (actions.Count > 0 && fix.GetFixAllProvider() is { } fixAll)
                    {
                        var context = new FixAllContext(document, fix, FixAllScope.Document, actions[0].EquivalenceKey, fix.FixableDiagnosticIds, new Provider(fixable), CancellationToken.None);
                        if (await fixAll.GetFixAsync(context) is { } all)
                        {
                            await all.GetOperationsAsync(CancellationToken.None);
                            computed++;
                        }
                    }
                }
                catch (Exception exception)
                {
                    return (computed, $"{fix.GetType().Name} threw on {diagnostic}: {exception}");
                }
            }
        }

        return (computed, null);
    }

    private sealed class Provider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public Provider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(ImmutableArray<Diagnostic>.Empty);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
