using System;

namespace AttrTune;

/// <summary>An objective of a <see cref="MetricsAttribute"/> type: larger is better.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
public sealed class MaximizeAttribute : Attribute
{
}
