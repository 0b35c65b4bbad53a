using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Reads a [Metrics] type into a <see cref="MetricsSpec"/>. It never throws on bad or half-typed code: every problem
/// it finds is reported to the sink (when there is one), all of them in one pass, and the type is skipped (null).
/// </summary>
internal sealed class MetricsParser
{
    private static readonly SymbolDisplayFormat MessageTypeFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    // The names of the members the generator adds; a member of the type by one of these names would collide.
    private static readonly string[] GeneratedMembers = { "MetricsDescriptor", "WriteValues", "FromValues" };

    private readonly MetricsSymbols _known;
    private readonly ProblemSink? _sink;
    private readonly CancellationToken _cancellationToken;
    private bool _failed;

    public MetricsParser(MetricsSymbols known, ProblemSink? sink, CancellationToken cancellationToken)
    {
        _known = known;
        _sink = sink;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The spec, or null when the type cannot be generated (the sink was told why).</summary>
    public MetricsSpec? Parse(INamedTypeSymbol type)
    {
        _failed = false;
        _cancellationToken.ThrowIfCancellationRequested();
        if (type.Name.Length == 0 || type.IsImplicitlyDeclared)
        {
            // A declaration still being typed (no name yet): nothing to generate, nothing to report.
            return null;
        }

        CheckType(type);
        IMethodSymbol? primary = PrimaryConstructor(type);
        if (primary is null && type.TypeKind == TypeKind.Class && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(type), type.Name, "needs a parameterless constructor, or must be a positional record");
        }

        var parameters = new Dictionary<string, IParameterSymbol>();
        foreach (IParameterSymbol parameter in primary?.Parameters ?? Enumerable.Empty<IParameterSymbol>())
        {
            parameters[parameter.Name] = parameter;
        }

        var metrics = new List<MetricSpec>();
        var required = new List<string>();
        bool anyObjective = false;
        int objectives = 0;
        int constraints = 0;
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IFieldSymbol { IsRequired: true } field && !field.IsImplicitlyDeclared)
            {
                required.Add(SearchSpaceParser.Identifier(field.Name));
                continue;
            }

            if (member is not IPropertySymbol property || property.IsIndexer || (property.IsImplicitlyDeclared && !parameters.ContainsKey(property.Name)))
            {
                continue;
            }

            parameters.TryGetValue(property.Name, out IParameterSymbol? parameter);
            MetricSpec? metric = ParseProperty(property, parameter, objectives, constraints, ref anyObjective);
            if (metric is null)
            {
                if (property.IsRequired && parameter is null)
                {
                    required.Add(SearchSpaceParser.Identifier(property.Name));
                }

                continue;
            }

