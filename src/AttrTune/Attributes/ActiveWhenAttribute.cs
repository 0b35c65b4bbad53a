using System;

namespace AttrTune;

/// <summary>
/// Makes a parameter (or a nested search space) conditional: it is tuned only while the parameter named by
/// <see cref="Parameter"/> is active and satisfies the condition. While inactive it keeps its default and is absent
/// from the trial's parameter set.
/// </summary>
/// <remarks>
/// <para>The controlling parameter is either categorical (a <c>[Choice]</c>, <see cref="bool"/> or enum), and the
/// condition lists the choices that activate: <c>[ActiveWhen(nameof(Optimizer), "sgd")]</c>; or an integer range
/// (<c>[IntRange]</c>, or <c>[Uniform]</c>/<c>[LogUniform]</c> on an int or long), and the condition lists values of it,
/// <c>[ActiveWhen(nameof(Layers), 2, 4)]</c>, or bounds it with <see cref="AtLeast"/> and/or <see cref="AtMost"/>,
/// <c>[ActiveWhen(nameof(Layers), AtLeast = 3)]</c>. The two forms do not mix, and a float range cannot control a
/// condition. The analyzer reports any other use as a build error.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ActiveWhenAttribute : Attribute
{
    /// <summary>Activates the property when <paramref name="parameter"/> is one of <paramref name="values"/>.</summary>
    /// <param name="parameter">The controlling property, as <c>nameof(Property)</c>.</param>
    /// <param name="values">The choices (or integer values) of the controlling property that activate this one; none when <see cref="AtLeast"/> or <see cref="AtMost"/> is set.</param>
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

    /// <summary>
    /// On an integer controlling parameter: the smallest of its values that activates this one (inclusive). Not set,
    /// it is <see cref="long.MinValue"/>, which bounds nothing.
    /// </summary>
    /// <remarks>
    /// An attribute argument cannot be a <c>long?</c>, so "not set" is the sentinel, chosen so that it also means what
    /// "not set" means (every value is at least <see cref="long.MinValue"/>); the generator reads whether the argument
    /// was written from the source, not from the sentinel.
    /// </remarks>
    public long AtLeast { get; set; } = long.MinValue;

    /// <summary>
    /// On an integer controlling parameter: the largest of its values that activates this one (inclusive). Not set, it
    /// is <see cref="long.MaxValue"/>, which bounds nothing.
    /// </summary>
    public long AtMost { get; set; } = long.MaxValue;
}
