using System.Text;
using System.Threading;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Implements <c>IMetrics&lt;T&gt;</c> for every <c>[Metrics]</c> type: a cached descriptor, <c>WriteValues</c> and
/// <c>FromValues</c>, without reflection. Invalid types are skipped; <see cref="MetricsAnalyzer"/> reports why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MetricsGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for incremental-caching tests.</summary>
    public static class TrackingNames
    {
        public const string Specs = "AttrTune.MetricsSpecs";
        public const string ValidSpecs = "AttrTune.ValidMetricsSpecs";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Every [Metrics] class or record, read into an equatable model (null when it cannot be generated).
        IncrementalValuesProvider<MetricsSpec?> specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.MetricsAttribute,
                predicate: static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                transform: static (context, cancellationToken) =>
                {
                    MetricsSymbols? known = MetricsSymbols.TryCreate(context.SemanticModel.Compilation);
                    return known is null || context.TargetSymbol is not INamedTypeSymbol type || !MarkedDeclaration.IsFirst(context, type, known.Metrics, cancellationToken)
                        ? null
                        : new MetricsParser(known, sink: null, cancellationToken).Parse(type);
                })
            .WithTrackingName(TrackingNames.Specs);

        // 2. Drop what the parser skipped; the analyzer explains it to the user.
        IncrementalValuesProvider<MetricsSpec> validSpecs = specs
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidSpecs);

        // 3. One file per type.
        context.RegisterSourceOutput(validSpecs, static (output, spec) =>
            output.AddSource(spec.HintName, SourceText.From(MetricsEmitter.Emit(spec), Encoding.UTF8)));
    }
}
