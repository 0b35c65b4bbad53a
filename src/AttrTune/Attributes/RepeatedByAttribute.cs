using System;

namespace AttrTune;

/// <summary>
/// Makes a list of a nested <c>[SearchSpace]</c> type a repeated block whose length is tuned: the integer parameter
/// named by <see cref="CountParameter"/> decides how many instances are active (one per layer of a network, say).
/// </summary>
/// <remarks>
/// <para>The property is an <c>IReadOnlyList&lt;T&gt;</c>, <c>List&lt;T&gt;</c> or <c>T[]</c> of a <c>[SearchSpace]</c>
/// type <c>T</c>, and the count parameter an <c>[IntRange]</c> (or <c>[Uniform]</c>/<c>[LogUniform]</c> on an int or
/// long) of the same type whose lower bound is at least 0. The space holds as many instances as the count's upper
/// bound, named <c>Layer[0].Units</c>, <c>Layer[1].Units</c>, ...; instance <c>i</c> is active while the count is at
/// least <c>i + 1</c>, so inactive instances are absent from a trial's parameters like any inactive parameter. The
/// generated code fills the list with exactly as many items as the count says, and writing a configuration whose
/// list has another length throws.</para>
/// <example><code>
/// [IntRange(1, 4)] public int Layers { get; init; } = 2;
/// [RepeatedBy(nameof(Layers))] public IReadOnlyList&lt;LayerConfig&gt; Layer { get; init; } = [];
/// </code></example>
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class RepeatedByAttribute : Attribute
{
    /// <summary>Repeats the property's element space as many times as <paramref name="countParameter"/> says.</summary>
    /// <param name="countParameter">The tuned integer property that counts the active instances, as <c>nameof(Property)</c>.</param>
    public RepeatedByAttribute(string countParameter) => CountParameter = countParameter;

    /// <summary>The name of the tuned integer property that counts the active instances.</summary>
    public string CountParameter { get; }
}
