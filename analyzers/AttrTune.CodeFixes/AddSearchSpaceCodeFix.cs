using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>
/// AT0013 and AT0017: marks the type that declares parameters with <c>[SearchSpace]</c> (and makes it partial),
/// wherever it is declared.
/// </summary>
/// <remarks>
/// Several diagnostics usually lead to one type (one AT0013 per parameter attribute, plus an AT0017 on each property
/// of that type), and the type may be declared in another document than the diagnostic, so Fix All resolves every
/// diagnostic to its type first and marks each type once.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddSearchSpaceCodeFix)), Shared]
public sealed class AddSearchSpaceCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.ParameterOutsideSearchSpace, DiagnosticIds.NestedTypeNotSearchSpace);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => MarkAllFixAllProvider.Instance;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (await FindTargetAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false) is not { } target)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark {target.Name} with [SearchSpace]",
                    cancellationToken => MarkAsync(context.Document.Project.Solution, new[] { target.Declaration }, cancellationToken),
                    nameof(AddSearchSpaceCodeFix)),
                diagnostic);
        }
    }

    // The type to mark: the property's type for AT0017, the type holding the attribute for AT0013.
    private static async Task<(string Name, SyntaxReference Declaration)?> FindTargetAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan);
        INamedTypeSymbol? target = diagnostic.Id == DiagnosticIds.NestedTypeNotSearchSpace
            ? node.FirstAncestorOrSelf<PropertyDeclarationSyntax>() is { } property
                ? (model.GetDeclaredSymbol(property, cancellationToken) as IPropertySymbol)?.Type as INamedTypeSymbol
                : null
            : node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type
                ? model.GetDeclaredSymbol(type, cancellationToken)
                : null;
        SyntaxReference? declaration = target?.DeclaringSyntaxReferences.FirstOrDefault();
        return target is null || declaration is null || document.Project.Solution.GetDocument(declaration.SyntaxTree) is null
            ? null
            : (target.Name, declaration);
    }

    // Marks every declaration, editing each document once however many of the types it holds.
    private static async Task<Solution> MarkAsync(Solution solution, IEnumerable<SyntaxReference> declarations, CancellationToken cancellationToken)
    {
        // Documents are looked up in the solution as given: once one is edited, the trees of the references no
        // longer belong to the solution being built.
        var edits = new List<(DocumentId Document, SyntaxNode Root)>();
        foreach (IGrouping<SyntaxTree, SyntaxReference> inTree in declarations.GroupBy(d => d.SyntaxTree))
        {
            if (solution.GetDocumentId(inTree.Key) is not { } documentId)
            {
                continue;
            }

            SyntaxNode root = await inTree.Key.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var types = inTree
                .Select(d => d.GetSyntax(cancellationToken))
                .OfType<TypeDeclarationSyntax>()
                .Distinct()
                .ToList();
            edits.Add((documentId, Mark(root, types)));
        }

        foreach ((DocumentId documentId, SyntaxNode root) in edits)
        {
            solution = solution.WithDocumentSyntaxRoot(documentId, root);
        }

        return solution;
    }

    private static SyntaxNode Mark(SyntaxNode root, IReadOnlyList<TypeDeclarationSyntax> types)
    {
        // Each edit rewrites the types around it (they become partial too), so the targets are tracked by annotation
        // rather than by node identity.
        var annotations = types.ToDictionary(t => t, _ => new SyntaxAnnotation());
        root = root.ReplaceNodes(types, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original]));
        foreach (SyntaxAnnotation annotation in annotations.Values)
        {
            root = TypeEdits.MakePartial(root, new[] { Find(root, annotation) });
            TypeDeclarationSyntax annotated = Find(root, annotation);
            root = root.ReplaceNode(annotated, AddMarker(root, annotated));
        }

        return root;
    }

    private static TypeDeclarationSyntax Find(SyntaxNode root, SyntaxAnnotation annotation) =>
        (TypeDeclarationSyntax)root.GetAnnotatedNodes(annotation).Single();

    private static TypeDeclarationSyntax AddMarker(SyntaxNode root, TypeDeclarationSyntax type)
    {
        bool imported = root is CompilationUnitSyntax unit && unit.Usings.Any(u => u.Name?.ToString() == "AttrTune")
            || type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Any(n => n.Name.ToString().StartsWith("AttrTune", System.StringComparison.Ordinal));

        // The attribute takes the declaration's leading trivia (comments, indentation); the declaration keeps the indentation.
        SyntaxTriviaList leading = type.GetLeadingTrivia();
        SyntaxTriviaList indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading.Last())
            : SyntaxFactory.TriviaList();
        AttributeListSyntax marker = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(SyntaxFactory.ParseName(imported ? "SearchSpace" : "AttrTune.SearchSpace"))))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
        TypeDeclarationSyntax withIndent = type.WithLeadingTrivia(indentation);
        return withIndent.WithAttributeLists(withIndent.AttributeLists.Insert(0, marker));
    }

    private sealed class MarkAllFixAllProvider : FixAllProvider
    {
        public static readonly MarkAllFixAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext) =>
            Task.FromResult<CodeAction?>(CodeAction.Create(
                "Mark every type that declares parameters with [SearchSpace]",
                cancellationToken => FixAllAsync(fixAllContext.WithCancellationToken(cancellationToken)),
                fixAllContext.CodeActionEquivalenceKey));

        private static async Task<Solution> FixAllAsync(FixAllContext context)
        {
            IEnumerable<Document> documents = context.Scope switch
            {
                FixAllScope.Document when context.Document is not null => new[] { context.Document },
                FixAllScope.Project => context.Project.Documents,
                FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents),
                _ => Enumerable.Empty<Document>(),
            };

            // A type is marked once however many diagnostics lead to it; a reference's tree and span identify it.
            var targets = new Dictionary<(SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan), SyntaxReference>();
            foreach (Document document in documents)
            {
                foreach (Diagnostic diagnostic in await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    if (await FindTargetAsync(document, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } target)
                    {
                        targets[(target.Declaration.SyntaxTree, target.Declaration.Span)] = target.Declaration;
                    }
                }
            }

            return await MarkAsync(context.Solution, targets.Values, context.CancellationToken).ConfigureAwait(false);
        }
    }
}