            metrics.Add(metric);
            objectives += metric.ObjectiveIndex >= 0 ? 1 : 0;
            constraints += metric.ConstraintIndex >= 0 ? 1 : 0;
        }

        if (!anyObjective)
        {
            Fail(MetricsDiagnosticDescriptors.MetricsWithoutObjective, At(type), type.Name);
        }

        // A name declared twice is the compiler's error (CS0102); code generated for it would add errors of its own.
        if (_failed || metrics.Any(m => type.GetMembers(m.Name).Length > 1))
        {
            return null;
        }

        var arguments = new List<ConstructorArgumentSpec>();
        foreach (IParameterSymbol parameter in primary?.Parameters ?? Enumerable.Empty<IParameterSymbol>())
        {
            int index = metrics.FindIndex(m => m.Name == parameter.Name);
            if (index >= 0 || !parameter.HasExplicitDefaultValue)
            {
                arguments.Add(new ConstructorArgumentSpec(SearchSpaceParser.Identifier(parameter.Name), index));
            }
        }

        var containing = new List<ContainingTypeSpec>();
        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            containing.Insert(0, new ContainingTypeSpec(Keyword(outer), Declaration(outer)));
        }

        string display = type.ToDisplayString(MessageTypeFormat);
        return new MetricsSpec(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            Declaration(type),
            Keyword(type),
            type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
            display,
            HintName(display),
            containing.ToEquatableArray(),
            metrics.ToEquatableArray(),
            arguments.ToEquatableArray(),
            required.ToEquatableArray());
    }

    private void CheckType(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(type), type.Name, "must be a class or record class");
        }
        else if (type.IsAbstract)
        {
            Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(type), type.Name, "cannot be abstract");
        }

        if (type.IsFileLocal)
        {
            Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(type), type.Name, "cannot be file-local");
        }

        if (type.Locations.Any(l => l.IsInSource) && !IsPartial(type))
        {
            Fail(MetricsDiagnosticDescriptors.MetricsNotPartial, At(type), type.Name, "the [Metrics] type");
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                Fail(MetricsDiagnosticDescriptors.MetricsNotPartial, At(type), type.Name, $"its containing type {outer.Name}");
            }
        }

        // The generated members are declared on this type alone, so metrics inherited from a base would not be stored.
        for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
        {
            if (_known.IsMetricsType(baseType) || baseType.GetMembers().OfType<IPropertySymbol>().Any(p => p.GetAttributes().Any(a => _known.IsMetricAttribute(a.AttributeClass))))
            {
                Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(type), type.Name, $"declares its metrics itself and cannot derive from {baseType.Name}, which has metrics of its own");
                break;
            }
        }

        // A member cannot have its type's name (CS0542): the generated code would not compile.
        if (GeneratedMembers.Contains(type.Name))
        {
            Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(type), type.Name, $"cannot be named {type.Name}, the name of a member the generated IMetrics implementation declares; rename the type");
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || !GeneratedMembers.Contains(member.Name))
            {
                continue;
            }

            // WriteValues and FromValues may be overloaded; only the generated signatures collide.
            if (member is IMethodSymbol method && method.Parameters.Length != 2)
            {
                continue;
            }

            Fail(MetricsDiagnosticDescriptors.InvalidMetricsType, At(member), type.Name, $"cannot declare a member named {member.Name}, which the generated IMetrics implementation declares");
        }
    }

    private MetricSpec? ParseProperty(IPropertySymbol property, IParameterSymbol? parameter, int objectives, int constraints, ref bool anyObjective)
    {
        AttributeData? minimize = null;
        AttributeData? maximize = null;
        AttributeData? constraint = null;
        bool broken = false;
        IEnumerable<AttributeData> attributes = property.GetAttributes();
        if (parameter is not null)
        {
            attributes = attributes.Concat(parameter.GetAttributes());
        }

        foreach (AttributeData attribute in attributes)
        {
            if (!_known.IsMetricAttribute(attribute.AttributeClass))
            {
                continue;
            }

            broken |= HasErrors(attribute);
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.Minimize))
            {
                minimize ??= attribute;
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.Maximize))
            {
                maximize ??= attribute;
            }
            else
            {
                constraint ??= attribute;
            }
        }

        AttributeData? first = minimize ?? maximize ?? constraint;
        if (first is null)
        {
            return null;
        }

        anyObjective |= minimize is not null || maximize is not null;
        string name = property.Name;
        bool ok = !broken;
        if (broken)
        {
            // Half-typed attribute: the compiler reports it; nothing is generated until it binds.
            _failed = true;
        }

        if (minimize is not null && maximize is not null)
        {
            AttributeData second = Position(minimize) > Position(maximize) ? minimize : maximize;
            ok = Fail(MetricsDiagnosticDescriptors.ConflictingDirections, At(second), name);
        }

        MetricType? type = Classify(property.Type);
        if (type is null && property.Type.TypeKind != TypeKind.Error)
        {
            ok = Fail(MetricsDiagnosticDescriptors.NonNumericMetric, At(first), name, property.Type.ToDisplayString(MessageTypeFormat));
        }
        else if (type is null)
        {
            ok = false;
            _failed = true;
        }

        if (property.IsStatic)
        {
            ok = Fail(MetricsDiagnosticDescriptors.InvalidMetricProperty, At(property), name, "must be an instance property, because each trial's metrics are a separate instance");
        }
        else
        {
            if (property.GetMethod is null)
            {
                ok = Fail(MetricsDiagnosticDescriptors.InvalidMetricProperty, At(property), name, "needs a get accessor, because the generated WriteValues reads it");
            }

            if (property.SetMethod is null && parameter is null)
            {
                ok = Fail(MetricsDiagnosticDescriptors.InvalidMetricProperty, At(property), name, "needs a set or init accessor (or must be a parameter of the positional record), because the generated FromValues assigns it");
            }
        }

        string? minLiteral = null;
        string? maxLiteral = null;
        if (constraint is not null && !broken)
        {
            double min = Bound(constraint, "Min");
            double max = Bound(constraint, "Max");
            bool finite = true;
            foreach ((string bound, double value) in new[] { ("Min", min), ("Max", max) })
            {
                if (double.IsInfinity(value))
                {
                    finite = false;
                    ok = Fail(MetricsDiagnosticDescriptors.InvalidConstraintBounds, AtNamedArgument(constraint, bound), name, "finite bounds (leave a bound out for none)", $"{bound} = {F(value)}");
                }
            }

            if (finite && min > max)
            {
                ok = Fail(MetricsDiagnosticDescriptors.InvalidConstraintBounds, At(constraint), name, "Min <= Max", $"Min = {F(min)}, Max = {F(max)}");
            }

            minLiteral = double.IsNaN(min) ? null : SearchSpaceParser.DoubleLiteral(min);
            maxLiteral = double.IsNaN(max) ? null : SearchSpaceParser.DoubleLiteral(max);

            AttributeData? direction = minimize ?? maximize;
            if (direction is not null && !(Named(constraint, "AlsoObjective")?.Value is true))
            {
                // A warning: the property is generated as both, which is what the attributes say.
                Report(MetricsDiagnosticDescriptors.ConstraintOnObjective, At(constraint), name, Short(direction));
            }
        }

        if (!ok)
        {
            return null;
        }

        int kind = minimize is not null ? 1 : maximize is not null ? 2 : 0;
        return new MetricSpec(
            name,
            SearchSpaceParser.Identifier(name),
            type!.Value,
            kind,
            kind != 0 ? objectives : -1,
            constraint is not null ? constraints : -1,
            minLiteral,
            maxLiteral,
            parameter is not null);
    }

    // The primary constructor of a positional record (record C(double A)); null for every other type.
    private IMethodSymbol? PrimaryConstructor(INamedTypeSymbol type)
    {
        if (!type.IsRecord)
        {
            return null;
        }

        foreach (IMethodSymbol constructor in type.InstanceConstructors)
        {
            foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_cancellationToken) is RecordDeclarationSyntax { ParameterList: not null })
                {
                    return constructor;
                }
            }
        }

        return null;
    }

    private static MetricType? Classify(ITypeSymbol type) => type.SpecialType switch
    {
        SpecialType.System_Double => MetricType.Double,
        SpecialType.System_Single => MetricType.Single,
        SpecialType.System_Int32 => MetricType.Int32,
        SpecialType.System_Int64 => MetricType.Int64,
        _ => null,
    };

    private static double Bound(AttributeData attribute, string name) =>
        Named(attribute, name)?.Value is { } value ? System.Convert.ToDouble(value, CultureInfo.InvariantCulture) : double.NaN;

    private static TypedConstant? Named(AttributeData attribute, string name)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static bool HasErrors(AttributeData attribute)
    {
        if (attribute.AttributeConstructor is null || attribute.AttributeClass is null or IErrorTypeSymbol)
        {
            return true;
        }

        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Value.Kind == TypedConstantKind.Error)
            {
                return true;
            }
        }

        return false;
    }

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Short(AttributeData attribute) => attribute.AttributeClass!.Name.Replace("Attribute", string.Empty);

    private int Position(AttributeData attribute) => At(attribute)?.SourceSpan.Start ?? 0;

    // The name as a partial declaration writes it: escaped, with its type parameters.
    private static string Declaration(INamedTypeSymbol type)
    {
        string name = SearchSpaceParser.Identifier(type.Name);
        return type.TypeParameters.Length == 0
            ? name
            : name + "<" + string.Join(", ", type.TypeParameters.Select(p => SearchSpaceParser.Identifier(p.Name))) + ">";
    }

    private static string Keyword(INamedTypeSymbol type) => (type.IsRecord, type.TypeKind) switch
    {
        (true, TypeKind.Struct) => "record struct",
        (true, _) => "record",
        (_, TypeKind.Struct) => "struct",
        (_, TypeKind.Interface) => "interface",
        _ => "class",
    };

    private static bool IsPartial(INamedTypeSymbol type)
    {
        foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax declaration && !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return false;
            }
        }

        return type.DeclaringSyntaxReferences.Length > 0;
    }

    // AddSource accepts letters, digits, dots and underscores; the suffix keeps the name apart from the search-space
    // file of a type that is both.
    private static string HintName(string display)
    {
        var name = new StringBuilder(display.Length + 13);
        foreach (char c in display)
        {
            if (c != '@')
            {
                name.Append(char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_');
            }
        }

        return name.Append(".Metrics.g.cs").ToString();
    }

    private Location? At(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource);

    private Location? At(AttributeData? attribute) =>
        attribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation();

    private Location? AtNamedArgument(AttributeData attribute, string name)
    {
        if (attribute.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            AttributeArgumentSyntax? argument = list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name);
            return (argument ?? (SyntaxNode)syntax).GetLocation();
        }

        return At(attribute);
    }

    private bool Fail(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
    {
        Report(descriptor, location, messageArgs);
        _failed = true;
        return false;
    }

    private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs) =>
        _sink?.Invoke(descriptor, location, messageArgs);
}
