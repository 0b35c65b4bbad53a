using System;

namespace AttrTune;

/// <summary>
/// Marks a <c>partial</c> class or record as a hyperparameter search space. The AttrTune source generator
/// implements <see cref="ISearchSpace{TSelf}"/> for it from the parameter attributes on its properties.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
public sealed class SearchSpaceAttribute : Attribute
{
}
