using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>The runtime's marker types in one compilation, looked up once.</summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        SearchSpace = compilation.GetTypeByMetadataName(KnownTypeNames.SearchSpaceAttribute);
        Uniform = compilation.GetTypeByMetadataName(KnownTypeNames.UniformAttribute);
        LogUniform = compilation.GetTypeByMetadataName(KnownTypeNames.LogUniformAttribute);
        IntRange = compilation.GetTypeByMetadataName(KnownTypeNames.IntRangeAttribute);
        Choice = compilation.GetTypeByMetadataName(KnownTypeNames.ChoiceAttribute);
        GenericChoice = compilation.GetTypeByMetadataName(KnownTypeNames.GenericChoiceAttribute);
        ActiveWhen = compilation.GetTypeByMetadataName(KnownTypeNames.ActiveWhenAttribute);
        Mutable = compilation.GetTypeByMetadataName(KnownTypeNames.MutableAttribute);
        RepeatedBy = compilation.GetTypeByMetadataName(KnownTypeNames.RepeatedByAttribute);
        ParameterName = compilation.GetTypeByMetadataName(KnownTypeNames.ParameterNameAttribute);
        SearchSpaceInterface = compilation.GetTypeByMetadataName(KnownTypeNames.SearchSpaceInterface);
    }

    public INamedTypeSymbol? SearchSpace { get; }
    public INamedTypeSymbol? Uniform { get; }
    public INamedTypeSymbol? LogUniform { get; }
    public INamedTypeSymbol? IntRange { get; }
    public INamedTypeSymbol? Choice { get; }
    public INamedTypeSymbol? GenericChoice { get; }
    public INamedTypeSymbol? ActiveWhen { get; }
    public INamedTypeSymbol? Mutable { get; }
    public INamedTypeSymbol? RepeatedBy { get; }
    public INamedTypeSymbol? ParameterName { get; }
    public INamedTypeSymbol? SearchSpaceInterface { get; }

    // The generator's transform runs once per [SearchSpace] type, and nine metadata-name lookups per type were a
    // quarter of a 200-type build's generator time; the symbols belong to the compilation, so they are looked up
    // once per compilation. The table holds compilations weakly: a compilation the IDE drops takes its entry along.
    private static readonly ConditionalWeakTable<Compilation, KnownSymbols> Cache = new();

    /// <summary>Null when the runtime is not referenced (nothing to do).</summary>
    public static KnownSymbols? TryCreate(Compilation compilation)
    {
        KnownSymbols symbols = Cache.GetValue(compilation, static c => new KnownSymbols(c));
        return symbols.SearchSpace is null || symbols.SearchSpaceInterface is null ? null : symbols;
    }

    public bool IsSearchSpaceType(ITypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, SearchSpace))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsDistributionAttribute(INamedTypeSymbol? attributeClass) =>
        attributeClass is not null
        && (SymbolEqualityComparer.Default.Equals(attributeClass, Uniform)
            || SymbolEqualityComparer.Default.Equals(attributeClass, LogUniform)
            || SymbolEqualityComparer.Default.Equals(attributeClass, IntRange)
            || SymbolEqualityComparer.Default.Equals(attributeClass, Choice)
            || SymbolEqualityComparer.Default.Equals(attributeClass.OriginalDefinition, GenericChoice));
}
