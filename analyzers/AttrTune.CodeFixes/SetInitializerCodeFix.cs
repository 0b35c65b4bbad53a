using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace AttrTune.CodeFixes;

/// <summary>
/// AT0029, AT0030: sets the property's initializer to its <c>Default</c> (<c>{ get; init; }</c> →
/// <c>{ get; init; } = 1e-3;</c>), or, without one, to the first of its values (the low bound, or the first choice).
/// </summary>
/// <remarks>
/// The value is C# text the analyzer computed from the attribute (in the property's type: <c>0.001f</c> on a float),
/// passed in the diagnostic's properties. Each diagnostic is on its own property, so the batch fixer merges a Fix All.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetInitializerCodeFix)), Shared]
public sealed class SetInitializerCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InitialValueOutsideSpace, DiagnosticIds.InitializerDiffersFromDefault);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { AccessorList: { } } property
                || !diagnostic.Properties.TryGetValue(FixProperties.Initializer, out string? text) || text is null)
            {
                continue;
            }

            bool fromDefault = diagnostic.Properties.TryGetValue(FixProperties.InitializerSource, out string? source) && source == "Default";
            string title = fromDefault ? $"Initialize {property.Identifier.ValueText} to its Default" : $"Initialize {property.Identifier.ValueText} to its first value";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(property, WithInitializer(property, text)))),
                    // One key for both titles: Fix All initializes every parameter, from Default or not, in one pass.
                    nameof(SetInitializerCodeFix)),
                diagnostic);
        }
    }

    private static PropertyDeclarationSyntax WithInitializer(PropertyDeclarationSyntax property, string text)
    {
        // Enum members come fully qualified; the simplifier shortens them to what the file's usings allow.
        ExpressionSyntax value = SyntaxFactory.ParseExpression(text).WithAdditionalAnnotations(Simplifier.Annotation);
        if (property.Initializer is { } initializer)
        {
            return property.WithInitializer(initializer.WithValue(value.WithTriviaFrom(initializer.Value)));
        }

        // { get; set; } → { get; set; } = value; with the trivia that followed the accessors now after the semicolon.
        SyntaxTriviaList trailing = property.AccessorList!.GetTrailingTrivia();
        return property
            .WithAccessorList(property.AccessorList.WithTrailingTrivia(SyntaxFactory.Space))
            .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithTrailingTrivia(SyntaxFactory.Space), value))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
    }
}
