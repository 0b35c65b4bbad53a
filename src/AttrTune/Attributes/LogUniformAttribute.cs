using System;

namespace AttrTune;

/// <summary>
/// A parameter drawn log-uniformly from [<see cref="Low"/>, <see cref="High"/>] (both &gt; 0): every decade is
/// equally likely. Works on <see cref="double"/>, <see cref="float"/> and, for log-scaled integers,
/// <see cref="int"/> and <see cref="long"/> properties.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class LogUniformAttribute : Attribute
{
    /// <summary>Creates a log-uniform parameter over [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public LogUniformAttribute(double low, double high)
    {
        Low = low;
        High = high;
    }

    /// <summary>The inclusive lower bound; must be positive.</summary>
    public double Low { get; }

    /// <summary>The inclusive upper bound.</summary>
    public double High { get; }

    /// <summary>The baseline value used by <c>CreateDefault()</c> and while the parameter is inactive.</summary>
    public double Default { get; set; } = double.NaN;

    /// <summary>How many geometrically spaced points grid search uses for this range (0: use the grid options).</summary>
    public int GridPoints { get; set; }
}
