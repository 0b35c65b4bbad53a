using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>
/// AT0014 and AT0045: adds <c>partial</c> to the search space or metrics type and to every containing type that lacks it.
/// </summary>
/// <remarks>
/// Types nested in the same container each ask for that container to become partial, so the edits of a Fix All
/// overlap; they are made in one pass per document over the union of the types involved.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NotPartial, DiagnosticIds.MetricsNotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (fixAllContext, document, diagnostics) =>
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            IEnumerable<TypeDeclarationSyntax> types = diagnostics
                .Select(d => root.FindNode(d.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>())
                .OfType<TypeDeclarationSyntax>();
            return document.WithSyntaxRoot(TypeEdits.MakePartial(root, types));
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
                "Make the type partial",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(TypeEdits.MakePartial(root, new[] { type }))),
                nameof(AddPartialCodeFix)),
            context.Diagnostics);
    }
}
