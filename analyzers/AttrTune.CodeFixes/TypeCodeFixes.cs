using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>AT0014: adds <c>partial</c> to the search space type and to every containing type that lacks it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddPartialCodeFix)), Shared]
public sealed class AddPartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
                _ => Task.FromResult(context.Document.WithSyntaxRoot(TypeEdits.MakePartial(root, type))),
                nameof(AddPartialCodeFix)),
            context.Diagnostics);
    }
}

/// <summary>
/// AT0013 and AT0017: marks the type that declares parameters with <c>[SearchSpace]</c> (and makes it partial),
/// wherever it is declared.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSearchSpaceCodeFix)), Shared]
public sealed class AddSearchSpaceCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.ParameterOutsideSearchSpace, DiagnosticIds.NestedTypeNotSearchSpace);

    /// <inheritdoc />
    public override FixAllProvider? GetFixAllProvider() => null;

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
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan);
            INamedTypeSymbol? target = diagnostic.Id == DiagnosticIds.NestedTypeNotSearchSpace
                ? (model.GetDeclaredSymbol(node.FirstAncestorOrSelf<PropertyDeclarationSyntax>()!, context.CancellationToken) as IPropertySymbol)?.Type as INamedTypeSymbol
                : model.GetDeclaredSymbol(node.FirstAncestorOrSelf<TypeDeclarationSyntax>()!, context.CancellationToken) as INamedTypeSymbol;
            SyntaxReference? declaration = target?.DeclaringSyntaxReferences.FirstOrDefault();
            Document? document = declaration is null ? null : context.Document.Project.Solution.GetDocument(declaration.SyntaxTree);
            if (target is null || declaration is null || document is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark {target.Name} with [SearchSpace]",
                    cancellationToken => MarkAsync(document, declaration, cancellationToken),
                    nameof(AddSearchSpaceCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Solution> MarkAsync(Document document, SyntaxReference declaration, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var type = (TypeDeclarationSyntax)await declaration.GetSyntaxAsync(cancellationToken).ConfigureAwait(false);
        bool imported = root is CompilationUnitSyntax unit && unit.Usings.Any(u => u.Name?.ToString() == "AttrTune")
            || type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString().StartsWith("AttrTune", System.StringComparison.Ordinal));
        var annotation = new SyntaxAnnotation();
        root = root.ReplaceNode(type, type.WithAdditionalAnnotations(annotation));
        root = TypeEdits.MakePartial(root, (TypeDeclarationSyntax)root.GetAnnotatedNodes(annotation).Single());
        var annotated = (TypeDeclarationSyntax)root.GetAnnotatedNodes(annotation).Single();

        // The attribute takes the declaration's leading trivia (comments, indentation); the declaration keeps the indentation.
        SyntaxTriviaList leading = annotated.GetLeadingTrivia();
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
        AttributeListSyntax marker = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName(imported ? "SearchSpace" : "AttrTune.SearchSpace"))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        TypeDeclarationSyntax withIndent = annotated.WithLeadingTrivia(indentation);
        TypeDeclarationSyntax marked = withIndent.WithAttributeLists(withIndent.AttributeLists.Insert(0, marker));
        return document.WithSyntaxRoot(root.ReplaceNode(annotated, marked)).Project.Solution;
    }
}

internal static class TypeEdits
{
    /// <summary>Adds <c>partial</c> to <paramref name="type"/> and to each containing type declaration that lacks it.</summary>
    public static SyntaxNode MakePartial(SyntaxNode root, TypeDeclarationSyntax type)
    {
        var chain = type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList();
        return root.ReplaceNodes(chain, (_, rewritten) => AddPartial(rewritten));
    }

    private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
    {
        if (type.Modifiers.Count == 0)
        {
            SyntaxToken keyword = type.Keyword;
            SyntaxToken partial = SyntaxFactory.Token(keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
            return type.WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList())).WithModifiers(SyntaxFactory.TokenList(partial));
        }

        return type.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space));
    }
}
