using System;

namespace AttrTune;

/// <summary>
/// A categorical parameter: one of the listed values, all equally likely. Works on <see cref="string"/>,
/// <see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> and enum properties (and their
/// nullable forms, where <c>null</c> may be a choice). With no values on a <see cref="bool"/> or enum property it
/// means every value of the type.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ChoiceAttribute : Attribute
{
    /// <summary>Creates a categorical parameter over <paramref name="values"/>.</summary>
    public ChoiceAttribute(params object?[] values)
    {
        // [Choice(null)] binds null to the array itself; like the generator, read it as no values (write new object?[] { null }).
        Values = values ?? Array.Empty<object?>();
    }

    /// <summary>The choices, in their canonical order.</summary>
    public object?[] Values { get; }

    /// <summary>The baseline choice used by <c>CreateDefault()</c> and while the parameter is inactive.</summary>
    public object? Default { get; set; }
}

/// <summary>
/// A categorical parameter whose choices are typed by <typeparamref name="T"/>, so the compiler checks them.
/// </summary>
/// <typeparam name="T">The property's type.</typeparam>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ChoiceAttribute<T> : Attribute
{
    /// <summary>Creates a categorical parameter over <paramref name="values"/>.</summary>
    public ChoiceAttribute(params T[] values)
    {
        Values = values;
    }

    /// <summary>The choices, in their canonical order.</summary>
    public T[] Values { get; }

    /// <summary>The baseline choice used by <c>CreateDefault()</c> and while the parameter is inactive.</summary>
    public T? Default { get; set; }
}
