using System;
using AttrTune.Randomness;
using AttrTune.Rules;

namespace AttrTune.Distributions;

/// <summary>
/// An integer range [<see cref="Low"/>, <see cref="High"/>] on a step, uniform in linear or log scale. Log-scale
/// integers are drawn log-uniformly over [Low - 0.5, High + 0.5] and rounded, so every integer keeps a fair share
/// of its decade.
/// </summary>
public sealed class IntDistribution : Distribution
{
    private readonly double _logLow;
    private readonly double _logSpan;

    /// <summary>Creates an integer range.</summary>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Inclusive upper bound.</param>
    /// <param name="log">Uniform in log space; needs <paramref name="low"/> &gt;= 1 and step 1.</param>
    /// <param name="step">Distance between values; must divide <c>high - low</c>.</param>
    /// <exception cref="ArgumentException">The bounds, scale or step break a rule; the message names it.</exception>
    public IntDistribution(long low, long high, bool log = false, long step = 1)
    {
        RangeProblem? problem = SearchSpaceRules.CheckIntRange("IntRange", low, high, log, step);
        if (problem is not null)
        {
            throw new ArgumentException(problem.Message);
        }

        Low = low;
        High = high;
        IsLog = log;
        Step = step;
        PointCount = (high - low) / step + 1;
        if (log)
        {
            _logLow = Math.Log(low - 0.5);
            _logSpan = Math.Log(high + 0.5) - _logLow;
        }
    }

    /// <summary>The inclusive lower bound.</summary>
    public long Low { get; }

    /// <summary>The inclusive upper bound.</summary>
    public long High { get; }

    /// <summary>Whether values are uniform in log space.</summary>
    public bool IsLog { get; }

    /// <summary>The distance between allowed values.</summary>
    public long Step { get; }

    /// <inheritdoc />
    public override DistributionKind Kind => DistributionKind.Int;

    /// <inheritdoc />
    public override bool IsContinuous => false;

    /// <inheritdoc />
    public override long PointCount { get; }

    /// <inheritdoc />
    public override string? Explain(double internalValue)
    {
        if (double.IsNaN(internalValue) || double.IsInfinity(internalValue))
        {
            return $"{Format(internalValue)} is not a finite number";
        }

        if (internalValue != Math.Floor(internalValue))
        {
            return $"{Format(internalValue)} is not an integer";
        }

        if (internalValue < Low || internalValue > High)
        {
            return $"{Format(internalValue)} is outside [{Low}, {High}]";
        }

        if (Step > 1 && ((long)internalValue - Low) % Step != 0)
        {
            return $"{Format(internalValue)} is not on the step {Step} from {Low}";
        }

        return null;
    }

    /// <inheritdoc />
    public override double Sample(RandomSource random)
    {
        if (IsLog)
        {
            return FromLogUnit(random.NextDouble());
        }

        return Low + Step * random.NextInt64(PointCount);
    }

    /// <inheritdoc />
    public override double ToUnit(double internalValue)
    {
        if (IsLog)
        {
            double unit = (Math.Log(internalValue) - _logLow) / _logSpan;
            return unit < 0 ? 0 : unit > 1 ? 1 : unit;
        }

        double index = Math.Round((internalValue - Low) / Step);
        index = index < 0 ? 0 : index >= PointCount ? PointCount - 1 : index;
        return (index + 0.5) / PointCount;
    }

    /// <inheritdoc />
    public override double FromUnit(double unit) =>
        IsLog ? FromLogUnit(ClampUnit(unit)) : Low + Step * BinOf(unit, PointCount);

    /// <inheritdoc />
    public override double[] GetGridValues(int continuousPoints)
    {
        var values = new double[PointCount];
        for (long i = 0; i < values.LongLength; i++)
        {
            values[i] = Low + i * Step;
        }

        return values;
    }

    /// <inheritdoc />
    public override double Project(double value)
    {
        double clamped = double.IsNaN(value) ? Low : Math.Clamp(value, Low, High);
        double index = Math.Round((clamped - Low) / Step);
        return Math.Min(High, Low + Step * index);
    }

    /// <inheritdoc />
    public override string FormatValue(double internalValue) => Format(internalValue);

    /// <inheritdoc />
    private protected override string BuildCanonicalText()
    {
        string log = IsLog ? ", log" : string.Empty;
        string step = Step != 1 ? $", step {Step}" : string.Empty;
        return $"Int[{Low}, {High}{step}{log}]";
    }

    private double FromLogUnit(double unit)
    {
        double value = Math.Round(Math.Exp(_logLow + unit * _logSpan));
        return value < Low ? Low : value > High ? High : value;
    }
}
