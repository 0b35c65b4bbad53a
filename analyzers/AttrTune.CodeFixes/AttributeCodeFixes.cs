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
