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

/// <summary>AT0023: <c>[Uniform(1e-5, 1)]</c> → <c>[LogUniform(1e-5, 1)]</c>.</summary>
/// <remarks>Each diagnostic renames its own attribute, so the batch fixer can merge the edits of a Fix All.</remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseLogUniformCodeFix)), Shared]
public sealed class UseLogUniformCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ConsiderLogUniform);

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
                "Use [LogUniform]",
                _ =>
                {
                    NameSyntax renamed = attribute.Name switch
                    {
                        QualifiedNameSyntax qualified => qualified.WithRight(SyntaxFactory.IdentifierName(Rename(qualified.Right.Identifier.Text))),
                        _ => SyntaxFactory.IdentifierName(Rename(attribute.Name.ToString())),
                    };
                    AttributeSyntax updated = attribute.WithName(renamed.WithTriviaFrom(attribute.Name));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, updated)));
                },
                nameof(UseLogUniformCodeFix)),
            context.Diagnostics);
    }

    private static string Rename(string name) => name.EndsWith("Attribute", System.StringComparison.Ordinal) ? "LogUniformAttribute" : "LogUniform";
}
