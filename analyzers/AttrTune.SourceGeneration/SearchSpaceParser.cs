using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AttrTune.Rules;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Reads a [SearchSpace] type into a <see cref="SearchSpaceSpec"/>. It never throws on bad or half-typed code:
/// anything it cannot handle is reported to the sink (when there is one) and the type is skipped (null).
/// </summary>
internal sealed class SearchSpaceParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    // Types in messages read as the compiler writes them in its own errors (no global::, keywords for special types).
    private static readonly SymbolDisplayFormat MessageTypeFormat = SymbolDisplayFormat.CSharpErrorMessageFormat;

    /// <summary>The generated method that says whether a parameter is active; not generated when the type declares the name.</summary>
    internal const string IsActiveName = "IsActive";

    private readonly KnownSymbols _known;
    private ProblemSink? _sink;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<ITypeSymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private bool _failed;
    private readonly List<InitialValueRule> _initialValueRules = new();

    public SearchSpaceParser(KnownSymbols known, ProblemSink? sink, CancellationToken cancellationToken)
    {
        _known = known;
        _sink = sink;
        _cancellationToken = cancellationToken;
    }

    /// <summary>
    /// The rules for the initial values of the parsed type's valid parameters (not those of nested types), for the
    /// analyzer to judge initializers with. Filled only when there is a sink.
    /// </summary>
    public IReadOnlyList<InitialValueRule> InitialValueRules => _initialValueRules;

    /// <summary>The spec, or null when the type cannot be generated (the sink was told why).</summary>
    public SearchSpaceSpec? Parse(INamedTypeSymbol type)
    {
        _failed = false;
        _initialValueRules.Clear();
        SearchSpaceSpec? spec = ParseType(type);
        return _failed ? null : spec;
    }

    private SearchSpaceSpec? ParseType(INamedTypeSymbol type)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (!_inProgress.Add(type))
        {
            _failed = true;
            return null;
        }

        try
        {
            // A problem with the type itself does not stop the reading of its members when there is a sink: each
            // independent mistake is reported in the same build. Without a sink (the generator) nothing more is
            // needed once the type is known to be skipped.
            if (!CheckType(type) && (_sink is null || type.Name.Length == 0 || type.IsImplicitlyDeclared))
            {
                return null;
            }

            var parameters = new List<ParsedParameter>();
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IPropertySymbol property && !property.IsImplicitlyDeclared)
                {
                    ParsedParameter? parameter = ParseProperty(type, property);
                    if (parameter is not null)
                    {
                        parameters.Add(parameter);
                    }
                }
            }

            CheckStoredNames(type, parameters);
            if (_failed && _sink is null)
            {
                return null;
            }

            // Conditions are checked even when a parameter failed, so that a bad [ActiveWhen] shows in the same build
            // as a bad range; a condition that depends on a failed parameter is not judged (see ResolveConditions).
            List<ParameterSpec>? ordered = ResolveConditions(type, parameters);
            if (ordered is null)
            {
                return null;
            }

            // A name declared twice is the compiler's error (CS0102) and gets no diagnostic here, but code generated
            // for it would assign the name twice and add errors of its own: the type is skipped once it is checked.
            if (parameters.Any(p => type.GetMembers(p.PropertyName).Length > 1))
            {
                _failed = true;
                return null;
            }

            var containing = new List<ContainingTypeSpec>();
            for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                containing.Insert(0, new ContainingTypeSpec(Keyword(outer), outer.Name));
            }

            string ns = type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString();
            string display = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            return new SearchSpaceSpec(
                ns,
                type.Name,
                Keyword(type),
                type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat),
                display,
                HintName(display),
                containing.ToEquatableArray(),
                ordered.ToEquatableArray(),
                type.GetMembers(IsActiveName).IsEmpty);
        }
        finally
        {
            _inProgress.Remove(type);
        }
    }

    private bool CheckType(INamedTypeSymbol type)
    {
        bool ok = true;
        if (type.Name.Length == 0 || type.IsImplicitlyDeclared)
        {
            // A declaration still being typed (no name yet): nothing to generate, nothing to report.
            _failed = true;
            return false;
        }

        if (type.TypeKind != TypeKind.Class || type.IsStatic)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), type.Name, "must be a class or record class");
        }

        if (type.IsAbstract && !type.IsStatic)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), type.Name, "cannot be abstract");
        }

        if (type.TypeParameters.Length > 0)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), type.Name, "cannot be generic");
        }

        if (type.IsFileLocal)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), type.Name, "cannot be file-local");
        }

        if (type.Locations.Any(l => l.IsInSource) && !IsPartial(type))
        {
            ok = Fail(DiagnosticDescriptors.NotPartial, At(type), type.Name, "the [SearchSpace] type");
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                ok = Fail(DiagnosticDescriptors.NotPartial, At(type), type.Name, $"its containing type {outer.Name}");
            }
            else if (outer.TypeParameters.Length > 0)
            {
                ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), type.Name, $"cannot be inside a generic type ({outer.Name})");
            }
        }

        if (type.TypeKind == TypeKind.Class && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), type.Name, "needs a parameterless constructor");
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
            {
                ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(member), type.Name, $"cannot have required members, and {member.Name} is required");
            }
        }

        return ok;
    }

    private ParsedParameter? ParseProperty(INamedTypeSymbol owner, IPropertySymbol property)
    {
        AttributeData? distribution = null;
        AttributeData? activeWhen = null;
        AttributeData? mutable = null;
        AttributeData? repeatedBy = null;
        AttributeData? parameterName = null;
        bool multiple = false;
        foreach (AttributeData attribute in property.GetAttributes())
        {
            if (_known.IsDistributionAttribute(attribute.AttributeClass))
            {
                if (distribution is not null)
                {
                    Fail(DiagnosticDescriptors.MultipleDistributions, At(attribute), property.Name, Short(distribution), Short(attribute));
                    multiple = true;
                    continue;
                }

                distribution = attribute;
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.ActiveWhen))
            {
                activeWhen = attribute;
            }
            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.Mutable))
            {
                mutable = attribute;
            }
            else if (_known.RepeatedBy is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.RepeatedBy))
            {
                repeatedBy = attribute;
            }
            else if (_known.ParameterName is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _known.ParameterName))
            {
                parameterName = attribute;
            }
        }

        if (repeatedBy is not null)
        {
            return ApplyStoredName(ParseRepeated(property, repeatedBy, distribution ?? activeWhen ?? mutable), property, parameterName);
        }

        ITypeSymbol propertyType = property.Type;
        bool isNested = distribution is null && propertyType is INamedTypeSymbol { TypeKind: TypeKind.Class } && _known.IsSearchSpaceType(propertyType);
        if (distribution is null && !isNested)
        {
            if (activeWhen is not null)
            {
                Fail(DiagnosticDescriptors.ConditionOnUntunedProperty, At(activeWhen), property.Name);
            }

            if (mutable is not null)
            {
                Fail(DiagnosticDescriptors.MutableNotTuned, At(mutable), property.Name, "an untuned property");
            }

            if (parameterName is not null)
            {
                // Harmless to the generated code, so a warning: nothing is renamed.
                Report(DiagnosticDescriptors.ParameterNameNotTuned, At(parameterName), property.Name);
            }

            return null;
        }

        // From here on the property is a parameter, valid or not: a problem in one part of it (its accessor, its
        // range) is reported and the other parts are still read, and a failed parameter stays in the list as a
        // placeholder so that conditions naming it are not reported as naming an unknown parameter.
        bool invalid = multiple;
        if (property.IsStatic || property.IsIndexer)
        {
            invalid = !Fail(DiagnosticDescriptors.InvalidTunedProperty, At(property), property.Name, "must be an instance property");
        }
        else if (property.SetMethod is null)
        {
            invalid = !Fail(DiagnosticDescriptors.InvalidTunedProperty, At(property), property.Name, "needs a set or init accessor");
        }

        if (isNested && mutable is not null)
        {
            invalid = !Fail(DiagnosticDescriptors.MutableNotTuned, At(mutable), property.Name, "a nested space");
        }

        ParsedParameter? parsed = null;
        ParameterKind? kind = isNested ? ParameterKind.Nested : AttemptedKind(distribution!, propertyType);
        if (multiple)
        {
            // Which of the distributions was meant is not known: nothing about the parameter's values can be said.
            kind = null;
        }
        else if (distribution is not null && HasErrors(distribution))
        {
            // The compiler already reports the broken arguments.
            _failed = true;
            kind = null;
        }
        else
        {
            parsed = isNested ? ParseNested(property) : ParseDistribution(property, distribution!);
        }

        if (parsed is null)
        {
            _failed = true;
            parsed = ParsedParameter.Invalid(property.Name, kind);
        }
        else if (invalid)
        {
            // Its values were read without error (a choice without a setter still has its choices), so conditions
            // naming it can still be checked.
            _failed = true;
            parsed.IsInvalid = true;
        }

        parsed.IsMutable = mutable is not null;
        if (activeWhen is not null)
        {
            if (HasErrors(activeWhen))
            {
                _failed = true;
            }
            else if (activeWhen.ConstructorArguments[0].Value is not string parent)
            {
                // Not "no condition": the parameter would be generated as always active, against what was written.
                Fail(DiagnosticDescriptors.UnknownConditionParameter, At(activeWhen), property.Name, "null", owner.Name);
            }
            else
            {
                parsed.ConditionAttribute = activeWhen;
                parsed.ConditionParent = parent;
                parsed.ConditionValues = ArrayValues(activeWhen.ConstructorArguments[1]);
                // Whether a bound was written is read from the source, not from the attribute's sentinel defaults.
                parsed.ConditionAtLeast = Named(activeWhen, "AtLeast") is { Value: { } low } ? Convert.ToInt64(low, CultureInfo.InvariantCulture) : null;
                parsed.ConditionAtMost = Named(activeWhen, "AtMost") is { Value: { } high } ? Convert.ToInt64(high, CultureInfo.InvariantCulture) : null;
            }
        }

        return ApplyStoredName(parsed, property, parameterName);
    }

    // Reads [ParameterName]: a valid name becomes the parameter's stored name; whether it collides with another
    // parameter is judged once the whole type is read (CheckStoredNames).
    private ParsedParameter ApplyStoredName(ParsedParameter parsed, IPropertySymbol property, AttributeData? attribute)
    {
        if (attribute is null)
        {
            return parsed;
        }

        if (HasErrors(attribute))
        {
            _failed = true;
            return parsed;
        }

        TypedConstant argument = attribute.ConstructorArguments[0];
        string? name = argument.Value as string;
        if (StoredNameProblem(name) is { } why)
        {
            Fail(DiagnosticDescriptors.InvalidParameterName, AtArgument(attribute, 0, 1), property.Name, Display(argument), why);
            return parsed;
        }

        parsed.NameOverride = name == property.Name ? null : name;
        parsed.NameAttribute = attribute;
        return parsed;
    }

    private static string? StoredNameProblem(string? name)
    {
        if (name is null)
        {
            return "is null; give the name to store the parameter under";
        }

        if (name.Trim().Length == 0)
        {
            return "is empty; give the name to store the parameter under";
        }

        foreach (char separator in new[] { '.', '[', ']' })
        {
            if (name.IndexOf(separator) >= 0)
            {
                return $"contains '{separator}', which separates the parts of a parameter path (Optimizer.LearningRate, Layer[2].Units)";
            }
        }

        if (char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[name.Length - 1]))
        {
            return "starts or ends with white space, which is easily lost when the name is typed elsewhere";
        }

        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                return "contains a control character";
            }
        }

        return null;
    }

    // A stored name may be neither another parameter's stored name (two parameters under one key) nor another
    // parameter's property name (IsActive accepts both, and one name would then mean two parameters).
    private void CheckStoredNames(INamedTypeSymbol type, List<ParsedParameter> parameters)
    {
        for (int i = 0; i < parameters.Count; i++)
        {
            ParsedParameter parameter = parameters[i];
            if (parameter.NameOverride is not { } name)
            {
                continue;
            }

            for (int j = 0; j < parameters.Count; j++)
            {
                ParsedParameter other = parameters[j];
                bool clash = j != i && (other.PropertyName == name || (other.StoredName == name && (other.NameOverride is null || j < i)));
                if (clash)
                {
                    Fail(DiagnosticDescriptors.DuplicateParameterName, AtArgument(parameter.NameAttribute, 0, 1), parameter.PropertyName, name, other.PropertyName, type.Name);
                    break;
                }
            }
        }
    }

    // [Uniform]/[LogUniform] on an int or long is an integer range: a condition on it is judged as on one even when the
    // range itself has errors.
    private ParameterKind AttemptedKind(AttributeData distribution, ITypeSymbol propertyType) =>
        SymbolEqualityComparer.Default.Equals(distribution.AttributeClass, _known.IntRange) ? ParameterKind.Int
        : SymbolEqualityComparer.Default.Equals(distribution.AttributeClass, _known.Uniform) || SymbolEqualityComparer.Default.Equals(distribution.AttributeClass, _known.LogUniform)
            ? (propertyType.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 ? ParameterKind.Int : ParameterKind.Float)
        : ParameterKind.Categorical;

    // A [RepeatedBy] list: its element type is parsed as a nested space; the count is resolved with the conditions,
    // once every parameter of the type is known. A failed one stays as a placeholder, as any failed parameter does.
    private ParsedParameter ParseRepeated(IPropertySymbol property, AttributeData repeatedBy, AttributeData? other)
    {
        ParsedParameter? parsed = null;
        bool invalid = false;
        if (other is not null)
        {
            invalid = !Fail(DiagnosticDescriptors.RepeatedWithOtherAttribute, At(other), property.Name, Short(other));
        }

        if (property.IsStatic || property.IsIndexer)
        {
            invalid = !Fail(DiagnosticDescriptors.InvalidTunedProperty, At(property), property.Name, "must be an instance property");
        }
        else if (property.SetMethod is null)
        {
            invalid = !Fail(DiagnosticDescriptors.InvalidTunedProperty, At(property), property.Name, "needs a set or init accessor");
        }

        string? count = HasErrors(repeatedBy) ? null : repeatedBy.ConstructorArguments[0].Value as string;
        if (count is null)
        {
            invalid = !Fail(DiagnosticDescriptors.RepeatedCountNotInteger, At(repeatedBy), property.Name, "null", "is not a property");
        }

        (ITypeSymbol? element, string collection) = RepeatedElement(property.Type);
        if (element is null)
        {
            Fail(DiagnosticDescriptors.InvalidRepeatedProperty, At(property), property.Name, property.Type.ToDisplayString(MessageTypeFormat));
        }
        else if (element is not INamedTypeSymbol { TypeKind: TypeKind.Class } elementType || !_known.IsSearchSpaceType(element))
        {
            Fail(DiagnosticDescriptors.RepeatedElementNotSearchSpace, At(property), property.Name, element.ToDisplayString(MessageTypeFormat));
        }
        else if (ParseNested(property, elementType) is { } nested)
        {
            parsed = new ParsedParameter(property.Name, ParameterKind.Repeated, property.Type.ToDisplayString(TypeFormat), nested.ElementType, string.Empty, null, "double.NaN", 0, false, 0)
            {
                NestedHasIsActive = nested.NestedHasIsActive,
                RepeatCollection = collection,
            };
        }

        if (parsed is null)
        {
            _failed = true;
            parsed = ParsedParameter.Invalid(property.Name, ParameterKind.Repeated);
        }
        else if (invalid)
        {
            _failed = true;
            parsed.IsInvalid = true;
        }

        parsed.RepeatedBy = count;
        parsed.RepeatedByAttribute = repeatedBy;
        return parsed;
    }

    // The element type of a list the generated code can create and assign, with which list it is.
    internal static (ITypeSymbol? Element, string Collection) RepeatedElement(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return (array.ElementType, "array");
        }

        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic")
        {
            switch (named.OriginalDefinition.MetadataName)
            {
                case "IReadOnlyList`1":
                    return (named.TypeArguments[0], "readonly");
                case "List`1":
                    return (named.TypeArguments[0], "list");
            }
        }

        return (null, string.Empty);
    }

    private ParsedParameter? ParseNested(IPropertySymbol property) => ParseNested(property, (INamedTypeSymbol)property.Type);

    private ParsedParameter? ParseNested(IPropertySymbol property, INamedTypeSymbol nestedType)
    {
        bool inSource = nestedType.Locations.Any(l => l.IsInSource);
        if (ReachesTypeInProgress(nestedType, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)))
        {
            Fail(DiagnosticDescriptors.NestedSpaceCycle, At(property), property.Name, nestedType.Name);
            return null;
        }

        if (inSource)
        {
            // Its generated members exist only if the generator accepts it, so it must pass the same checks. Its own
            // problems are reported where it is declared, not here.
            ProblemSink? sink = _sink;
            bool failedBefore = _failed;
            _sink = null;

            // Cleared so that a problem found earlier in the outer type does not read as one of the nested type's.
            _failed = false;
            SearchSpaceSpec? nested = ParseType(nestedType);
            _sink = sink;
            _failed = failedBefore;
            if (nested is null)
            {
                Fail(DiagnosticDescriptors.InvalidNestedSpace, At(property), property.Name, nestedType.Name, "it has errors of its own, reported where it is declared");
                return null;
            }
        }
        else if (!nestedType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _known.SearchSpaceInterface)))
        {
            Fail(DiagnosticDescriptors.InvalidNestedSpace, At(property), property.Name, nestedType.Name, "it does not implement ISearchSpace (was its assembly built with the AttrTune generator?)");
            return null;
        }

        bool nullable = property.NullableAnnotation == NullableAnnotation.Annotated;
        string element = nestedType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);
        // The nested type's IsActive answers for the paths inside it. One generated for a source type exists when the
        // type declares no IsActive of its own; a type from another assembly may predate it (then the generated code
        // asks the runtime, which reads activity from the internal values).
        bool hasIsActive = (inSource && nestedType.GetMembers(IsActiveName).IsEmpty) || nestedType.GetMembers(IsActiveName).OfType<IMethodSymbol>().Any(m =>
            !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public && m.ReturnType.SpecialType == SpecialType.System_Boolean
            && m.Parameters.Length == 1 && m.Parameters[0].Type.SpecialType == SpecialType.System_String);
        return new ParsedParameter(property.Name, ParameterKind.Nested, property.Type.ToDisplayString(TypeFormat), element, string.Empty, null, "double.NaN", 0, nullable, 0)
        {
            NestedHasIsActive = hasIsActive,
        };
    }

    // Whether following nested-space properties from the type leads back to a type being parsed: a cycle.
    private bool ReachesTypeInProgress(ITypeSymbol type, HashSet<ITypeSymbol> visited)
    {
        if (_inProgress.Contains(type))
        {
            return true;
        }

        if (!visited.Add(type))
        {
            return false;
        }

        foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
        {
            if (_known.RepeatedBy is not null
                && property.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _known.RepeatedBy))
                && RepeatedElement(property.Type).Element is INamedTypeSymbol { TypeKind: TypeKind.Class } element
                && _known.IsSearchSpaceType(element)
                && ReachesTypeInProgress(element, visited))
            {
                return true;
            }

            if (property.Type is INamedTypeSymbol { TypeKind: TypeKind.Class } next
                && _known.IsSearchSpaceType(next)
                && !property.GetAttributes().Any(a => _known.IsDistributionAttribute(a.AttributeClass))
                && ReachesTypeInProgress(next, visited))
            {
                return true;
            }
        }

        return false;
    }

    private ParsedParameter? ParseDistribution(IPropertySymbol property, AttributeData attribute)
    {
        string name = property.Name;
        INamedTypeSymbol attributeClass = attribute.AttributeClass!;
        ValueType valueType = Classify(property.Type, out bool nullable, out ITypeSymbol underlying);
        string propertyType = property.Type.ToDisplayString(TypeFormat);
        string shownType = property.Type.ToDisplayString(MessageTypeFormat);

        if (SymbolEqualityComparer.Default.Equals(attributeClass, _known.Uniform) || SymbolEqualityComparer.Default.Equals(attributeClass, _known.LogUniform))
        {
            bool log = SymbolEqualityComparer.Default.Equals(attributeClass, _known.LogUniform);
            string attributeName = log ? "LogUniform" : "Uniform";
            double low = ToDouble(attribute.ConstructorArguments[0].Value);
            double high = ToDouble(attribute.ConstructorArguments[1].Value);
            double step = Named(attribute, "Step") is { } s ? ToDouble(s.Value) : 0;
            double? defaultValue = Named(attribute, "Default") is { } d && !double.IsNaN(ToDouble(d.Value)) ? ToDouble(d.Value) : null;
            int gridPoints = Named(attribute, "GridPoints") is { } g ? Convert.ToInt32(g.Value, CultureInfo.InvariantCulture) : 0;
            if (nullable || valueType is not (ValueType.Double or ValueType.Single or ValueType.Int32 or ValueType.Int64))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), name, attributeName, "a double, float, int or long property", shownType);
            }

            if (valueType is ValueType.Int32 or ValueType.Int64)
            {
                // Integer properties: the same range read as whole numbers.
                foreach ((string what, double value) in new[] { ("low", low), ("high", high), ("Step", step) })
                {
                    if (value != Math.Floor(value) || Math.Abs(value) > SearchSpaceRules.MaxExactInteger)
                    {
                        return Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, At(attribute), name, attributeName, "whole-number bounds and Step on an integer property", $"{what} = {SearchSpaceRules.F(value)}");
                    }
                }

                if (defaultValue is { } dv && dv != Math.Floor(dv))
                {
                    return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), name, SearchSpaceRules.F(dv), "not a whole number");
                }

                // Past ±2^53 the default is outside any valid range, and cast to long it would be reported as whatever
                // number the platform's conversion makes of it: it is reported as written.
                bool farDefault = defaultValue is { } whole && Math.Abs(whole) > SearchSpaceRules.MaxExactInteger;
                return IntParameter(property, attribute, attributeName, valueType, (long)low, (long)high, log, step == 0 ? 1 : (long)step, defaultValue is { } x && !farDefault ? (long)x : null, propertyType, farDefault ? SearchSpaceRules.F(defaultValue!.Value) : null);
            }

            if (SearchSpaceRules.CheckFloatRange(attributeName, low, high, log, step) is { } rangeProblem)
            {
                return FailRange(rangeProblem.Rule, At(attribute), name, attributeName, integer: false, log, step > 0 && !double.IsInfinity(step), SearchSpaceRules.F(low), SearchSpaceRules.F(high), SearchSpaceRules.F(step), SearchSpaceRules.F(high - low));
            }

            bool single = valueType == ValueType.Single;
            if (single && (Math.Abs(low) > float.MaxValue || Math.Abs(high) > float.MaxValue))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, At(attribute), name, attributeName, "bounds within the range of float", $"low = {SearchSpaceRules.F(low)}, high = {SearchSpaceRules.F(high)}");
            }

            string? defaultLiteral = null;
            string defaultInternal = "double.NaN";
            if (defaultValue is { } def)
            {
                if (SearchSpaceRules.CheckFloatValue(low, high, step, def) is not null)
                {
                    // The shared rule decides; the message only needs to say which half of it failed.
                    string why = def >= low && def <= high
                        ? $"not on the step {SearchSpaceRules.F(step)} from {SearchSpaceRules.F(low)}"
                        : $"outside [{SearchSpaceRules.F(low)}, {SearchSpaceRules.F(high)}]";
                    return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), name, SearchSpaceRules.F(def), why);
                }

                defaultLiteral = single ? FloatLiteral((float)def) : DoubleLiteral(def);
                defaultInternal = single ? DoubleLiteral((float)def) : DoubleLiteral(def);
            }

            if (!log && step == 0 && low > 0 && high / low >= 1000)
            {
                // Advice only: the space is valid, so the type is still generated.
                Report(DiagnosticDescriptors.ConsiderLogUniform, At(attribute), name, SearchSpaceRules.F(low), SearchSpaceRules.F(high), Math.Floor(Math.Log10(high / low)).ToString(CultureInfo.InvariantCulture));
            }

            if (_sink is not null)
            {
                // The runtime's FloatDistribution compares a float property's values with a float's tolerance.
                double tolerance = single ? 1.2e-7 * Math.Max(Math.Abs(low), Math.Abs(high)) : 0;
                _initialValueRules.Add(new InitialValueRule(
                    property,
                    v => FloatWhy(low, high, step, tolerance, v),
                    v => !IsNumber(v) ? ValueText(v) : single ? ((float)ToDouble(v)).ToString("R", CultureInfo.InvariantCulture) : SearchSpaceRules.F(ToDouble(v)),
                    v => single ? ((float)ToDouble(v)).ToString("R", CultureInfo.InvariantCulture) + "f" : SearchSpaceRules.F(ToDouble(v)),
                    low,
                    defaultValue is not null,
                    defaultValue,
                    (a, b) => IsNumber(a) && IsNumber(b) && (single ? (float)ToDouble(a) == (float)ToDouble(b) : ToDouble(a) == ToDouble(b))));
            }

            string arguments = $"{DoubleLiteral(low)}, {DoubleLiteral(high)}, {Bool(log)}, {DoubleLiteral(step)}, {Bool(single)}";
            long points = step > 0 ? SearchSpaceRules.StepCount(low, high, step) : 0;
            return new ParsedParameter(name, ParameterKind.Float, propertyType, single ? "float" : "double", arguments, defaultLiteral, defaultInternal, gridPoints, false, points);
        }

        if (SymbolEqualityComparer.Default.Equals(attributeClass, _known.IntRange))
        {
            if (nullable || valueType is not (ValueType.Int32 or ValueType.Int64))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), name, "IntRange", "an int or long property", shownType);
            }

            long low = Convert.ToInt64(attribute.ConstructorArguments[0].Value, CultureInfo.InvariantCulture);
            long high = Convert.ToInt64(attribute.ConstructorArguments[1].Value, CultureInfo.InvariantCulture);
            long step = Named(attribute, "Step") is { } s ? Convert.ToInt64(s.Value, CultureInfo.InvariantCulture) : 1;
            bool log = Named(attribute, "Log") is { Value: true };
            long? defaultValue = Named(attribute, "Default") is { } d ? Convert.ToInt64(d.Value, CultureInfo.InvariantCulture) : null;
            return IntParameter(property, attribute, "IntRange", valueType, low, high, log, step, defaultValue, propertyType);
        }

        return ParseChoice(property, attribute, valueType, nullable, underlying, propertyType);
    }

    private ParsedParameter? IntParameter(IPropertySymbol property, AttributeData attribute, string attributeName, ValueType valueType, long low, long high, bool log, long step, long? defaultValue, string propertyType, string? defaultOutsideLong = null)
    {
        string name = property.Name;
        if (SearchSpaceRules.CheckIntRange(attributeName, low, high, log, step) is { } rangeProblem)
        {
            return FailRange(rangeProblem.Rule, At(attribute), name, attributeName, integer: true, log, step > 0, I(low), I(high), I(step), I(unchecked(high - low)));
        }

        if (valueType == ValueType.Int32 && (low < int.MinValue || high > int.MaxValue))
        {
            return Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, At(attribute), name, attributeName, "bounds within the range of int", $"low = {I(low)}, high = {I(high)}");
        }

        if (defaultOutsideLong is not null)
        {
            return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), name, defaultOutsideLong, $"outside [{I(low)}, {I(high)}]");
        }

        string? defaultLiteral = null;
        string defaultInternal = "double.NaN";
        if (defaultValue is { } def)
        {
            if (SearchSpaceRules.CheckIntValue(low, high, step, def) is not null)
            {
                string why = def >= low && def <= high ? $"not on the step {I(step)} from {I(low)}" : $"outside [{I(low)}, {I(high)}]";
                return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), name, I(def), why);
            }

            defaultLiteral = valueType == ValueType.Int32 ? def.ToString(CultureInfo.InvariantCulture) : def.ToString(CultureInfo.InvariantCulture) + "L";
            defaultInternal = DoubleLiteral(def);
        }

        if (_sink is not null)
        {
            _initialValueRules.Add(new InitialValueRule(
                property,
                v => !IsWhole(v) ? "not a whole number" : SearchSpaceRules.CheckIntValue(low, high, step, Convert.ToInt64(v, CultureInfo.InvariantCulture)) is null ? null
                    : Convert.ToInt64(v, CultureInfo.InvariantCulture) is var x && x >= low && x <= high ? $"not on the step {I(step)} from {I(low)}" : $"outside [{I(low)}, {I(high)}]",
                v => IsNumber(v) ? Convert.ToString(v, CultureInfo.InvariantCulture)! : ValueText(v),
                v => Convert.ToString(v, CultureInfo.InvariantCulture)!,
                low,
                defaultValue is not null,
                defaultValue,
                (a, b) => IsWhole(a) && IsWhole(b) && Convert.ToInt64(a, CultureInfo.InvariantCulture) == Convert.ToInt64(b, CultureInfo.InvariantCulture)));
        }

        string arguments = $"{low.ToString(CultureInfo.InvariantCulture)}L, {high.ToString(CultureInfo.InvariantCulture)}L, {Bool(log)}, {step.ToString(CultureInfo.InvariantCulture)}L";
        return new ParsedParameter(name, ParameterKind.Int, propertyType, valueType == ValueType.Int32 ? "int" : "long", arguments, defaultLiteral, defaultInternal, 0, false, (high - low) / step + 1)
        {
            IntRange = (low, high, step),
        };
    }

    private ParsedParameter? ParseChoice(IPropertySymbol property, AttributeData attribute, ValueType valueType, bool nullable, ITypeSymbol underlying, string propertyType)
    {
        string name = property.Name;
        string shownType = property.Type.ToDisplayString(MessageTypeFormat);
        if (valueType is not (ValueType.String or ValueType.Int32 or ValueType.Int64 or ValueType.Double or ValueType.Boolean or ValueType.Enum))
        {
            return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), name, "Choice", "a string, int, long, double, bool or enum property", shownType);
        }

        // Choice<T> fits a property of type T and its nullable form: Choice<int> on int? offers 1, 2, 4 and never
        // null (a T[] cannot hold it), Choice<int?> on int? may offer null too.
        INamedTypeSymbol attributeClass = attribute.AttributeClass!;
        ITypeSymbol choiceTypeArgument = attributeClass.IsGenericType ? attributeClass.TypeArguments[0].WithNullableAnnotation(NullableAnnotation.NotAnnotated) : property.Type;
        if (attributeClass.IsGenericType
            && !SymbolEqualityComparer.Default.Equals(choiceTypeArgument, property.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated))
            && !(nullable && property.Type.IsValueType && SymbolEqualityComparer.Default.Equals(choiceTypeArgument, underlying)))
        {
            string choiceType = attributeClass.TypeArguments[0].ToDisplayString(MessageTypeFormat);
            return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), name, $"Choice<{choiceType}>", $"a property of type {choiceType}", shownType);
        }

        var target = new ChoiceTarget(valueType, nullable, underlying);
        ImmutableArray<TypedConstant> values = ArrayValues(attribute.ConstructorArguments[0]);
        var literals = new List<string>();
        var keys = new List<string>();
        var raw = new List<object?>();
        if (values.Length == 0)
        {
            foreach ((string literal, string key, object? value) in AllValues(target))
            {
                literals.Add(literal);
                keys.Add(key);
                raw.Add(value);
            }

            if (literals.Count == 0)
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.EmptyChoices, At(attribute), name, shownType);
            }
        }

        // Every bad choice is reported, not just the first, so one build shows them all and one Fix All removes
        // every duplicate.
        bool badChoice = false;
        for (int i = 0; i < values.Length; i++)
        {
            TypedConstant value = values[i];
            if (!TryChoice(target, value, out string literal, out string key, out string why))
            {
                if (value.IsNull && value.Kind != TypedConstantKind.Error)
                {
                    Fail(DiagnosticDescriptors.NullChoiceOnNonNullable, AtArgument(attribute, i, values.Length), name, shownType);
                }
                else
                {
                    Fail(DiagnosticDescriptors.ChoiceTypeMismatch, AtArgument(attribute, i, values.Length), name, Display(value), why, underlying.ToDisplayString(MessageTypeFormat));
                }

                badChoice = true;
                continue;
            }

            if (keys.Contains(key))
            {
                Fail(DiagnosticDescriptors.DuplicateChoice, AtArgument(attribute, i, values.Length), name, Display(value));
                badChoice = true;
                continue;
            }

            literals.Add(literal);
            keys.Add(key);
            raw.Add(value.Value);
        }

        if (badChoice)
        {
            return null;
        }

        string? defaultLiteral = null;
        string defaultInternal = "double.NaN";
        if (Named(attribute, "Default") is { } defaultConstant)
        {
            if (!TryChoice(target, defaultConstant, out string literal, out string key, out string why) || !keys.Contains(key))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), name, Display(defaultConstant), "not among the choices");
            }

            defaultLiteral = literal;
            defaultInternal = DoubleLiteral(keys.IndexOf(key));
        }

        if (_sink is not null)
        {
            TypedConstant? defaultChoice = Named(attribute, "Default");
            string shownChoices = string.Join(", ", raw.Take(8).Select(v => ChoiceText(target, v)))
                + (raw.Count > 8 ? $", ... ({raw.Count.ToString(CultureInfo.InvariantCulture)} choices)" : string.Empty);
            _initialValueRules.Add(new InitialValueRule(
                property,
                v => ChoiceKey(target, v) is { } k && keys.Contains(k) ? null : $"not among the choices {shownChoices}",
                v => ChoiceText(target, v),
                v => ChoiceCode(target, v),
                raw[0],
                defaultChoice is not null,
                defaultChoice?.Value,
                (a, b) => ChoiceKey(target, a) is { } ka && ka == ChoiceKey(target, b)));
        }

        string arguments = $"new {propertyType}[] {{ {string.Join(", ", literals)} }}";
        return new ParsedParameter(name, ParameterKind.Categorical, propertyType, propertyType, arguments, defaultLiteral, defaultInternal, 0, nullable, literals.Count)
        {
            Target = target,
            ChoiceKeys = keys,
        };
    }

    private List<ParameterSpec>? ResolveConditions(INamedTypeSymbol type, List<ParsedParameter> parameters)
    {
        // Not ToDictionary: a property declared twice (CS0102) must not throw. The first declaration stands for
        // the name, as it does for the compiler's own lookups.
        var byName = new Dictionary<string, ParsedParameter>(StringComparer.Ordinal);
        foreach (ParsedParameter parameter in parameters)
        {
            if (!byName.ContainsKey(parameter.PropertyName))
            {
                byName.Add(parameter.PropertyName, parameter);
            }
        }

        foreach (ParsedParameter parameter in parameters)
        {
            if (parameter.ConditionParent is not { } parentName)
            {
                continue;
            }

            bool ranged = parameter.ConditionAtLeast is not null || parameter.ConditionAtMost is not null;
            if (ranged && parameter.ConditionValues.Length > 0)
            {
                // Which of the two was meant is not known; the parent's kind does not settle it.
                Fail(DiagnosticDescriptors.ConditionValuesAndRange, At(parameter.ConditionAttribute), parameter.PropertyName, parentName, BoundsWritten(parameter));
                continue;
            }

            if (!byName.TryGetValue(parentName, out ParsedParameter? parent))
            {
                Fail(DiagnosticDescriptors.UnknownConditionParameter, At(parameter.ConditionAttribute), parameter.PropertyName, parentName, type.Name);
                continue;
            }

            if (parent.AttemptedKind == ParameterKind.Categorical && ranged)
            {
                string bound = parameter.ConditionAtLeast is not null ? "AtLeast" : "AtMost";
                Fail(DiagnosticDescriptors.ConditionRangeOnCategorical, AtNamed(parameter.ConditionAttribute, bound), parameter.PropertyName, parentName, bound);
                continue;
            }

            if (parent.AttemptedKind == ParameterKind.Float)
            {
                Fail(DiagnosticDescriptors.ConditionOnContinuousParameter, At(parameter.ConditionAttribute), parameter.PropertyName, parentName);
                continue;
            }

            if (parent.AttemptedKind == ParameterKind.Int)
            {
                if (!parent.IsInvalid || parent.IntRange is not null)
                {
                    // An integer parent whose range has errors has no known values: its own diagnostic is the one to fix.
                    ResolveIntegerCondition(parameter, parentName, parent, ranged);
                }

                continue;
            }

            if (parent.IsInvalid && (parent.AttemptedKind is null || (parent.AttemptedKind == ParameterKind.Categorical && parent.ChoiceKeys is null)))
            {
                // A choice with errors of its own (or a parameter whose kind is unknown): which values it has is not
                // known, so the values named here cannot be judged, and the parent's own diagnostic is the one to fix.
                continue;
            }

            if (parent.AttemptedKind != ParameterKind.Categorical || parent.Target is null || parent.ChoiceKeys is null)
            {
                Fail(DiagnosticDescriptors.ConditionParameterNotCategorical, At(parameter.ConditionAttribute), parameter.PropertyName, parentName);
                continue;
            }

            var allowed = new List<int>();
            for (int i = 0; i < parameter.ConditionValues.Length; i++)
            {
                TypedConstant value = parameter.ConditionValues[i];
                int index = TryChoice(parent.Target, value, out _, out string key, out _) ? parent.ChoiceKeys.IndexOf(key) : -1;
                if (index < 0)
                {
                    Fail(DiagnosticDescriptors.ConditionValueNotAChoice, AtArgument(parameter.ConditionAttribute, i + 1, parameter.ConditionValues.Length + 1), parameter.PropertyName, parentName, Display(value));
                }
                else if (!allowed.Contains(index))
                {
                    allowed.Add(index);
                }
            }

            if (parameter.ConditionValues.Length == 0)
            {
                Fail(DiagnosticDescriptors.ConditionValueNotAChoice, At(parameter.ConditionAttribute), parameter.PropertyName, parentName, "no value");
            }

            allowed.Sort();
            parameter.Condition = new ConditionSpec(parentName, allowed.ToEquatableArray());
        }

        foreach (ParsedParameter parameter in parameters)
        {
            if (parameter.RepeatedBy is { } countName)
            {
                ResolveRepeatCount(type, parameter, countName, byName);
            }
        }

        // Parents before the parameters they control, otherwise declaration order. A cycle is reported even when
        // other problems were found: it is independent of them.
        var ordered = new List<ParsedParameter>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<ParsedParameter>(parameters);
        while (pending.Count > 0)
        {
            int next = pending.FindIndex(p => (p.Condition is null || placed.Contains(p.Condition.ParentProperty))
                && (p.RepeatMax == 0 || placed.Contains(p.RepeatedBy!)));
            if (next < 0)
            {
                return Fail<List<ParameterSpec>>(DiagnosticDescriptors.ConditionCycle, At(pending[0].ConditionAttribute), type.Name, string.Join(", ", pending.Select(p => p.PropertyName)));
            }

            ParsedParameter parameter = pending[next];
            pending.RemoveAt(next);
            placed.Add(parameter.PropertyName);
            ordered.Add(parameter);
        }

        return _failed ? null : ordered.Select(p => p.ToSpec()).ToList();
    }

    /// <summary>More instances than this are refused: each one adds the element's parameters to the descriptor.</summary>
    internal const int MaxRepeatCount = 1024;

    /// <summary>More instances than this are warned about (AT0050).</summary>
    internal const int LargeRepeatCount = 16;

    private void ResolveRepeatCount(INamedTypeSymbol type, ParsedParameter parameter, string countName, Dictionary<string, ParsedParameter> byName)
    {
        Location? at = AtArgument(parameter.RepeatedByAttribute, 0, 1);
        if (!byName.TryGetValue(countName, out ParsedParameter? count))
        {
            Fail(DiagnosticDescriptors.RepeatedCountNotInteger, at, parameter.PropertyName, countName, $"is not a tuned property of {type.Name}");
            return;
        }

        if (count.AttemptedKind != ParameterKind.Int)
        {
            string what = count.AttemptedKind switch
            {
                ParameterKind.Float => "is a floating-point range",
                ParameterKind.Categorical => "is categorical",
                ParameterKind.Nested => "is a nested space",
                ParameterKind.Repeated => "is a repeated space",
                _ => "is not an integer range",
            };
            Fail(DiagnosticDescriptors.RepeatedCountNotInteger, at, parameter.PropertyName, countName, what);
            return;
        }

        if (count.IntRange is not { } range)
        {
            // Its own range has errors, reported on it.
            _failed = true;
            return;
        }

        if (range.Low < 0)
        {
            Fail(DiagnosticDescriptors.RepeatedCountNotInteger, at, parameter.PropertyName, countName, $"can be negative ({RangeDisplay(range)})");
            return;
        }

        if (range.High > MaxRepeatCount)
        {
            Fail(DiagnosticDescriptors.RepeatedCountNotInteger, at, parameter.PropertyName, countName, $"can be up to {I(range.High)}, more than the {I(MaxRepeatCount)} instances a space can hold");
            return;
        }

        if (range.High > LargeRepeatCount)
        {
            Report(DiagnosticDescriptors.LargeRepeatCount, at, parameter.PropertyName, countName, I(range.High), I(LargeRepeatCount));
        }

        parameter.RepeatMax = (int)range.High;
        parameter.RepeatCountLow = range.Low;
        parameter.RepeatCountStep = range.Step;
    }

    private void ResolveIntegerCondition(ParsedParameter parameter, string parentName, ParsedParameter parent, bool ranged)
    {
        if (parent.IntRange is not { } range)
        {
            return;
        }

        string values = RangeDisplay(range);
        if (ranged)
        {
            long atLeast = parameter.ConditionAtLeast ?? long.MinValue;
            long atMost = parameter.ConditionAtMost ?? long.MaxValue;
            if (atLeast > atMost)
            {
                Fail(DiagnosticDescriptors.ConditionBoundsReversed, At(parameter.ConditionAttribute), parameter.PropertyName, parentName, I(atLeast), I(atMost));
                return;
            }

            if (SearchSpaceRules.FirstIntValueBetween(range.Low, range.High, range.Step, atLeast, atMost) is null)
            {
                Fail(DiagnosticDescriptors.ConditionRangeEmpty, At(parameter.ConditionAttribute), parameter.PropertyName, parentName, BoundsWritten(parameter), values);
                return;
            }

            parameter.Condition = new ConditionSpec(parentName, EquatableArray<int>.Empty)
            {
                Form = ConditionForm.Range,
                AtLeast = parameter.ConditionAtLeast,
                AtMost = parameter.ConditionAtMost,
                ParentLow = range.Low,
                ParentStep = range.Step,
            };
            return;
        }

        if (parameter.ConditionValues.Length == 0)
        {
            Fail(DiagnosticDescriptors.ConditionValueNotAParentValue, At(parameter.ConditionAttribute), parameter.PropertyName, parentName, values, "no value");
            return;
        }

        var allowed = new List<long>();
        bool bad = false;
        for (int i = 0; i < parameter.ConditionValues.Length; i++)
        {
            TypedConstant value = parameter.ConditionValues[i];
            string? why = value.Kind is TypedConstantKind.Error or TypedConstantKind.Array || !IsWhole(value.Value) ? "not an integer"
                : SearchSpaceRules.CheckIntValue(range.Low, range.High, range.Step, Convert.ToInt64(value.Value, CultureInfo.InvariantCulture)) is null ? null
                : Convert.ToInt64(value.Value, CultureInfo.InvariantCulture) is var x && x >= range.Low && x <= range.High ? $"not on the step {I(range.Step)} from {I(range.Low)}"
                : "outside the range";
            if (why is not null)
            {
                bad = true;
                Fail(DiagnosticDescriptors.ConditionValueNotAParentValue, AtArgument(parameter.ConditionAttribute, i + 1, parameter.ConditionValues.Length + 1), parameter.PropertyName, parentName, values, $"{Display(value)} ({why})");
            }
            else if (!allowed.Contains(Convert.ToInt64(value.Value, CultureInfo.InvariantCulture)))
            {
                allowed.Add(Convert.ToInt64(value.Value, CultureInfo.InvariantCulture));
            }
        }

        if (!bad)
        {
            allowed.Sort();
            parameter.Condition = new ConditionSpec(parentName, EquatableArray<int>.Empty)
            {
                Form = ConditionForm.Values,
                AllowedValues = allowed.ToEquatableArray(),
                ParentLow = range.Low,
                ParentStep = range.Step,
            };
        }
    }

    // "[1, 8]", "[0, 100] in steps of 5".
    private static string RangeDisplay((long Low, long High, long Step) range) =>
        $"[{I(range.Low)}, {I(range.High)}]" + (range.Step > 1 ? $" in steps of {I(range.Step)}" : string.Empty);

    // "AtLeast = 3", "AtMost = 5", "AtLeast = 3, AtMost = 5": as written.
    private static string BoundsWritten(ParsedParameter parameter)
    {
        var parts = new List<string>();
        if (parameter.ConditionAtLeast is { } low)
        {
            parts.Add("AtLeast = " + I(low));
        }

        if (parameter.ConditionAtMost is { } high)
        {
            parts.Add("AtMost = " + I(high));
        }

        return string.Join(", ", parts);
    }

    private static IEnumerable<(string Literal, string Key, object? Value)> AllValues(ChoiceTarget target)
    {
        if (target.Type == ValueType.Boolean)
        {
            yield return ("false", "b:False", false);
            yield return ("true", "b:True", true);
        }
        else if (target.Type == ValueType.Enum)
        {
            var seen = new HashSet<string>();
            foreach (IFieldSymbol field in target.Underlying.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && seen.Add(EnumKey(field.ConstantValue)))
                {
                    yield return (EnumLiteral(target.Underlying, field.ConstantValue), EnumKey(field.ConstantValue), field.ConstantValue);
                }
            }
        }
    }

    private static bool TryChoice(ChoiceTarget target, TypedConstant constant, out string literal, out string key, out string why)
    {
        literal = key = why = string.Empty;
        if (constant.Kind == TypedConstantKind.Error || constant.Kind == TypedConstantKind.Array)
        {
            why = "is not a constant";
            return false;
        }

        object? value = constant.Value;
        if (value is null)
        {
            if (!target.Nullable)
            {
                why = "is null, but the property is not nullable";
                return false;
            }

            literal = "null";
            key = "null";
            return true;
        }

        switch (target.Type)
        {
            case ValueType.String when value is string s:
                literal = SymbolDisplay.FormatLiteral(s, quote: true);
                key = "s:" + s;
                return true;
            case ValueType.Boolean when value is bool b:
                literal = b ? "true" : "false";
                key = "b:" + b;
                return true;
            case ValueType.Int32 or ValueType.Int64 when constant.Kind != TypedConstantKind.Enum && IsIntegral(value):
                decimal whole = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                bool fits = target.Type == ValueType.Int32 ? whole >= int.MinValue && whole <= int.MaxValue : whole >= long.MinValue && whole <= long.MaxValue;
                if (!fits)
                {
                    why = $"is outside the range of {(target.Type == ValueType.Int32 ? "int" : "long")}";
                    return false;
                }

                literal = whole.ToString(CultureInfo.InvariantCulture) + (target.Type == ValueType.Int64 ? "L" : string.Empty);
                key = "n:" + whole.ToString(CultureInfo.InvariantCulture);
                return true;
            case ValueType.Double when constant.Kind != TypedConstantKind.Enum && (IsIntegral(value) || value is double or float):
                double d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsNaN(d) || double.IsInfinity(d))
                {
                    why = "is not a finite number";
                    return false;
                }

                literal = DoubleLiteral(d);
                key = "n:" + SearchSpaceRules.F(d);
                return true;
            case ValueType.Enum when constant.Kind == TypedConstantKind.Enum && SymbolEqualityComparer.Default.Equals(constant.Type, target.Underlying):
                // A cast such as (Color)5 compiles but names no member: the trial would hold a value the user's code
                // never switches on. A [Flags] enum's combinations of defined flags are members in all but name.
                if (!IsDefinedEnumValue(target.Underlying, value))
                {
                    why = $"is not a defined member of {target.Underlying.ToDisplayString(MessageTypeFormat)}";
                    return false;
                }

                literal = EnumLiteral(target.Underlying, value);
                key = EnumKey(value);
                return true;
        }

        why = constant.Type is { } type ? $"is of type {type.ToDisplayString(MessageTypeFormat)}" : "has no type";
        return false;
    }

    // A constant (as an initializer or an attribute gives it) as the key TryChoice gives the same choice; null when it
    // cannot be a value of the property at all.
    private static string? ChoiceKey(ChoiceTarget target, object? value)
    {
        if (value is null)
        {
            return "null";
        }

        return target.Type switch
        {
            ValueType.String when value is string s => "s:" + s,
            ValueType.Boolean when value is bool b => "b:" + b,
            ValueType.Int32 or ValueType.Int64 when IsIntegral(value) => "n:" + Convert.ToString(value, CultureInfo.InvariantCulture),
            ValueType.Double when IsIntegral(value) || value is double or float => "n:" + SearchSpaceRules.F(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            ValueType.Enum when IsIntegral(value) => EnumKey(value),
            _ => null,
        };
    }

    // A choice as a message shows it: as it is written in source.
    private static string ChoiceText(ChoiceTarget target, object? value)
    {
        if (target.Type == ValueType.Enum && value is not null && IsIntegral(value))
        {
            string typeName = target.Underlying.Name;
            foreach (IFieldSymbol field in target.Underlying.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && EnumKey(field.ConstantValue) == EnumKey(value))
                {
                    return typeName + "." + field.Name;
                }
            }

            return $"({typeName}){Convert.ToString(value, CultureInfo.InvariantCulture)}";
        }

        return target.Type == ValueType.Double && value is not null && (IsIntegral(value) || value is double or float)
            ? SearchSpaceRules.F(Convert.ToDouble(value, CultureInfo.InvariantCulture))
            : ValueText(value);
    }

    // A choice as C# code assigning it to the property; enum members fully qualified (a code fix simplifies them).
    private static string ChoiceCode(ChoiceTarget target, object? value) =>
        value is not null && target.Type == ValueType.Enum ? EnumLiteral(target.Underlying, value) : ChoiceText(target, value);

    private static string ValueText(object? value) => value switch
    {
        null => "null",
        string s => SymbolDisplay.FormatLiteral(s, quote: true),
        bool b => b ? "true" : "false",
        double d => SearchSpaceRules.F(d),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };

    private static bool IsNumber(object? value) => value is not null && (IsIntegral(value) || value is double or float);

    private static bool IsWhole(object? value) => value is not null && IsIntegral(value) && !(value is ulong u && u > long.MaxValue);

    // The runtime's check (FloatDistribution.Explain) in the words of a diagnostic.
    private static string? FloatWhy(double low, double high, double step, double tolerance, object? value)
    {
        if (!IsNumber(value))
        {
            return "not a number";
        }

        double d = ToDouble(value);
        if (double.IsNaN(d) || double.IsInfinity(d) || d < low - tolerance || d > high + tolerance)
        {
            return $"outside [{SearchSpaceRules.F(low)}, {SearchSpaceRules.F(high)}]";
        }

        if (step > 0)
        {
            double nearest = low + Math.Round((d - low) / step) * step;
            if (Math.Abs(nearest - d) > Math.Max(tolerance, 1e-9 * step))
            {
                return $"not on the step {SearchSpaceRules.F(step)} from {SearchSpaceRules.F(low)}";
            }
        }

        return null;
    }

    private static bool IsDefinedEnumValue(ITypeSymbol enumType, object value)
    {
        ulong bits = EnumBits(value);
        ulong covered = 0;
        foreach (IFieldSymbol field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (!field.HasConstantValue || field.ConstantValue is null)
            {
                continue;
            }

            ulong member = EnumBits(field.ConstantValue);
            if (member == bits)
            {
                return true;
            }

            covered |= member;
        }

        bool flags = enumType.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.FlagsAttribute");
        return flags && bits != 0 && (bits & ~covered) == 0;
    }

    // Enum constants of every underlying type as one bit pattern (a negative value sign-extends, as the cast does).
    private static ulong EnumBits(object value) => value switch
    {
        ulong u => u,
        _ => unchecked((ulong)Convert.ToInt64(value, CultureInfo.InvariantCulture)),
    };

    private static string EnumLiteral(ITypeSymbol enumType, object value)
    {
        string typeName = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        foreach (IFieldSymbol field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && Equals(field.ConstantValue, value))
            {
                return typeName + "." + Identifier(field.Name);
            }
        }

        return $"(({typeName})({Convert.ToString(value, CultureInfo.InvariantCulture)}))";
    }

    /// <summary>A name as C# code must write it: keywords escaped with '@', as the declaration had to.</summary>
    internal static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    // AddSource throws on characters it does not allow: '@' only escapes a keyword (dropping it cannot make two
    // names equal), and anything else but letters, digits, dots and underscores becomes '_'.
    private static string HintName(string display)
    {
        var name = new StringBuilder(display.Length + 5);
        foreach (char c in display)
        {
            if (c != '@')
            {
                name.Append(char.IsLetterOrDigit(c) || c is '.' or '_' ? c : '_');
            }
        }

        return name.Append(".g.cs").ToString();
    }

    private static string EnumKey(object? value) => "e:" + Convert.ToString(value, CultureInfo.InvariantCulture);

    private static bool IsIntegral(object value) => value is int or long or short or byte or sbyte or ushort or uint or ulong;

    private static ValueType Classify(ITypeSymbol type, out bool nullable, out ITypeSymbol underlying)
    {
        nullable = false;
        underlying = type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } wrapper)
        {
            nullable = true;
            underlying = wrapper.TypeArguments[0];
        }
        else if (type.IsReferenceType && type.NullableAnnotation == NullableAnnotation.Annotated)
        {
            nullable = true;
        }

        if (underlying.TypeKind == TypeKind.Enum)
        {
            return ValueType.Enum;
        }

        return underlying.SpecialType switch
        {
            SpecialType.System_Double => ValueType.Double,
            SpecialType.System_Single => ValueType.Single,
            SpecialType.System_Int32 => ValueType.Int32,
            SpecialType.System_Int64 => ValueType.Int64,
            SpecialType.System_String => ValueType.String,
            SpecialType.System_Boolean => ValueType.Boolean,
            _ => ValueType.Other,
        };
    }

    private static bool HasErrors(AttributeData attribute)
    {
        if (attribute.AttributeConstructor is null || attribute.AttributeClass is null or IErrorTypeSymbol)
        {
            return true;
        }

        // Some broken argument lists ("[Choice(]") bind the constructor yet leave its arguments out, with no error
        // constant among them to say so.
        if (attribute.ConstructorArguments.Length != attribute.AttributeConstructor.Parameters.Length)
        {
            return true;
        }

        foreach (TypedConstant argument in attribute.ConstructorArguments)
        {
            if (argument.Kind == TypedConstantKind.Error)
            {
                return true;
            }
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

    private static ImmutableArray<TypedConstant> ArrayValues(TypedConstant argument)
    {
        if (argument.Kind == TypedConstantKind.Array)
        {
            // [Choice(null)] binds null to the params array itself; it reads as "no values" (write new object?[] { null }).
            return argument.IsNull ? ImmutableArray<TypedConstant>.Empty : argument.Values;
        }

        return ImmutableArray.Create(argument);
    }

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

    private static double ToDouble(object? value) => value is null ? double.NaN : Convert.ToDouble(value, CultureInfo.InvariantCulture);

    /// <summary>A C# double literal that round-trips, culture-invariant.</summary>
    internal static string DoubleLiteral(double value) => SearchSpaceRules.F(value) + "d";

    private static string FloatLiteral(float value) => value.ToString("R", CultureInfo.InvariantCulture) + "f";

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Display(TypedConstant constant) =>
        constant.Kind switch
        {
            TypedConstantKind.Error => "?",
            TypedConstantKind.Array => "an array",
            _ when constant.IsNull => "null",
            _ when constant.Value is string s => SymbolDisplay.FormatLiteral(s, true),

            // ToCSharpString shows a value that names no member as a bare number; show the cast the user wrote.
            TypedConstantKind.Enum when constant.Type is { } type && !IsDefinedEnumValue(type, constant.Value!) =>
                $"({type.Name}){Convert.ToString(constant.Value, CultureInfo.InvariantCulture)}",
            _ => constant.ToCSharpString(),
        };

    private static string Short(AttributeData attribute) => "[" + attribute.AttributeClass!.Name.Replace("Attribute", string.Empty) + "]";

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

    // SearchSpaceRules decides which rule a range breaks and words it for the runtime's exception; a diagnostic
    // needs the same facts as separate message arguments, so they are picked here from the rule and the values.
    // The branches mirror the order of the checks in CheckFloatRange and CheckIntRange.
    private ParsedParameter? FailRange(RangeRule rule, Location? location, string name, string attributeName, bool integer, bool log, bool positiveStep, string low, string high, string step, string span) =>
        rule switch
        {
            RangeRule.Reversed => Fail<ParsedParameter>(DiagnosticDescriptors.ReversedRange, location, name, attributeName, low, high),
            RangeRule.NonPositiveLog => Fail<ParsedParameter>(DiagnosticDescriptors.NonPositiveLogRange, location, name, attributeName, integer ? "low >= 1" : "low > 0", low),
            RangeRule.InvalidStep when positiveStep && log => Fail<ParsedParameter>(DiagnosticDescriptors.InvalidStep, location, name, attributeName, integer ? "Step = 1 on a log scale" : "no Step on a log scale", step),
            RangeRule.InvalidStep => Fail<ParsedParameter>(DiagnosticDescriptors.InvalidStep, location, name, attributeName, integer ? "Step > 0" : "Step > 0 (or 0 for continuous)", step),
            RangeRule.StepDoesNotDivide => Fail<ParsedParameter>(DiagnosticDescriptors.StepDoesNotDivideRange, location, name, attributeName, span, step),
            RangeRule.OutsideExactRange => Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, location, name, attributeName, "bounds within ±2^53", $"low = {low}, high = {high}"),
            _ => Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, location, name, attributeName, "finite bounds", $"low = {low}, high = {high}"),
        };

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private Location? At(ISymbol symbol) => symbol.Locations.FirstOrDefault(l => l.IsInSource);

    private Location? At(AttributeData? attribute) =>
        attribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken).GetLocation();

    // The argument holding the index-th value of a params list; the whole attribute when the values were passed
    // as one array (or the syntax is not there).
    private Location? AtArgument(AttributeData? attribute, int index, int positionalCount)
    {
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list } syntax)
        {
            var positional = list.Arguments.Where(a => a.NameEquals is null).ToList();
            return positional.Count == positionalCount && index < positional.Count ? positional[index].GetLocation() : syntax.GetLocation();
        }

        return At(attribute);
    }

    // The named argument (AtLeast = 3); the whole attribute when it is not in the syntax.
    private Location? AtNamed(AttributeData? attribute, string name)
    {
        if (attribute?.ApplicationSyntaxReference?.GetSyntax(_cancellationToken) is AttributeSyntax { ArgumentList: { } list }
            && list.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == name) is { } argument)
        {
            return argument.GetLocation();
        }

        return At(attribute);
    }

    private bool Fail(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
    {
        Report(descriptor, location, messageArgs);
        _failed = true;
        return false;
    }

    private T? Fail<T>(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
        where T : class
    {
        Fail(descriptor, location, messageArgs);
        return null;
    }

    private void Report(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs) =>
        _sink?.Invoke(descriptor, location, messageArgs);

    private enum ValueType
    {
        Other,
        Double,
        Single,
        Int32,
        Int64,
        String,
        Boolean,
        Enum,
    }

    private sealed record ChoiceTarget(ValueType Type, bool Nullable, ITypeSymbol Underlying);

    /// <summary>A parameter while its condition is being resolved; holds symbols, so it never leaves the parser.</summary>
    private sealed class ParsedParameter
    {
        public ParsedParameter(string propertyName, ParameterKind kind, string propertyType, string elementType, string distributionArguments, string? defaultLiteral, string defaultInternal, int gridPoints, bool isNullable, long pointCount)
        {
            PointCount = pointCount;
            PropertyName = propertyName;
            Kind = kind;
            AttemptedKind = kind;
            PropertyType = propertyType;
            ElementType = elementType;
            DistributionArguments = distributionArguments;
            DefaultLiteral = defaultLiteral;
            DefaultInternal = defaultInternal;
            GridPoints = gridPoints;
            IsNullable = isNullable;
        }

        /// <summary>A parameter with errors: only its name (and, when known, its kind) is kept, for its conditions.</summary>
        public static ParsedParameter Invalid(string propertyName, ParameterKind? kind) =>
            new(propertyName, kind ?? ParameterKind.Float, string.Empty, string.Empty, string.Empty, null, "double.NaN", 0, false, 0)
            {
                IsInvalid = true,
                AttemptedKind = kind,
            };

        public bool IsInvalid { get; set; }
        public ParameterKind? AttemptedKind { get; private init; }
        public string PropertyName { get; }
        public ParameterKind Kind { get; }
        public string PropertyType { get; }
        public string ElementType { get; }
        public string DistributionArguments { get; }
        public string? DefaultLiteral { get; }
        public string DefaultInternal { get; }
        public int GridPoints { get; }
        public bool IsNullable { get; }
        public long PointCount { get; }
        public ChoiceTarget? Target { get; init; }
        public List<string>? ChoiceKeys { get; init; }
        public string? ConditionParent { get; set; }
        public ImmutableArray<TypedConstant> ConditionValues { get; set; } = ImmutableArray<TypedConstant>.Empty;
        public long? ConditionAtLeast { get; set; }
        public long? ConditionAtMost { get; set; }
        public ConditionSpec? Condition { get; set; }
        public AttributeData? ConditionAttribute { get; set; }
        public (long Low, long High, long Step)? IntRange { get; init; }
        public bool IsMutable { get; set; }

        public bool NestedHasIsActive { get; init; }
        public string? RepeatedBy { get; set; }
        public AttributeData? RepeatedByAttribute { get; set; }
        public int RepeatMax { get; set; }
        public long RepeatCountLow { get; set; }
        public long RepeatCountStep { get; set; } = 1;
        public string RepeatCollection { get; init; } = string.Empty;
        public string? NameOverride { get; set; }
        public AttributeData? NameAttribute { get; set; }
        public string StoredName => NameOverride ?? PropertyName;

        public ParameterSpec ToSpec() =>
            new(PropertyName, Kind, PropertyType, ElementType, DistributionArguments, DefaultLiteral, DefaultInternal, GridPoints, Condition, IsNullable, PointCount, IsMutable, NestedHasIsActive)
            {
                NameOverride = NameOverride,
                RepeatedBy = RepeatedBy,
                RepeatMax = RepeatMax,
                RepeatCollection = RepeatCollection,
                RepeatCountLow = RepeatCountLow,
                RepeatCountStep = RepeatCountStep,
            };
    }
}
