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

/// <summary>AT0016: gives a get-only auto-property a setter (<c>init</c> in records, <c>set</c> elsewhere).</summary>
/// <remarks>Each diagnostic edits its own property, so the batch fixer can merge the edits of a Fix All.</remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSetterCodeFix)), Shared]
public sealed class AddSetterCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InvalidTunedProperty);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { AccessorList: { } accessors } property
            || accessors.Accessors.Any(a => a.IsKind(SyntaxKind.SetAccessorDeclaration) || a.IsKind(SyntaxKind.InitAccessorDeclaration))
            || property.Modifiers.Any(SyntaxKind.StaticKeyword)
            || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
        {
            return;
        }

        bool inRecord = property.Parent is RecordDeclarationSyntax;
        SyntaxKind kind = inRecord ? SyntaxKind.InitAccessorDeclaration : SyntaxKind.SetAccessorDeclaration;
        context.RegisterCodeFix(
            CodeAction.Create(
                inRecord ? "Add an init accessor" : "Add a setter",
                _ =>
                {
                    AccessorDeclarationSyntax setter = SyntaxFactory.AccessorDeclaration(kind).WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken));
                    PropertyDeclarationSyntax updated = property.WithAccessorList(accessors.AddAccessors(setter));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(property, updated)));
                },
                nameof(AddSetterCodeFix)),
            context.Diagnostics);
    }
}
