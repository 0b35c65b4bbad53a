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

/// <summary>
/// Removes an attribute that has no effect or no meaning where it stands: <c>[ActiveWhen]</c> (AT0027) or
/// <c>[Mutable]</c> (AT0028) on a property that is not tuned, a tuning attribute beside <c>[RepeatedBy]</c> (AT0053),
/// <c>[ParameterName]</c> on a property that is not tuned (AT0056). Each of these diagnostics is reported on the
/// attribute itself, so the fix removes exactly what was flagged.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveAttributeCodeFix)), Shared]
public sealed class RemoveAttributeCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        DiagnosticIds.ConditionOnUntunedProperty,
        DiagnosticIds.MutableNotTuned,
        DiagnosticIds.RepeatedWithOtherAttribute,
        DiagnosticIds.ParameterNameNotTuned);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            AttributeSyntax? attribute = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();
            if (attribute?.Parent is not AttributeListSyntax
                || model.GetSymbolInfo(attribute, context.CancellationToken).Symbol?.ContainingType is not { ContainingNamespace.Name: "AttrTune" } type)
            {
                continue;
            }

            string shown = "[" + (type.Name.EndsWith("Attribute", System.StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Attribute".Length) : type.Name) + "]";
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Remove {shown}",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(Remove(root, attribute))),
                    nameof(RemoveAttributeCodeFix) + "." + diagnostic.Id),
                diagnostic);
        }
    }

    // The attribute alone when its list holds others, else the whole list. A list on a line of its own takes its line
    // along, and what led it (indentation, a doc comment) passes to the token after it; a list inline keeps what
    // precedes it and loses the space after it.
    internal static SyntaxNode Remove(SyntaxNode root, AttributeSyntax attribute)
    {
        var list = (AttributeListSyntax)attribute.Parent!;
        if (list.Attributes.Count > 1)
        {
            return root.RemoveNode(attribute, SyntaxRemoveOptions.KeepNoTrivia)!;
        }

        if (!list.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            return root.RemoveNode(list, SyntaxRemoveOptions.KeepLeadingTrivia)!;
        }

        SyntaxToken next = list.GetLastToken().GetNextToken();
        SyntaxNode moved = root.ReplaceToken(next, next.WithLeadingTrivia(list.GetLeadingTrivia()));
        AttributeListSyntax same = moved.DescendantNodes(list.FullSpan).OfType<AttributeListSyntax>().First(l => l.Span == list.Span);
        return moved.RemoveNode(same, SyntaxRemoveOptions.KeepNoTrivia)!;
    }
}
