using AttrTune.Distributions;

namespace AttrTune.SearchSpaces;

/// <summary>One tuned parameter of a search space: its path, distribution, default and condition.</summary>
public sealed class ParameterDescriptor
{
    internal ParameterDescriptor(int index, string name, Distribution distribution, double defaultValue, ParameterCondition? condition, int gridPoints, bool isMutable, string? propertyPath = null)
    {
        PropertyPath = propertyPath ?? name;
        IsMutable = isMutable;
        Index = index;
        Name = name;
        Distribution = distribution;
        DefaultValue = defaultValue;
        Condition = condition;
        GridPoints = gridPoints;
    }

    /// <summary>The position of the parameter in the descriptor, in parameter sets and in unit vectors.</summary>
    public int Index { get; }

    /// <summary>
    /// The parameter's stored path: its property name (or the name a <see cref="ParameterNameAttribute"/> gives),
    /// prefixed by the nested spaces' names (<c>Optimizer.LearningRate</c>, <c>Layer[2].Units</c>). Trials, exports and
    /// the fingerprint use it.
    /// </summary>
    public string Name { get; }

    /// <summary>
    /// Where the configuration type holds the parameter, as C# member access (<c>Optimizer.LearningRate</c>,
    /// <c>Layer[2].Units</c>). The same as <see cref="Name"/> unless a <see cref="ParameterNameAttribute"/> stores it
    /// under another name; it is not part of the <see cref="SearchSpaceDescriptor.Fingerprint"/>, so renaming a property
    /// that keeps its stored name keeps the study.
    /// </summary>
    public string PropertyPath { get; }

    /// <summary>The distribution of the parameter's internal value.</summary>
    public Distribution Distribution { get; }

    /// <summary>The internal value of the attribute's <c>Default</c>, or NaN when none was given.</summary>
    public double DefaultValue { get; }

    /// <summary>Whether the attribute gave a <c>Default</c>.</summary>
    public bool HasDefault => !double.IsNaN(DefaultValue);

    /// <summary>The condition under which the parameter is active, or null when it always is.</summary>
    public ParameterCondition? Condition { get; }

    /// <summary>Grid points requested on the attribute for a continuous range (0: use the grid options).</summary>
    public int GridPoints { get; }

    /// <summary>Whether population-based training may change it during a trial (<see cref="MutableAttribute"/>).</summary>
    public bool IsMutable { get; }

    /// <summary>A copy moved to another position and path, used when a nested space is flattened into its parent.</summary>
    internal ParameterDescriptor Relocate(int index, string name, string propertyPath, ParameterCondition? condition) =>
        new(index, name, Distribution, DefaultValue, condition, GridPoints, IsMutable, propertyPath);

    /// <inheritdoc />
    public override string ToString() =>
        Condition is null ? $"{Name}: {Distribution}" : $"{Name}: {Distribution} {Condition}";
}
