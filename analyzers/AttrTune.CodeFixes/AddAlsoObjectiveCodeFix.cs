using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>AT0043: says that a constraint on an objective is meant, <c>[Constraint(Max = 5)]</c> → <c>[Constraint(Max = 5, AlsoObjective = true)]</c>.</summary>
/// <remarks>Each diagnostic is on its own attribute, so the batch fixer can merge the edits of a Fix All.</remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddAlsoObjectiveCodeFix)), Shared]
public sealed class AddAlsoObjectiveCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ConstraintOnObjective);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>() is not { } attribute)
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create(
                "Keep both: set AlsoObjective = true",
                _ =>
                {
                    AttributeArgumentSyntax also = SyntaxFactory.AttributeArgument(
                        SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("AlsoObjective")),
                        nameColon: null,
                        SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
                    AttributeArgumentListSyntax list = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
                    AttributeSyntax fixedAttribute = attribute.WithArgumentList(list.AddArguments(also.NormalizeWhitespace()));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, fixedAttribute)));
                },
                nameof(AddAlsoObjectiveCodeFix)),
            context.Diagnostics);
    }
}
