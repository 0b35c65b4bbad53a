using System;

namespace AttrTune;

/// <summary>
/// A parameter drawn uniformly from the closed range [<see cref="Low"/>, <see cref="High"/>].
/// On <see cref="double"/> and <see cref="float"/> properties the range is continuous (or quantised by
/// <see cref="Step"/>); on <see cref="int"/> and <see cref="long"/> properties the bounds and step must be whole numbers.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class UniformAttribute : Attribute
{
    /// <summary>Creates a uniform parameter over [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public UniformAttribute(double low, double high)
    {
        Low = low;
        High = high;
    }

    /// <summary>The inclusive lower bound.</summary>
    public double Low { get; }

    /// <summary>The inclusive upper bound.</summary>
    public double High { get; }

    /// <summary>When positive, values are restricted to <c>Low + k * Step</c>; zero means continuous.</summary>
    public double Step { get; set; }

    /// <summary>The baseline value used by <c>CreateDefault()</c> and while the parameter is inactive.</summary>
    public double Default { get; set; } = double.NaN;

    /// <summary>How many evenly spaced points grid search uses for this continuous range (0: use the grid options).</summary>
    public int GridPoints { get; set; }
}
