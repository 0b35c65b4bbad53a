using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using AttrTune.Rules;

namespace AttrTune.SourceGeneration;

/// <summary>Receives a problem found while reading a search space; the analyzers turn each into a diagnostic.</summary>
internal delegate void ProblemSink(DiagnosticDescriptor descriptor, Location? location, string message);

/// <summary>
/// Reads a [SearchSpace] type into a <see cref="SearchSpaceSpec"/>. It never throws on bad or half-typed code:
/// anything it cannot handle is reported to the sink (when there is one) and the type is skipped (null).
/// </summary>
internal sealed class SearchSpaceParser
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier)
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private readonly KnownSymbols _known;
    private ProblemSink? _sink;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<ITypeSymbol> _inProgress = new(SymbolEqualityComparer.Default);
    private bool _failed;

    public SearchSpaceParser(KnownSymbols known, ProblemSink? sink, CancellationToken cancellationToken)
    {
        _known = known;
        _sink = sink;
        _cancellationToken = cancellationToken;
    }

    /// <summary>The spec, or null when the type cannot be generated (the sink was told why).</summary>
    public SearchSpaceSpec? Parse(INamedTypeSymbol type)
    {
        _failed = false;
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
            if (!CheckType(type))
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

            if (_failed)
            {
                return null;
            }

            List<ParameterSpec>? ordered = ResolveConditions(type, parameters);
            if (ordered is null)
            {
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
                display.Replace('<', '_').Replace('>', '_') + ".g.cs",
                containing.ToEquatableArray(),
                ordered.ToEquatableArray());
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
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), $"{type.Name}: [SearchSpace] needs a class or record class");
        }

        if (type.IsAbstract && !type.IsStatic)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), $"{type.Name}: a [SearchSpace] type cannot be abstract, it must be instantiable");
        }

        if (type.TypeParameters.Length > 0)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), $"{type.Name}: a [SearchSpace] type cannot be generic");
        }

        if (type.IsFileLocal)
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), $"{type.Name}: a [SearchSpace] type cannot be file-local");
        }

        if (type.Locations.Any(l => l.IsInSource) && !IsPartial(type))
        {
            ok = Fail(DiagnosticDescriptors.NotPartial, At(type), $"{type.Name}: a [SearchSpace] type must be partial");
        }

        for (INamedTypeSymbol? outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (!IsPartial(outer))
            {
                ok = Fail(DiagnosticDescriptors.NotPartial, At(type), $"{type.Name}: its containing type {outer.Name} must be partial");
            }
            else if (outer.TypeParameters.Length > 0)
            {
                ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), $"{type.Name}: its containing type {outer.Name} cannot be generic");
            }
        }

        if (type.TypeKind == TypeKind.Class && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
        {
            ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(type), $"{type.Name}: a [SearchSpace] type needs a parameterless constructor");
        }

        foreach (ISymbol member in type.GetMembers())
        {
            if (member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true })
            {
                ok = Fail(DiagnosticDescriptors.InvalidSearchSpaceType, At(member), $"{type.Name}.{member.Name}: a [SearchSpace] type cannot have required members");
            }
        }

        return ok;
    }

    private ParsedParameter? ParseProperty(INamedTypeSymbol owner, IPropertySymbol property)
    {
        AttributeData? distribution = null;
        AttributeData? activeWhen = null;
        AttributeData? mutable = null;
        foreach (AttributeData attribute in property.GetAttributes())
        {
            if (_known.IsDistributionAttribute(attribute.AttributeClass))
            {
                if (distribution is not null)
                {
                    Fail(DiagnosticDescriptors.MultipleDistributions, At(attribute), $"{property.Name}: has more than one distribution attribute ({Short(distribution)} and {Short(attribute)})");
                    return null;
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
        }

        ITypeSymbol propertyType = property.Type;
        bool isNested = distribution is null && propertyType is INamedTypeSymbol { TypeKind: TypeKind.Class } && _known.IsSearchSpaceType(propertyType);
        if (distribution is null && !isNested)
        {
            if (activeWhen is not null)
            {
                Fail(DiagnosticDescriptors.ConditionOnUntunedProperty, At(activeWhen), $"{property.Name}: [ActiveWhen] is only for tuned properties and nested spaces");
            }

            if (mutable is not null)
            {
                Fail(DiagnosticDescriptors.MutableNotTuned, At(mutable), $"{property.Name}: [Mutable] is only for tuned parameters (a distribution attribute), not for untuned properties or nested spaces");
            }

            return null;
        }

        if (property.IsStatic || property.IsIndexer)
        {
            Fail(DiagnosticDescriptors.InvalidTunedProperty, At(property), $"{property.Name}: a tuned property must be an instance property");
            return null;
        }

        if (property.SetMethod is null)
        {
            Fail(DiagnosticDescriptors.InvalidTunedProperty, At(property), $"{property.Name}: a tuned property needs a set or init accessor");
            return null;
        }

        if (distribution is not null && HasErrors(distribution))
        {
            // The compiler already reports the broken arguments.
            _failed = true;
            return null;
        }

        if (isNested && mutable is not null)
        {
            Fail(DiagnosticDescriptors.MutableNotTuned, At(mutable), $"{property.Name}: [Mutable] is only for tuned parameters (a distribution attribute), not for untuned properties or nested spaces");
            return null;
        }

        ParsedParameter? parsed = isNested ? ParseNested(property) : ParseDistribution(property, distribution!);
        if (parsed is not null)
        {
            parsed.IsMutable = mutable is not null;
        }

        if (parsed is not null && activeWhen is not null)
        {
            if (HasErrors(activeWhen))
            {
                _failed = true;
                return null;
            }

            parsed.ConditionAttribute = activeWhen;
            parsed.ConditionParent = activeWhen.ConstructorArguments[0].Value as string;
            parsed.ConditionValues = ArrayValues(activeWhen.ConstructorArguments[1]);
        }

        return parsed;
    }

    private ParsedParameter? ParseNested(IPropertySymbol property)
    {
        var nestedType = (INamedTypeSymbol)property.Type;
        bool inSource = nestedType.Locations.Any(l => l.IsInSource);
        if (ReachesTypeInProgress(nestedType, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)))
        {
            Fail(DiagnosticDescriptors.NestedSpaceCycle, At(property), $"{property.Name}: nested search spaces form a cycle through {nestedType.Name}");
            return null;
        }

        if (inSource)
        {
            // Its generated members exist only if the generator accepts it, so it must pass the same checks. Its own
            // problems are reported where it is declared, not here.
            ProblemSink? sink = _sink;
            bool failedBefore = _failed;
            _sink = null;
            SearchSpaceSpec? nested = ParseType(nestedType);
            _sink = sink;
            _failed = failedBefore;
            if (nested is null)
            {
                Fail(DiagnosticDescriptors.InvalidNestedSpace, At(property), $"{property.Name}: the nested search space {nestedType.Name} is invalid (see its own errors)");
                return null;
            }
        }
        else if (!nestedType.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _known.SearchSpaceInterface)))
        {
            Fail(DiagnosticDescriptors.InvalidNestedSpace, At(property), $"{property.Name}: the nested type {nestedType.Name} does not implement ISearchSpace (was its assembly built with the AttrTune generator?)");
            return null;
        }

        bool nullable = property.NullableAnnotation == NullableAnnotation.Annotated;
        string element = nestedType.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(TypeFormat);
        return new ParsedParameter(property.Name, ParameterKind.Nested, property.Type.ToDisplayString(TypeFormat), element, string.Empty, null, "double.NaN", 0, nullable, 0);
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
                return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), $"{name}: [{attributeName}] needs a double, float, int or long property, not {propertyType}");
            }

            if (valueType is ValueType.Int32 or ValueType.Int64)
            {
                // Integer properties: the same range read as whole numbers.
                foreach ((string what, double value) in new[] { ("low", low), ("high", high), ("Step", step) })
                {
                    if (value != Math.Floor(value) || Math.Abs(value) > SearchSpaceRules.MaxExactInteger)
                    {
                        return Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, At(attribute), $"{name}: [{attributeName}] on an integer property needs whole-number bounds and step, got {what} = {SearchSpaceRules.F(value)}");
                    }
                }

                if (defaultValue is { } dv && dv != Math.Floor(dv))
                {
                    return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), $"{name}: Default = {SearchSpaceRules.F(dv)} is not a whole number");
                }

                return IntParameter(property, attribute, attributeName, valueType, (long)low, (long)high, log, step == 0 ? 1 : (long)step, defaultValue is { } x ? (long)x : null, propertyType);
            }

            if (SearchSpaceRules.CheckFloatRange(attributeName, low, high, log, step) is { } rangeProblem)
            {
                return Fail<ParsedParameter>(ForRange(rangeProblem.Rule), At(attribute), $"{name}: {rangeProblem.Message}");
            }

            bool single = valueType == ValueType.Single;
            if (single && (Math.Abs(low) > float.MaxValue || Math.Abs(high) > float.MaxValue))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, At(attribute), $"{name}: [{attributeName}] bounds do not fit a float");
            }

            string? defaultLiteral = null;
            string defaultInternal = "double.NaN";
            if (defaultValue is { } def)
            {
                if (SearchSpaceRules.CheckFloatValue(low, high, step, def) is { } defaultProblem)
                {
                    return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), $"{name}: Default {defaultProblem}");
                }

                defaultLiteral = single ? FloatLiteral((float)def) : DoubleLiteral(def);
                defaultInternal = single ? DoubleLiteral((float)def) : DoubleLiteral(def);
            }

            if (!log && step == 0 && low > 0 && high / low >= 1000)
            {
                // Advice only: the space is valid, so the type is still generated.
                Report(DiagnosticDescriptors.ConsiderLogUniform, At(attribute), $"{name}: [Uniform({SearchSpaceRules.F(low)}, {SearchSpaceRules.F(high)})] spans {Math.Floor(Math.Log10(high / low)).ToString(CultureInfo.InvariantCulture)} decades; consider [LogUniform] so that every decade is searched equally");
            }

            string arguments = $"{DoubleLiteral(low)}, {DoubleLiteral(high)}, {Bool(log)}, {DoubleLiteral(step)}, {Bool(single)}";
            long points = step > 0 ? SearchSpaceRules.StepCount(low, high, step) : 0;
            return new ParsedParameter(name, ParameterKind.Float, propertyType, single ? "float" : "double", arguments, defaultLiteral, defaultInternal, gridPoints, false, points);
        }

        if (SymbolEqualityComparer.Default.Equals(attributeClass, _known.IntRange))
        {
            if (nullable || valueType is not (ValueType.Int32 or ValueType.Int64))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), $"{name}: [IntRange] needs an int or long property, not {propertyType}");
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

    private ParsedParameter? IntParameter(IPropertySymbol property, AttributeData attribute, string attributeName, ValueType valueType, long low, long high, bool log, long step, long? defaultValue, string propertyType)
    {
        string name = property.Name;
        if (SearchSpaceRules.CheckIntRange(attributeName, low, high, log, step) is { } rangeProblem)
        {
            return Fail<ParsedParameter>(ForRange(rangeProblem.Rule), At(attribute), $"{name}: {rangeProblem.Message}");
        }

        if (valueType == ValueType.Int32 && (low < int.MinValue || high > int.MaxValue))
        {
            return Fail<ParsedParameter>(DiagnosticDescriptors.BoundsOutsideType, At(attribute), $"{name}: [{attributeName}] bounds [{low}, {high}] do not fit an int property");
        }

        string? defaultLiteral = null;
        string defaultInternal = "double.NaN";
        if (defaultValue is { } def)
        {
            if (SearchSpaceRules.CheckIntValue(low, high, step, def) is { } defaultProblem)
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), $"{name}: Default {defaultProblem}");
            }

            defaultLiteral = valueType == ValueType.Int32 ? def.ToString(CultureInfo.InvariantCulture) : def.ToString(CultureInfo.InvariantCulture) + "L";
            defaultInternal = DoubleLiteral(def);
        }

        string arguments = $"{low.ToString(CultureInfo.InvariantCulture)}L, {high.ToString(CultureInfo.InvariantCulture)}L, {Bool(log)}, {step.ToString(CultureInfo.InvariantCulture)}L";
        return new ParsedParameter(name, ParameterKind.Int, propertyType, valueType == ValueType.Int32 ? "int" : "long", arguments, defaultLiteral, defaultInternal, 0, false, (high - low) / step + 1);
    }

    private ParsedParameter? ParseChoice(IPropertySymbol property, AttributeData attribute, ValueType valueType, bool nullable, ITypeSymbol underlying, string propertyType)
    {
        string name = property.Name;
        if (valueType is not (ValueType.String or ValueType.Int32 or ValueType.Int64 or ValueType.Double or ValueType.Boolean or ValueType.Enum))
        {
            return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), $"{name}: [Choice] needs a string, int, long, double, bool or enum property, not {propertyType}");
        }

        INamedTypeSymbol attributeClass = attribute.AttributeClass!;
        if (attributeClass.IsGenericType && !SymbolEqualityComparer.Default.Equals(attributeClass.TypeArguments[0].WithNullableAnnotation(NullableAnnotation.NotAnnotated), property.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)))
        {
            return Fail<ParsedParameter>(DiagnosticDescriptors.DistributionTypeMismatch, At(attribute), $"{name}: [Choice<{attributeClass.TypeArguments[0].ToDisplayString()}>] does not match the property type {propertyType}");
        }

        var target = new ChoiceTarget(valueType, nullable, underlying);
        ImmutableArray<TypedConstant> values = ArrayValues(attribute.ConstructorArguments[0]);
        var literals = new List<string>();
        var keys = new List<string>();
        if (values.Length == 0)
        {
            foreach ((string literal, string key) in AllValues(target))
            {
                literals.Add(literal);
                keys.Add(key);
            }

            if (literals.Count == 0)
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.EmptyChoices, At(attribute), $"{name}: [Choice] needs at least one value (only bool and enum properties may omit them)");
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            TypedConstant value = values[i];
            if (!TryChoice(target, value, out string literal, out string key, out string why))
            {
                DiagnosticDescriptor rule = value.IsNull && value.Kind != TypedConstantKind.Error ? DiagnosticDescriptors.NullChoiceOnNonNullable : DiagnosticDescriptors.ChoiceTypeMismatch;
                return Fail<ParsedParameter>(rule, AtArgument(attribute, i, values.Length), $"{name}: the choice {Display(value)} {why}");
            }

            if (keys.Contains(key))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.DuplicateChoice, AtArgument(attribute, i, values.Length), $"{name}: the choice {Display(value)} is listed more than once");
            }

            literals.Add(literal);
            keys.Add(key);
        }

        string? defaultLiteral = null;
        string defaultInternal = "double.NaN";
        if (Named(attribute, "Default") is { } defaultConstant)
        {
            if (!TryChoice(target, defaultConstant, out string literal, out string key, out string why) || !keys.Contains(key))
            {
                return Fail<ParsedParameter>(DiagnosticDescriptors.InvalidDefault, At(attribute), $"{name}: Default = {Display(defaultConstant)} is not among the choices");
            }

            defaultLiteral = literal;
            defaultInternal = DoubleLiteral(keys.IndexOf(key));
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
        var byName = parameters.ToDictionary(p => p.PropertyName, StringComparer.Ordinal);
        foreach (ParsedParameter parameter in parameters)
        {
            if (parameter.ConditionParent is not { } parentName)
            {
                continue;
            }

            if (!byName.TryGetValue(parentName, out ParsedParameter? parent))
            {
                Fail(DiagnosticDescriptors.UnknownConditionParameter, At(parameter.ConditionAttribute), $"{parameter.PropertyName}: [ActiveWhen] names '{parentName}', which is not a tuned property of {type.Name}");
                continue;
            }

            if (parent.Kind != ParameterKind.Categorical || parent.Target is null || parent.ChoiceKeys is null)
            {
                Fail(DiagnosticDescriptors.ConditionParameterNotCategorical, At(parameter.ConditionAttribute), $"{parameter.PropertyName}: [ActiveWhen] needs a [Choice] or bool parameter, but {parentName} is not categorical");
                continue;
            }

            var allowed = new List<int>();
            for (int i = 0; i < parameter.ConditionValues.Length; i++)
            {
                TypedConstant value = parameter.ConditionValues[i];
                int index = TryChoice(parent.Target, value, out _, out string key, out _) ? parent.ChoiceKeys.IndexOf(key) : -1;
                if (index < 0)
                {
                    Fail(DiagnosticDescriptors.ConditionValueNotAChoice, AtArgument(parameter.ConditionAttribute, i + 1, parameter.ConditionValues.Length + 1), $"{parameter.PropertyName}: [ActiveWhen] value {Display(value)} is not a choice of {parentName}");
                }
                else if (!allowed.Contains(index))
                {
                    allowed.Add(index);
                }
            }

            if (parameter.ConditionValues.Length == 0)
            {
                Fail(DiagnosticDescriptors.ConditionValueNotAChoice, At(parameter.ConditionAttribute), $"{parameter.PropertyName}: [ActiveWhen] needs at least one value of {parentName}");
            }

            allowed.Sort();
            parameter.Condition = new ConditionSpec(parentName, allowed.ToEquatableArray());
        }

        if (_failed)
        {
            return null;
        }

        // Parents before the parameters they control, otherwise declaration order.
        var ordered = new List<ParameterSpec>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<ParsedParameter>(parameters);
        while (pending.Count > 0)
        {
            int next = pending.FindIndex(p => p.Condition is null || placed.Contains(p.Condition.ParentProperty));
            if (next < 0)
            {
                return Fail<List<ParameterSpec>>(DiagnosticDescriptors.ConditionCycle, At(pending[0].ConditionAttribute), $"{type.Name}: the [ActiveWhen] conditions of {string.Join(", ", pending.Select(p => p.PropertyName))} form a cycle");
            }

            ParsedParameter parameter = pending[next];
            pending.RemoveAt(next);
            placed.Add(parameter.PropertyName);
            ordered.Add(parameter.ToSpec());
        }

        return ordered;
    }

    private static IEnumerable<(string Literal, string Key)> AllValues(ChoiceTarget target)
    {
        if (target.Type == ValueType.Boolean)
        {
            yield return ("false", "b:False");
            yield return ("true", "b:True");
        }
        else if (target.Type == ValueType.Enum)
        {
            var seen = new HashSet<string>();
            foreach (IFieldSymbol field in target.Underlying.GetMembers().OfType<IFieldSymbol>())
            {
                if (field.HasConstantValue && seen.Add(EnumKey(field.ConstantValue)))
                {
                    yield return (EnumLiteral(target.Underlying, field.ConstantValue), EnumKey(field.ConstantValue));
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
                    why = $"does not fit the property type {(target.Type == ValueType.Int32 ? "int" : "long")}";
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
                literal = EnumLiteral(target.Underlying, value);
                key = EnumKey(value);
                return true;
        }

        why = $"does not fit the property type {target.Underlying.ToDisplayString()}";
        return false;
    }

    private static string EnumLiteral(ITypeSymbol enumType, object value)
    {
        string typeName = enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        foreach (IFieldSymbol field in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (field.HasConstantValue && Equals(field.ConstantValue, value))
            {
                return typeName + "." + field.Name;
            }
        }

        return $"(({typeName})({Convert.ToString(value, CultureInfo.InvariantCulture)}))";
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

    private static DiagnosticDescriptor ForRange(RangeRule rule) => rule switch
    {
        RangeRule.Reversed => DiagnosticDescriptors.ReversedRange,
        RangeRule.NonPositiveLog => DiagnosticDescriptors.NonPositiveLogRange,
        RangeRule.InvalidStep => DiagnosticDescriptors.InvalidStep,
        RangeRule.StepDoesNotDivide => DiagnosticDescriptors.StepDoesNotDivideRange,
        _ => DiagnosticDescriptors.BoundsOutsideType,
    };

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

    private bool Fail(DiagnosticDescriptor descriptor, Location? location, string message)
    {
        Report(descriptor, location, message);
        _failed = true;
        return false;
    }

    private T? Fail<T>(DiagnosticDescriptor descriptor, Location? location, string message)
        where T : class
    {
        Fail(descriptor, location, message);
        return null;
    }

    private void Report(DiagnosticDescriptor descriptor, Location? location, string message) =>
        _sink?.Invoke(descriptor, location, message);

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
            PropertyType = propertyType;
            ElementType = elementType;
            DistributionArguments = distributionArguments;
            DefaultLiteral = defaultLiteral;
            DefaultInternal = defaultInternal;
            GridPoints = gridPoints;
            IsNullable = isNullable;
        }

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
        public ConditionSpec? Condition { get; set; }
        public AttributeData? ConditionAttribute { get; set; }
        public bool IsMutable { get; set; }

        public ParameterSpec ToSpec() =>
            new(PropertyName, Kind, PropertyType, ElementType, DistributionArguments, DefaultLiteral, DefaultInternal, GridPoints, Condition, IsNullable, PointCount, IsMutable);
    }
}
