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

/// <summary>AT0001: swaps reversed bounds, <c>[Uniform(1, 0)]</c> → <c>[Uniform(0, 1)]</c>.</summary>
/// <remarks>Each diagnostic is on its own attribute, so the batch fixer can merge the edits of a Fix All.</remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SwapBoundsCodeFix)), Shared]
public sealed class SwapBoundsCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ReversedRange);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>() is not { ArgumentList: { } list } attribute)
        {
            return;
        }

        var positional = list.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        if (positional.Count < 2)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Swap low and high",
                _ =>
                {
                    AttributeArgumentSyntax low = positional[0];
                    AttributeArgumentSyntax high = positional[1];
                    SyntaxNode newRoot = root.ReplaceNodes(
                        new[] { low, high },
                        (original, _) => original == low ? low.WithExpression(high.Expression) : high.WithExpression(low.Expression));
                    return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
                },
                nameof(SwapBoundsCodeFix)),
            context.Diagnostics);
    }
}
