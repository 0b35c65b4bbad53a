using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>The runtime's metrics marker types in one compilation, looked up once per compilation.</summary>
/// <remarks>
/// Kept apart from <see cref="KnownSymbols"/>, which the search-space pipeline creates for every [SearchSpace]
/// type: a project that has no metrics type pays nothing for these lookups.
/// </remarks>
internal sealed class MetricsSymbols
{
    private static readonly ConditionalWeakTable<Compilation, MetricsSymbols> Cache = new();

    private MetricsSymbols(Compilation compilation)
    {
        Metrics = compilation.GetTypeByMetadataName(KnownTypeNames.MetricsAttribute);
        Minimize = compilation.GetTypeByMetadataName(KnownTypeNames.MinimizeAttribute);
        Maximize = compilation.GetTypeByMetadataName(KnownTypeNames.MaximizeAttribute);
        Constraint = compilation.GetTypeByMetadataName(KnownTypeNames.ConstraintAttribute);
        MetricsInterface = compilation.GetTypeByMetadataName(KnownTypeNames.MetricsInterface);
    }

    public INamedTypeSymbol? Metrics { get; }
    public INamedTypeSymbol? Minimize { get; }
    public INamedTypeSymbol? Maximize { get; }
    public INamedTypeSymbol? Constraint { get; }
    public INamedTypeSymbol? MetricsInterface { get; }

    /// <summary>Null when the runtime referenced has no metrics support (nothing to do).</summary>
    public static MetricsSymbols? TryCreate(Compilation compilation)
    {
        MetricsSymbols symbols = Cache.GetValue(compilation, static c => new MetricsSymbols(c));
        return symbols.Metrics is null || symbols.Minimize is null || symbols.Maximize is null || symbols.Constraint is null || symbols.MetricsInterface is null
            ? null
            : symbols;
    }

    public bool IsMetricsType(ITypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, Metrics))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>[Minimize], [Maximize] or [Constraint].</summary>
    public bool IsMetricAttribute(INamedTypeSymbol? attributeClass) =>
        attributeClass is not null
        && (SymbolEqualityComparer.Default.Equals(attributeClass, Minimize)
            || SymbolEqualityComparer.Default.Equals(attributeClass, Maximize)
            || SymbolEqualityComparer.Default.Equals(attributeClass, Constraint));
}
