namespace AttrTune.SourceGeneration.Model;

/// <summary>Everything the emitter needs for one [Metrics] type; strings and primitives only, so it caches.</summary>
/// <param name="Namespace">The namespace, empty for the global one.</param>
/// <param name="Declaration">The type's name as its partial declaration writes it (keyword-escaped, with type parameters).</param>
/// <param name="Keyword">class or record.</param>
/// <param name="FullyQualifiedName">The type as generated code names it (global::...).</param>
/// <param name="DisplayName">The type's full name as people read it: the descriptor's type name.</param>
/// <param name="HintName">The generated file's name.</param>
/// <param name="ContainingTypes">Outermost first; names as their partial declarations write them.</param>
/// <param name="Metrics">The stored properties in declaration order.</param>
/// <param name="ConstructorArguments">
/// The primary constructor's arguments of a positional record, in order (empty for any other type, which is built
/// with its parameterless constructor).
/// </param>
/// <param name="RequiredDefaults">Required members that are not metrics: the object initializer sets them to default.</param>
internal sealed record MetricsSpec(
    string Namespace,
    string Declaration,
    string Keyword,
    string FullyQualifiedName,
    string DisplayName,
    string HintName,
    EquatableArray<ContainingTypeSpec> ContainingTypes,
    EquatableArray<MetricSpec> Metrics,
    EquatableArray<ConstructorArgumentSpec> ConstructorArguments,
    EquatableArray<string> RequiredDefaults)
{
    public int ObjectiveCount
    {
        get
        {
            int count = 0;
            foreach (MetricSpec metric in Metrics)
            {
                count += metric.ObjectiveIndex >= 0 ? 1 : 0;
            }

            return count;
        }
    }

    public int ConstraintCount
    {
        get
        {
            int count = 0;
            foreach (MetricSpec metric in Metrics)
            {
                count += metric.ConstraintIndex >= 0 ? 1 : 0;
            }

            return count;
        }
    }
}

/// <summary>How a metric's value is held by its property.</summary>
internal enum MetricType
{
    Double,
    Single,
    Int32,
    Int64,
}

/// <summary>
/// One stored property. <see cref="ObjectiveIndex"/> and <see cref="ConstraintIndex"/> are its slots (-1: none);
/// bounds are C# literals (null: no bound). <see cref="Direction"/> is 0 for none, 1 minimize, 2 maximize.
/// </summary>
internal sealed record MetricSpec(
    string Name,
    string Identifier,
    MetricType Type,
    int Direction,
    int ObjectiveIndex,
    int ConstraintIndex,
    string? MinLiteral,
    string? MaxLiteral,
    bool ViaConstructor);

/// <summary>
/// One argument of a positional record's primary constructor: the metric it receives (an index into
/// <see cref="MetricsSpec.Metrics"/>), or -1 for a parameter that is not a metric, which gets <c>default</c>.
/// </summary>
internal sealed record ConstructorArgumentSpec(string ParameterIdentifier, int MetricIndex);
