using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
        DiagnosticDescriptors.MutableNotTuned,
        DiagnosticDescriptors.InitialValueOutsideSpace,
        DiagnosticDescriptors.InitializerDiffersFromDefault,
        DiagnosticDescriptors.UnknownIsActiveName,
        DiagnosticDescriptors.ConditionValueNotAParentValue,
        DiagnosticDescriptors.ConditionBoundsReversed,
        DiagnosticDescriptors.ConditionRangeEmpty,
        DiagnosticDescriptors.ConditionValuesAndRange,
        DiagnosticDescriptors.ConditionRangeOnCategorical,
        DiagnosticDescriptors.ConditionOnContinuousParameter,
        DiagnosticDescriptors.RepeatedCountNotInteger,
        DiagnosticDescriptors.LargeRepeatCount,
        DiagnosticDescriptors.RepeatedElementNotSearchSpace,
        DiagnosticDescriptors.InvalidRepeatedProperty,
        DiagnosticDescriptors.RepeatedWithOtherAttribute,
        DiagnosticDescriptors.InvalidParameterName,
        DiagnosticDescriptors.DuplicateParameterName,
        DiagnosticDescriptors.ParameterNameNotTuned);

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
            start.RegisterSymbolStartAction(symbolStart => AnalyzeSearchSpace(symbolStart, known), SymbolKind.NamedType);
            start.RegisterOperationAction(operationContext => AnalyzeGridCall(operationContext, known), OperationKind.Invocation);
            start.RegisterOperationAction(operationContext => AnalyzeIsActiveCall(operationContext, known), OperationKind.Invocation);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (known.IsSearchSpaceType(type))
        {
            // AnalyzeSearchSpace's.
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

    // A [SearchSpace] type: what the parser finds, then the initial value of each valid parameter: its constant
    // initializer (seen as an operation, which gives the constant after conversion to the property type), or,
    // without one, the default of the property's type. The symbol-start context cannot report, so the parser's
    // problems are kept and reported at the symbol's end, after its initializers have been seen.
    private static void AnalyzeSearchSpace(SymbolStartAnalysisContext context, KnownSymbols known)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!known.IsSearchSpaceType(type))
        {
            return;
        }

        var problems = new List<Diagnostic>();
        var parser = new SearchSpaceParser(known, (descriptor, location, messageArgs) => problems.Add(Diagnostic.Create(descriptor, location, messageArgs)), context.CancellationToken);
        parser.Parse(type);
        var rules = parser.InitialValueRules.ToDictionary(r => r.Property, r => r, SymbolEqualityComparer.Default);
        var initialized = new ConcurrentDictionary<IPropertySymbol, bool>(SymbolEqualityComparer.Default);
        context.RegisterOperationAction(
            operationContext =>
            {
                var initializer = (IPropertyInitializerOperation)operationContext.Operation;
                foreach (IPropertySymbol property in initializer.InitializedProperties)
                {
                    if (rules.TryGetValue(property, out InitialValueRule? rule))
                    {
                        initialized[property] = true;
                        JudgeInitializer(operationContext, rule, initializer.Value, type);
                    }
                }
            },
            OperationKind.PropertyInitializer);
        context.RegisterSymbolEndAction(endContext =>
        {
            foreach (Diagnostic problem in problems)
            {
                endContext.ReportDiagnostic(problem);
            }

            ReportUnmarkedNestedTypes(endContext.ReportDiagnostic, known, type);
            foreach (InitialValueRule rule in parser.InitialValueRules)
            {
                if (!initialized.ContainsKey(rule.Property) && IsUninitializedAutoProperty(rule.Property, type, endContext.CancellationToken))
                {
                    object? value = DefaultOf(rule.Property.Type);
                    if (rule.Explain(value) is { } why)
                    {
                        endContext.ReportDiagnostic(Diagnostic.Create(
                            DiagnosticDescriptors.InitialValueOutsideSpace,
                            rule.Property.Locations.FirstOrDefault(l => l.IsInSource),
                            Fixes(rule, value),
                            rule.Property.Name,
                            rule.Display(value),
                            $"no initializer, so default({rule.Property.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)})",
                            why,
                            type.Name));
                    }
                }
            }
        });
    }

    private static void JudgeInitializer(OperationAnalysisContext context, InitialValueRule rule, IOperation value, INamedTypeSymbol type)
    {
        // An implicit conversion to a nullable type (int? Heads = 1) is not a constant of its own: its operand is.
        while (value is IConversionOperation { IsImplicit: true, ConstantValue.HasValue: false } conversion)
        {
            value = conversion.Operand;
        }

        if (!value.ConstantValue.HasValue)
        {
            // Only constants are judged: a computed initializer's value is not known until run time.
            return;
        }

        object? constant = value.ConstantValue.Value;
        Location location = value.Syntax.GetLocation();
        if (rule.Explain(constant) is { } why)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InitialValueOutsideSpace,
                location,
                Fixes(rule, constant),
                rule.Property.Name,
                rule.Display(constant),
                "its initializer",
                why,
                type.Name));
        }
        else if (rule.HasDefault && !rule.Same(constant, rule.DefaultValue))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InitializerDiffersFromDefault,
                location,
                Fixes(rule, constant),
                rule.Property.Name,
                rule.Display(constant),
                rule.Display(rule.DefaultValue),
                type.Name));
        }
    }

    // What the code fixes paste: the value to initialize the property to (Default when there is one, else the first
    // of the parameter's values), and the initializer as Default.
    private static ImmutableDictionary<string, string?> Fixes(InitialValueRule rule, object? initial)
    {
        ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
            .Add(FixProperties.Initializer, rule.HasDefault ? rule.Code(rule.DefaultValue) : rule.Code(rule.FirstValue))
            .Add(FixProperties.InitializerSource, rule.HasDefault ? "Default" : "first");
        return rule.Explain(initial) is null ? properties.Add(FixProperties.Default, rule.Code(initial)) : properties;
    }

    // An auto-property with no initializer that no constructor of the type assigns: its value is the type's default.
    // An accessor with a body or a constructor that sets it leaves its initial value to code, which is not judged.
    private static bool IsUninitializedAutoProperty(IPropertySymbol property, INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
    {
        foreach (SyntaxReference reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not PropertyDeclarationSyntax { Initializer: null, AccessorList: { } accessors }
                || accessors.Accessors.Any(a => a.Body is not null || a.ExpressionBody is not null))
            {
                return false;
            }
        }

        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            foreach (ConstructorDeclarationSyntax constructor in reference.GetSyntax(cancellationToken).ChildNodes().OfType<ConstructorDeclarationSyntax>())
            {
                if (constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    continue;
                }

                foreach (AssignmentExpressionSyntax assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    ExpressionSyntax target = assignment.Left is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access ? access.Name : assignment.Left;
                    if (target is IdentifierNameSyntax name && name.Identifier.ValueText == property.Name)
                    {
                        return false;
                    }
                }
            }
        }

        return property.DeclaringSyntaxReferences.Length > 0;
    }

    // default(T) as a constant: null for reference and nullable types, zero of the right kind for numbers and enums.
    private static object? DefaultOf(ITypeSymbol type)
    {
        if (type.IsReferenceType || type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
        {
            return null;
        }

        return type.SpecialType switch
        {
            SpecialType.System_Double => 0d,
            SpecialType.System_Single => 0f,
            SpecialType.System_Int64 => 0L,
            SpecialType.System_Boolean => false,
            _ => 0,
        };
    }

    // A property whose type declares parameters but lacks [SearchSpace] is almost certainly a nested space
    // the user forgot to mark: without the marker it is silently not tuned.
    private static void ReportUnmarkedNestedTypes(Action<Diagnostic> report, KnownSymbols known, INamedTypeSymbol type)
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
                report(Diagnostic.Create(
                    DiagnosticDescriptors.NestedTypeNotSearchSpace,
                    property.Locations.FirstOrDefault(l => l.IsInSource),
                    property.Name,
                    propertyType.Name));
            }
        }
    }

    // config.IsActive("Name") with a constant name: whether the name exists is known at build time, and a wrong one
    // (a typo, a renamed property, an untuned property's nameof) would throw at run time.
    private static void AnalyzeIsActiveCall(OperationAnalysisContext context, KnownSymbols known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol method = invocation.TargetMethod;
        if (method.Name != SearchSpaceParser.IsActiveName
            || method.IsStatic
            || method.Parameters.Length != 1
            || method.Parameters[0].Name != "parameterName"
            || method.Parameters[0].Type.SpecialType != SpecialType.System_String
            || !known.IsSearchSpaceType(method.ContainingType)
            || invocation.Arguments.Length != 1
            || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name })
        {
            return;
        }

        System.Collections.Generic.List<string>? names = ParameterNames(method.ContainingType, known, context.CancellationToken, depth: 0);
        if (names is null || names.Contains(name, StringComparer.Ordinal))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            DiagnosticDescriptors.UnknownIsActiveName,
            invocation.Arguments[0].Syntax.GetLocation(),
            method.ContainingType.Name,
            name,
            names.Count == 0 ? "none" : string.Join(", ", names)));
    }

    // The names IsActive accepts: each parameter and nested space, and the paths inside nested spaces, in descriptor
    // order. Null when the type (or a nested one) is not generated: its IsActive is then not the generated one.
    private static List<string>? ParameterNames(INamedTypeSymbol type, KnownSymbols known, System.Threading.CancellationToken cancellationToken, int depth)
    {
        SearchSpaceSpec? spec = depth > 16 ? null : new SearchSpaceParser(known, sink: null, cancellationToken).Parse(type);
        if (spec is null)
        {
            return null;
        }

        var names = new List<string>();
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            if (parameter.Kind == ParameterKind.Repeated)
            {
                // Its instances' names are not judged here (the runtime's IsActive checks them against the descriptor).
                return null;
            }

            names.Add(parameter.StoredName);
            if (parameter.NameOverride is not null)
            {
                // Found by nameof as well (only at this level: paths inside a nested space are stored names).
                names.Add(parameter.PropertyName);
            }

            if (parameter.Kind == ParameterKind.Nested)
            {
                if (type.GetMembers(parameter.PropertyName).OfType<IPropertySymbol>().FirstOrDefault()?.Type is not INamedTypeSymbol nested
                    || ParameterNames((INamedTypeSymbol)nested.WithNullableAnnotation(NullableAnnotation.NotAnnotated), known, cancellationToken, depth + 1) is not { } inner)
                {
                    return null;
                }

                names.AddRange(inner.Select(n => parameter.StoredName + "." + n));
            }
        }

        return names;
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
