using System.Collections.Immutable;
using System.Threading;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using System.Text;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Implements <c>ISearchSpace&lt;T&gt;</c> for every <c>[SearchSpace]</c> type: descriptor, typed sampling,
/// conversions to and from internal values and the unit cube, grid enumeration. Invalid types are skipped; the
/// analyzers report why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class SearchSpaceGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        public const string Specs = "AttrTune.Specs";
        public const string ValidSpecs = "AttrTune.ValidSpecs";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Every [SearchSpace] class or record, read into an equatable model (null when it cannot be generated).
        IncrementalValuesProvider<SearchSpaceSpec?> specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.SearchSpaceAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, cancellationToken) =>
                {
                    KnownSymbols? known = KnownSymbols.TryCreate(context.SemanticModel.Compilation);
                    return known is null || context.TargetSymbol is not INamedTypeSymbol type || !MarkedDeclaration.IsFirst(context, type, known.SearchSpace, cancellationToken)
                        ? null
                        : new SearchSpaceParser(known, sink: null, cancellationToken).Parse(type);
                })
            .WithTrackingName(TrackingNames.Specs);

        // 2. Drop what the parser skipped; the analyzers explain it to the user.
        IncrementalValuesProvider<SearchSpaceSpec> validSpecs = specs
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidSpecs);

        // 3. One file per type.
        context.RegisterSourceOutput(validSpecs, static (output, spec) =>
            output.AddSource(spec.HintName, SourceText.From(Emitter.Emit(spec), Encoding.UTF8)));
    }
}
