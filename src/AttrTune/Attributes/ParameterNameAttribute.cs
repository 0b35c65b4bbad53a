using System;

namespace AttrTune;

/// <summary>
/// Gives a tuned property (a parameter, a nested space or a repeated list) the name it is stored and shown under,
/// instead of its property name: <c>[ParameterName("nn_lr")]</c>. Use it to share a study with tools that name
/// parameters their own way, or to rename the property without losing the study: the space's fingerprint is built
/// from stored names, so a renamed property that keeps its stored name resumes the same study.
/// </summary>
/// <remarks>
/// The name may not be empty, may not contain '.', '[' or ']' (they separate the parts of a path such as
/// <c>Optimizer.LearningRate</c> or <c>Layer[2].Units</c>), and must differ from every other parameter's name and
/// property name in the type. <c>IsActive</c> accepts the stored name, and the property name too for a parameter of
/// the type itself.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class ParameterNameAttribute : Attribute
{
    /// <summary>Stores the parameter under <paramref name="name"/>.</summary>
    /// <param name="name">The stored name.</param>
    public ParameterNameAttribute(string name) => Name = name;

    /// <summary>The name the parameter is stored and shown under.</summary>
    public string Name { get; }
}
