using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Reports invalid search spaces as diagnostics. It runs the generator's own parser with a sink, so what the
/// analyzer accepts is exactly what the generator generates; it adds the checks that span types (parameter
/// attributes outside a search space, nested types not marked) and grid-search calls.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SearchSpaceAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Grids larger than this draw an advice when grid search is used on them.</summary>
    public const long LargeGridThreshold = 100_000;

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.ReversedRange,
        DiagnosticDescriptors.NonPositiveLogRange,
        DiagnosticDescriptors.InvalidStep,
        DiagnosticDescriptors.StepDoesNotDivideRange,
        DiagnosticDescriptors.BoundsOutsideType,
        DiagnosticDescriptors.DistributionTypeMismatch,
        DiagnosticDescriptors.EmptyChoices,
        DiagnosticDescriptors.DuplicateChoice,
        DiagnosticDescriptors.NullChoiceOnNonNullable,
        DiagnosticDescriptors.ChoiceTypeMismatch,
        DiagnosticDescriptors.InvalidDefault,
        DiagnosticDescriptors.MultipleDistributions,
        DiagnosticDescriptors.ParameterOutsideSearchSpace,
        DiagnosticDescriptors.NotPartial,
        DiagnosticDescriptors.InvalidSearchSpaceType,
        DiagnosticDescriptors.InvalidTunedProperty,
        DiagnosticDescriptors.NestedTypeNotSearchSpace,
        DiagnosticDescriptors.NestedSpaceCycle,
        DiagnosticDescriptors.UnknownConditionParameter,
        DiagnosticDescriptors.ConditionParameterNotCategorical,
        DiagnosticDescriptors.ConditionValueNotAChoice,
        DiagnosticDescriptors.ConditionCycle,
        DiagnosticDescriptors.ConsiderLogUniform,
        DiagnosticDescriptors.LargeGrid,
        DiagnosticDescriptors.GridWithoutPoints,
        DiagnosticDescriptors.InvalidNestedSpace,
        DiagnosticDescriptors.ConditionOnUntunedProperty,
        DiagnosticDescriptors.MutableNotTuned);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Marker types once per compilation; nothing to do in projects that do not reference AttrTune.
            KnownSymbols? known = KnownSymbols.TryCreate(start.Compilation);
            if (known is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => AnalyzeType(symbolContext, known), SymbolKind.NamedType);
            start.RegisterOperationAction(operationContext => AnalyzeGridCall(operationContext, known), OperationKind.Invocation);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (known.IsSearchSpaceType(type))
        {
            var parser = new SearchSpaceParser(known, (descriptor, location, messageArgs) => context.ReportDiagnostic(Diagnostic.Create(descriptor, location, messageArgs)), context.CancellationToken);
            parser.Parse(type);
            ReportUnmarkedNestedTypes(context, known, type);
            return;
        }

        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            foreach (AttributeData attribute in property.GetAttributes())
            {
                if (known.IsDistributionAttribute(attribute.AttributeClass)
                    || SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.ActiveWhen)
                    || SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.Mutable))
                {
                    Location? location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation();
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.ParameterOutsideSearchSpace,
                        location,
                        type.Name,
                        property.Name,
                        attribute.AttributeClass!.Name.Replace("Attribute", string.Empty)));
                }
            }
        }
    }

    // A property whose type declares parameters but lacks [SearchSpace] is almost certainly a nested space
    // the user forgot to mark: without the marker it is silently not tuned.
    private static void ReportUnmarkedNestedTypes(SymbolAnalysisContext context, KnownSymbols known, INamedTypeSymbol type)
    {
        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            if (property.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } propertyType
                || known.IsSearchSpaceType(propertyType)
                || property.GetAttributes().Any(a => known.IsDistributionAttribute(a.AttributeClass)))
            {
                continue;
            }

            bool declaresParameters = propertyType.GetMembers().OfType<IPropertySymbol>()
                .Any(p => p.GetAttributes().Any(a => known.IsDistributionAttribute(a.AttributeClass)));
            if (declaresParameters)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    DiagnosticDescriptors.NestedTypeNotSearchSpace,
                    property.Locations.FirstOrDefault(l => l.IsInSource),
                    property.Name,
                    propertyType.Name));
            }
        }
    }

    // T.EnumerateGrid(...) or T.Descriptor.CreateGrid(...): the grid's size is known at build time.
    private static void AnalyzeGridCall(OperationAnalysisContext context, KnownSymbols known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol? spaceType = method.Name switch
        {
            "EnumerateGrid" when method.IsStatic && known.IsSearchSpaceType(method.ContainingType) => method.ContainingType,
            "CreateGrid" when invocation.Instance is IPropertyReferenceOperation { Property.Name: "Descriptor", Property.IsStatic: true } descriptor
                && known.IsSearchSpaceType(descriptor.Property.ContainingType) => descriptor.Property.ContainingType,
            _ => null,
        };
        if (spaceType is null)
        {
            return;
        }

        SearchSpaceSpec? spec = new SearchSpaceParser(known, sink: null, context.CancellationToken).Parse(spaceType);
        if (spec is null)
        {
            return;
        }

        if (ContinuousPointsArgument(invocation) is not { } continuousPoints)
        {
            // Options computed at run time: nothing can be said at build time.
            return;
        }

        GridSize size = GridSizeEstimator.Estimate(spec, continuousPoints, known, spaceType, context.CancellationToken);
        if (size.ParameterWithoutPoints is { } parameter)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GridWithoutPoints,
                invocation.Syntax.GetLocation(),
                spaceType.Name,
                parameter));
        }
        else if (size.Count > LargeGridThreshold)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.LargeGrid,
                invocation.Syntax.GetLocation(),
                spaceType.Name,
                size.Count == long.MaxValue ? "more than 9.2e18" : size.Count.ToString("N0", CultureInfo.InvariantCulture),
                LargeGridThreshold.ToString("N0", CultureInfo.InvariantCulture)));
        }
    }

    // The ContinuousPoints the call uses when it is known at build time: 0 with no options, null, default or
    // GridOptions.Default; N with new GridOptions { ContinuousPoints = N }; null (unknown) for anything else.
    private static int? ContinuousPointsArgument(IInvocationOperation invocation)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                return 0;
            }

            IOperation value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            switch (value)
            {
                case ILiteralOperation or IDefaultValueOperation:
                    return 0;
                case IPropertyReferenceOperation { Property: { Name: "Default", IsStatic: true } }:
                    return 0;
                case IObjectCreationOperation creation:
                    foreach (IOperation assignment in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
                    {
                        if (assignment is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ContinuousPoints" } } points)
                        {
                            return points.Value.ConstantValue is { HasValue: true, Value: int n } ? n : null;
                        }
                    }

                    return 0;
                default:
                    return null;
            }
        }

        return 0;
    }
}
