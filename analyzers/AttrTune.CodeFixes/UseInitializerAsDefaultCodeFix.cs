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

/// <summary>
/// AT0030: makes the initializer the parameter's <c>Default</c> (<c>[IntRange(1, 9, Default = 3)] … = 5;</c> →
/// <c>[IntRange(1, 9, Default = 5)] … = 5;</c>), for when the initializer is the baseline that was meant.
/// </summary>
/// <remarks>The initializer's own expression is copied: it is a constant, so it is a valid attribute argument.</remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseInitializerAsDefaultCodeFix)), Shared]
public sealed class UseInitializerAsDefaultCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.InitializerDiffersFromDefault);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<PropertyDeclarationSyntax>() is not { Initializer: { } initializer } property)
            {
                continue;
            }

            AttributeArgumentSyntax? defaultArgument = property.AttributeLists
                .SelectMany(list => list.Attributes)
                .SelectMany(attribute => attribute.ArgumentList?.Arguments ?? default)
                .FirstOrDefault(argument => argument.NameEquals?.Name.Identifier.ValueText == "Default");
            if (defaultArgument is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Make the initializer {property.Identifier.ValueText}'s Default",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(
                        defaultArgument,
                        defaultArgument.WithExpression(initializer.Value.WithoutTrivia().WithTriviaFrom(defaultArgument.Expression))))),
                    nameof(UseInitializerAsDefaultCodeFix)),
                diagnostic);
        }
    }
}
