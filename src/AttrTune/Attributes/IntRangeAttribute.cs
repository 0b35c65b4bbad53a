using System;

namespace AttrTune;

/// <summary>
/// An integer parameter in [<see cref="Low"/>, <see cref="High"/>] (both inclusive) for <see cref="int"/> and
/// <see cref="long"/> properties. Bounds are <see cref="long"/> so that a bound outside an <see cref="int"/>
/// property's range is reported by an analyzer instead of failing to compile.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class IntRangeAttribute : Attribute
{
    /// <summary>Creates an integer parameter over [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public IntRangeAttribute(long low, long high)
    {
        Low = low;
        High = high;
    }

    /// <summary>The inclusive lower bound.</summary>
    public long Low { get; }

    /// <summary>The inclusive upper bound.</summary>
    public long High { get; }

    /// <summary>The distance between allowed values, counted from <see cref="Low"/>; 1 by default.</summary>
    public long Step { get; set; } = 1;

    /// <summary>Search in log space (needs <see cref="Low"/> &gt;= 1 and <see cref="Step"/> = 1).</summary>
    public bool Log { get; set; }

    /// <summary>The baseline value used by <c>CreateDefault()</c> and while the parameter is inactive.</summary>
    public long Default { get; set; }
}
