using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>AT0046: marks the type that holds <c>[Minimize]</c>, <c>[Maximize]</c> or <c>[Constraint]</c> with <c>[Metrics]</c> (and makes it partial).</summary>
/// <remarks>
/// Every metric attribute of an unmarked type reports, so several diagnostics lead to one type: Fix All marks each
/// type of a document once. The diagnostic is always inside the type it is about, so no other document is edited.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMetricsCodeFix)), Shared]
public sealed class AddMetricsCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MetricOutsideMetricsType);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (fixAllContext, document, diagnostics) =>
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var types = diagnostics
                .Select(d => root.FindNode(d.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>())
                .OfType<TypeDeclarationSyntax>()
                .Distinct()
                .ToList();
            return document.WithSyntaxRoot(Mark(root, types));
        });

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                $"Mark {type.Identifier.ValueText} with [Metrics]",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(Mark(root, new[] { type }))),
                nameof(AddMetricsCodeFix)),
            context.Diagnostics);
    }

    private static SyntaxNode Mark(SyntaxNode root, IReadOnlyList<TypeDeclarationSyntax> types)
    {
        // Making one type partial rewrites its containers, so the targets are tracked by annotation.
        var annotations = types.ToDictionary(t => t, _ => new SyntaxAnnotation());
        root = root.ReplaceNodes(types, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original]));
        foreach (SyntaxAnnotation annotation in annotations.Values)
        {
            root = TypeEdits.MakePartial(root, new[] { Find(root, annotation) });
            TypeDeclarationSyntax annotated = Find(root, annotation);
            root = root.ReplaceNode(annotated, AddMarker(root, annotated));
        }

        return root;
    }

    private static TypeDeclarationSyntax Find(SyntaxNode root, SyntaxAnnotation annotation) =>
        (TypeDeclarationSyntax)root.GetAnnotatedNodes(annotation).Single();

    private static TypeDeclarationSyntax AddMarker(SyntaxNode root, TypeDeclarationSyntax type)
    {
        bool imported = root is CompilationUnitSyntax unit && unit.Usings.Any(u => u.Name?.ToString() == "AttrTune")
            || type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString().StartsWith("AttrTune", System.StringComparison.Ordinal));

        // The attribute takes the declaration's leading trivia (comments, indentation); the declaration keeps the indentation.
        SyntaxTriviaList leading = type.GetLeadingTrivia();
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
        AttributeListSyntax marker = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName(imported ? "Metrics" : "AttrTune.Metrics"))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        TypeDeclarationSyntax withIndent = type.WithLeadingTrivia(indentation);
        return withIndent.WithAttributeLists(withIndent.AttributeLists.Insert(0, marker));
    }
}
