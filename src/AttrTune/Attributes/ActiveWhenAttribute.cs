using System;

namespace AttrTune;

/// <summary>
/// Makes a parameter (or a nested search space) conditional: it is tuned only while the categorical or
/// <see cref="bool"/> parameter named by <see cref="Parameter"/> takes one of <see cref="Values"/>. While inactive it
/// keeps its default and is absent from the trial's parameter set.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ActiveWhenAttribute : Attribute
{
    /// <summary>Activates the property when <paramref name="parameter"/> is one of <paramref name="values"/>.</summary>
    /// <param name="parameter">The controlling property, as <c>nameof(Property)</c>.</param>
    /// <param name="values">The choices of the controlling property that activate this one.</param>
    public ActiveWhenAttribute(string parameter, params object?[] values)
    {
        Parameter = parameter;
        // [ActiveWhen(x, null)] binds null to the array itself; like the generator, read it as no values.
        Values = values ?? Array.Empty<object?>();
    }

    /// <summary>The name of the controlling property in the same type.</summary>
    public string Parameter { get; }

    /// <summary>The controlling values.</summary>
    public object?[] Values { get; }
}
