using System.Threading;
using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>Which part of a partial type generates it, for the generators keyed by a type attribute.</summary>
internal static class MarkedDeclaration
{
    /// <summary>
    /// Whether <paramref name="context"/>'s declaration holds the type's first <paramref name="marker"/> attribute. The
    /// marker on several parts of a partial type (CS0579) brings the type to the generator once per part, and a second
    /// file under the same hint name would throw: only the part with the first marker generates it.
    /// </summary>
    public static bool IsFirst(GeneratorAttributeSyntaxContext context, INamedTypeSymbol type, INamedTypeSymbol? marker, CancellationToken cancellationToken)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, marker))
            {
                SyntaxNode? declaration = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent;
                return declaration is not null
                    && declaration.SyntaxTree == context.TargetNode.SyntaxTree
                    && declaration.Span == context.TargetNode.Span;
            }
        }

        return false;
    }
}
