using System;
using AttrTune.Randomness;
using AttrTune.Rules;

namespace AttrTune.Distributions;

/// <summary>
/// A real-valued range [<see cref="Low"/>, <see cref="High"/>], uniform in linear or log scale, optionally
/// quantised to <c>Low + k * Step</c>.
/// </summary>
public sealed class FloatDistribution : Distribution
{
    // Quantised values are computed as (lowScaled + k * stepScaled) / scale when low and step are short
    // decimals, so that Uniform(0, 1, Step = 0.1) yields exactly 0.3 rather than 0.30000000000000004.
    private readonly double _scale;
    private readonly double _lowScaled;
    private readonly double _stepScaled;
    private readonly double _logLow;
    private readonly double _logSpan;
    private readonly double _tolerance;

    /// <summary>Creates a float range.</summary>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Inclusive upper bound.</param>
    /// <param name="log">Uniform in log space; needs <paramref name="low"/> &gt; 0 and no step.</param>
    /// <param name="step">Quantisation step, 0 for continuous; must divide <c>high - low</c>.</param>
    /// <param name="singlePrecision">The property is a <see cref="float"/>: values are compared with float tolerance.</param>
    /// <exception cref="ArgumentException">The bounds, scale or step break a rule; the message names it.</exception>
    public FloatDistribution(double low, double high, bool log = false, double step = 0, bool singlePrecision = false)
    {
        RangeProblem? problem = SearchSpaceRules.CheckFloatRange(log ? "LogUniform" : "Uniform", low, high, log, step);
        if (problem is not null)
        {
            throw new ArgumentException(problem.Message);
        }

        Low = low;
        High = high;
        IsLog = log;
        Step = step;
        IsSinglePrecision = singlePrecision;
        _tolerance = singlePrecision ? 1.2e-7 * Math.Max(Math.Abs(low), Math.Abs(high)) : 0;
        if (log)
        {
            _logLow = Math.Log(low);
            _logSpan = Math.Log(high) - _logLow;
        }

        if (step > 0)
        {
            PointCount = SearchSpaceRules.StepCount(low, high, step);
            _scale = SearchSpaceRules.DecimalScale(low, step, PointCount);
            _lowScaled = Math.Round(low * _scale);
            _stepScaled = Math.Round(step * _scale);
        }
    }

    /// <summary>The inclusive lower bound.</summary>
    public double Low { get; }

    /// <summary>The inclusive upper bound.</summary>
    public double High { get; }

    /// <summary>Whether values are uniform in log space.</summary>
    public bool IsLog { get; }

    /// <summary>The quantisation step, or 0 when continuous.</summary>
    public double Step { get; }

    /// <summary>Whether the parameter is stored in a <see cref="float"/> property.</summary>
    public bool IsSinglePrecision { get; }

    /// <inheritdoc />
    public override DistributionKind Kind => DistributionKind.Float;

    /// <inheritdoc />
    public override bool IsContinuous => Step == 0;

    /// <inheritdoc />
    public override long PointCount { get; }

    /// <summary>The <paramref name="index"/>-th quantised value (0 = <see cref="Low"/>).</summary>
    public double PointAt(long index)
    {
        double value = _scale > 0 ? (_lowScaled + index * _stepScaled) / _scale : Low + index * Step;
        return value > High ? High : value;
    }

    /// <inheritdoc />
    public override string? Explain(double internalValue)
    {
        if (double.IsNaN(internalValue) || double.IsInfinity(internalValue))
        {
            return $"{Format(internalValue)} is not a finite number";
        }

        if (internalValue < Low - _tolerance || internalValue > High + _tolerance)
        {
            return $"{Format(internalValue)} is outside [{Format(Low)}, {Format(High)}]";
        }

        if (Step > 0)
        {
            long index = NearestIndex(internalValue);
            double point = PointAt(index);
            double slack = Math.Max(_tolerance, 1e-9 * Step);
            if (Math.Abs(point - internalValue) > slack)
            {
                return $"{Format(internalValue)} is not on the step {Format(Step)} from {Format(Low)} (nearest: {Format(point)})";
            }
        }

        return null;
    }

    /// <inheritdoc />
    public override double Sample(RandomSource random)
    {
        if (Step > 0)
        {
            return PointAt(random.NextInt64(PointCount));
        }

        double u = random.NextDouble();
        return IsLog ? ClampToRange(Math.Exp(_logLow + u * _logSpan)) : ClampToRange(Low + u * (High - Low));
    }

    /// <inheritdoc />
    public override double ToUnit(double internalValue)
    {
        if (Step > 0)
        {
            return (NearestIndex(internalValue) + 0.5) / PointCount;
        }

        if (High == Low)
        {
            return 0.5;
        }

        double unit = IsLog ? (Math.Log(internalValue) - _logLow) / _logSpan : (internalValue - Low) / (High - Low);
        return unit < 0 ? 0 : unit > 1 ? 1 : unit;
    }

    /// <inheritdoc />
    public override double FromUnit(double unit)
    {
        if (Step > 0)
        {
            return PointAt(BinOf(unit, PointCount));
        }

        double u = ClampUnit(unit);
        return IsLog ? ClampToRange(Math.Exp(_logLow + u * _logSpan)) : ClampToRange(Low + u * (High - Low));
    }

    /// <inheritdoc />
    public override double[] GetGridValues(int continuousPoints)
    {
        if (Step > 0)
        {
            var values = new double[PointCount];
            for (long i = 0; i < values.LongLength; i++)
            {
                values[i] = PointAt(i);
            }

            return values;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(continuousPoints, 1);
        if (continuousPoints == 1 || High == Low)
        {
            return [FromUnit(0.5)];
        }

        var grid = new double[continuousPoints];
        for (int i = 0; i < continuousPoints; i++)
        {
            grid[i] = i == continuousPoints - 1 ? High : FromUnit((double)i / (continuousPoints - 1));
        }

        grid[0] = Low;
        return grid;
    }

    /// <inheritdoc />
    public override double Project(double value)
    {
        double clamped = double.IsNaN(value) ? Low : ClampToRange(value);
        return Step > 0 ? PointAt(NearestIndex(clamped)) : clamped;
    }

    /// <inheritdoc />
    public override string FormatValue(double internalValue) => Format(internalValue);

    /// <inheritdoc />
    private protected override string BuildCanonicalText()
    {
        string name = IsLog ? "LogUniform" : "Uniform";
        string step = Step > 0 ? $", step {Format(Step)}" : string.Empty;
        string precision = IsSinglePrecision ? ", float32" : string.Empty;
        return $"{name}[{Format(Low)}, {Format(High)}{step}{precision}]";
    }

    private long NearestIndex(double value)
    {
        double k = Math.Round((value - Low) / Step);
        return k < 0 ? 0 : k >= PointCount ? PointCount - 1 : (long)k;
    }

    private double ClampToRange(double value) => value < Low ? Low : value > High ? High : value;
}
