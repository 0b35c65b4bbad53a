using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.CodeFixes;

/// <summary>Syntax edits that more than one code fix makes.</summary>
internal static class TypeEdits
{
    /// <summary>Adds <c>partial</c> to each of <paramref name="types"/> and to each containing type declaration that lacks it.</summary>
    public static SyntaxNode MakePartial(SyntaxNode root, IEnumerable<TypeDeclarationSyntax> types)
    {
        // One edit over the union: two types in the same container would otherwise both rewrite it.
        var chain = types
            .SelectMany(type => type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>())
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword))
            .Distinct()
            .ToList();
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
