using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Reports invalid [Metrics] types. It runs the generator's own parser with a sink, so what it accepts is exactly
/// what the generator generates, and adds the check that spans types: metric attributes outside a [Metrics] type.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetricsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        MetricsDiagnosticDescriptors.MetricsWithoutObjective,
        MetricsDiagnosticDescriptors.ConflictingDirections,
        MetricsDiagnosticDescriptors.NonNumericMetric,
        MetricsDiagnosticDescriptors.ConstraintOnObjective,
        MetricsDiagnosticDescriptors.InvalidConstraintBounds,
        MetricsDiagnosticDescriptors.MetricsNotPartial,
        MetricsDiagnosticDescriptors.MetricOutsideMetricsType,
        MetricsDiagnosticDescriptors.InvalidMetricProperty,
        MetricsDiagnosticDescriptors.InvalidMetricsType);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            MetricsSymbols? known = MetricsSymbols.TryCreate(start.Compilation);
            if (known is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, known), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, MetricsSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (known.IsMetricsType(type))
        {
            new MetricsParser(known, (descriptor, location, messageArgs) => context.ReportDiagnostic(Diagnostic.Create(descriptor, location, messageArgs)), context.CancellationToken)
                .Parse(type);
            return;
        }

        foreach ((string member, AttributeData attribute) in MetricAttributes(type, known, context))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                MetricsDiagnosticDescriptors.MetricOutsideMetricsType,
                attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation(),
                type.Name,
                member,
                attribute.AttributeClass!.Name.Replace("Attribute", string.Empty)));
        }
    }

    // The metric attributes on the type's properties, and on the parameters of a record's primary constructor
    // (where [Minimize] without "property:" lands).
    private static IEnumerable<(string Member, AttributeData Attribute)> MetricAttributes(INamedTypeSymbol type, MetricsSymbols known, SymbolAnalysisContext context)
    {
        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            foreach (AttributeData attribute in property.GetAttributes())
            {
                if (known.IsMetricAttribute(attribute.AttributeClass))
                {
                    yield return (property.Name, attribute);
                }
            }
        }

        if (!type.IsRecord)
        {
            yield break;
        }

        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            if (!constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(context.CancellationToken) is RecordDeclarationSyntax { ParameterList: not null }))
            {
                continue;
            }

            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                foreach (AttributeData attribute in parameter.GetAttributes())
                {
                    if (known.IsMetricAttribute(attribute.AttributeClass))
                    {
                        yield return (parameter.Name, attribute);
                    }
                }
            }
        }
    }
}
