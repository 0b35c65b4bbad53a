using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>
/// AT0041: a metric with both <c>[Minimize]</c> and <c>[Maximize]</c> keeps one; both choices are offered, since only
/// the author knows which direction is meant.
/// </summary>
/// <remarks>
/// The two choices have their own equivalence keys, so Fix All applies the chosen one everywhere; each diagnostic is
/// on its own member, so the batch fixer can merge the edits.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveDirectionCodeFix)), Shared]
public sealed class RemoveDirectionCodeFix : CodeFixProvider
{
    private const string Minimize = "Minimize";
    private const string Maximize = "Maximize";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ConflictingDirections);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        SyntaxNode? member = root?.FindNode(context.Span).FirstAncestorOrSelf<SyntaxNode>(n => n is ParameterSyntax or MemberDeclarationSyntax);
        if (root is null || model is null || member is null)
        {
            return;
        }

        foreach (string direction in new[] { Minimize, Maximize })
        {
            AttributeSyntax? attribute = Find(member, direction, model, context.CancellationToken);
            if (attribute is null)
            {
                continue;
            }

            string kept = direction == Minimize ? Maximize : Minimize;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Remove [{direction}] (keep [{kept}])",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(RemoveAttributeCodeFix.Remove(root, attribute))),
                    nameof(RemoveDirectionCodeFix) + "." + direction),
                context.Diagnostics);
        }
    }

    private static AttributeSyntax? Find(SyntaxNode member, string direction, SemanticModel model, CancellationToken cancellationToken)
    {
        SyntaxList<AttributeListSyntax> lists = member switch
        {
            ParameterSyntax parameter => parameter.AttributeLists,
            MemberDeclarationSyntax declaration => declaration.AttributeLists,
            _ => default,
        };
        return lists.SelectMany(l => l.Attributes).FirstOrDefault(a =>
            model.GetSymbolInfo(a, cancellationToken).Symbol?.ContainingType is { Name: var name, ContainingNamespace.Name: "AttrTune" }
            && name == direction + "Attribute");
    }
}
