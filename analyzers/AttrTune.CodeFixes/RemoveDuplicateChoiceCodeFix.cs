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

/// <summary>AT0008: removes the repeated choice.</summary>
/// <remarks>
/// Every repeat in a list is reported, so a Fix All often removes several arguments of one attribute. Removing them
/// one by one and merging the text changes could drop or double the commas between neighbours; instead all the
/// arguments of a document are removed in a single syntax edit, which keeps the separators right.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDuplicateChoiceCodeFix)), Shared]
public sealed class RemoveDuplicateChoiceCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.DuplicateChoice);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (fixAllContext, document, diagnostics) =>
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            return root is null ? document : document.WithSyntaxRoot(RemoveArguments(root, diagnostics.Select(d => FindArgument(root, d.Location.SourceSpan))));
        });

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || FindArgument(root, context.Span) is not { } argument)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Remove the duplicate choice",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(RemoveArguments(root, new[] { argument }))),
                nameof(RemoveDuplicateChoiceCodeFix)),
            context.Diagnostics);
    }

    private static AttributeArgumentSyntax? FindArgument(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span) =>
        root.FindNode(span).FirstAncestorOrSelf<AttributeArgumentSyntax>();

    private static SyntaxNode RemoveArguments(SyntaxNode root, IEnumerable<AttributeArgumentSyntax?> arguments) =>
        root.RemoveNodes(arguments.OfType<AttributeArgumentSyntax>().Distinct(), SyntaxRemoveOptions.KeepNoTrivia) ?? root;
}
