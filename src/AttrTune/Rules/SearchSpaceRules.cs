// This file is compiled into both the runtime (AttrTune) and the source generator (AttrTune.SourceGeneration),
// so a range the analyzers accept is exactly a range the runtime accepts. Keep it netstandard2.0-compatible.
using System;
using System.Globalization;

namespace AttrTune.Rules;

/// <summary>The validation rules for parameter ranges, shared by the runtime, the generator and the analyzers.</summary>
internal static class SearchSpaceRules
{
    /// <summary>Integers beyond ±2^53 are not exact in the double-based internal representation.</summary>
    public const long MaxExactInteger = 1L << 53;

    /// <summary>Relative slack when checking that a step divides a range (decimal steps are not exact in binary).</summary>
    private const double StepSlack = 1e-9;

    /// <summary>Null when the float range is valid; otherwise the rule broken, naming the values.</summary>
    public static RangeProblem? CheckFloatRange(string attribute, double low, double high, bool log, double step)
    {
        if (double.IsNaN(low) || double.IsInfinity(low) || double.IsNaN(high) || double.IsInfinity(high))
        {
            return new RangeProblem(RangeRule.NotFinite, $"[{attribute}] needs finite bounds, got low = {F(low)}, high = {F(high)}");
        }

        if (low >= high)
        {
            return new RangeProblem(RangeRule.Reversed, $"[{attribute}] needs low < high, got low = {F(low)}, high = {F(high)}");
        }

        if (log && low <= 0)
        {
            return new RangeProblem(RangeRule.NonPositiveLog, $"[{attribute}] needs low > 0 on a log scale, got low = {F(low)}");
        }

        if (double.IsNaN(step) || double.IsInfinity(step) || step < 0)
        {
            return new RangeProblem(RangeRule.InvalidStep, $"[{attribute}] needs Step > 0 (or 0 for continuous), got Step = {F(step)}");
        }

        if (step > 0)
        {
            if (log)
            {
                return new RangeProblem(RangeRule.InvalidStep, $"[{attribute}] cannot combine a log scale with Step = {F(step)}");
            }

            if (!StepDivides(low, high, step))
            {
                return new RangeProblem(RangeRule.StepDoesNotDivide, $"[{attribute}] needs Step to divide high - low = {F(high - low)}, got Step = {F(step)}");
            }
        }

        return null;
    }

    /// <summary>Null when the integer range is valid; otherwise the rule broken, naming the values.</summary>
    public static RangeProblem? CheckIntRange(string attribute, long low, long high, bool log, long step)
    {
        if (low < -MaxExactInteger || high > MaxExactInteger)
        {
            return new RangeProblem(RangeRule.OutsideExactRange, $"[{attribute}] needs bounds within ±2^53, got low = {low}, high = {high}");
        }

        if (low >= high)
        {
            return new RangeProblem(RangeRule.Reversed, $"[{attribute}] needs low < high, got low = {low}, high = {high}");
        }

        if (step <= 0)
        {
            return new RangeProblem(RangeRule.InvalidStep, $"[{attribute}] needs Step > 0, got Step = {step}");
        }

        if (log && low < 1)
        {
            return new RangeProblem(RangeRule.NonPositiveLog, $"[{attribute}] needs low >= 1 on a log scale, got low = {low}");
        }

        if (log && step != 1)
        {
            return new RangeProblem(RangeRule.InvalidStep, $"[{attribute}] cannot combine a log scale with Step = {step}");
        }

        if ((high - low) % step != 0)
        {
            return new RangeProblem(RangeRule.StepDoesNotDivide, $"[{attribute}] needs Step to divide high - low = {high - low}, got Step = {step}");
        }

        return null;
    }

    /// <summary>Null when <paramref name="value"/> lies in the float range (and on its step); otherwise why not.</summary>
    public static string? CheckFloatValue(double low, double high, double step, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value < low || value > high)
        {
            return $"{F(value)} is outside [{F(low)}, {F(high)}]";
        }

        if (step > 0 && !StepDivides(low, value, step))
        {
            return $"{F(value)} is not on the step {F(step)} from {F(low)}";
        }

        return null;
    }

    /// <summary>Null when <paramref name="value"/> lies in the integer range and on its step; otherwise why not.</summary>
    public static string? CheckIntValue(long low, long high, long step, long value)
    {
        if (value < low || value > high)
        {
            return $"{value} is outside [{low}, {high}]";
        }

        if (step > 1 && (value - low) % step != 0)
        {
            return $"{value} is not on the step {step} from {low}";
        }

        return null;
    }

    /// <summary>
    /// The smallest value of the integer range [<paramref name="low"/>, <paramref name="high"/>] on its step that lies
    /// in [<paramref name="atLeast"/>, <paramref name="atMost"/>], or null when none does: whether a condition's range
    /// can ever hold on its parent.
    /// </summary>
    public static long? FirstIntValueBetween(long low, long high, long step, long atLeast, long atMost)
    {
        long from = Math.Max(low, atLeast);
        if (atLeast > atMost || from > high)
        {
            return null;
        }

        // from is within [low, high] here, and ranges stay within ±2^53, so nothing below overflows.
        long first = low + ((from - low + step - 1) / step * step);
        return first <= Math.Min(high, atMost) ? first : null;
    }

    /// <summary>Whether <paramref name="step"/> divides <c>high - low</c> up to binary rounding of decimal steps.</summary>
    public static bool StepDivides(double low, double high, double step)
    {
        double ratio = (high - low) / step;
        return Math.Abs(ratio - Math.Round(ratio)) <= StepSlack * Math.Max(1, ratio);
    }

    /// <summary>The number of values <c>low + k * step</c> in [low, high]; the step is assumed to divide the range.</summary>
    public static long StepCount(double low, double high, double step) => (long)Math.Round((high - low) / step) + 1;

    /// <summary>
    /// A power of ten that turns <paramref name="low"/> and <paramref name="step"/> into exact integers (so quantised
    /// values can be computed as integer / scale, the double nearest the decimal value), or 0 when there is none.
    /// </summary>
    public static double DecimalScale(double low, double step, long count)
    {
        double scale = 1;
        for (int digits = 0; digits <= 15; digits++, scale *= 10)
        {
            double lowScaled = low * scale;
            double stepScaled = step * scale;
            if (IsNearInteger(lowScaled) && IsNearInteger(stepScaled)
                && Math.Abs(Math.Round(lowScaled)) + Math.Abs(Math.Round(stepScaled)) * count < MaxExactInteger)
            {
                return scale;
            }
        }

        return 0;
    }

    /// <summary>Round-trip, culture-invariant text of a double.</summary>
    public static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsNearInteger(double value) => Math.Abs(value - Math.Round(value)) <= 1e-9 * Math.Max(1, Math.Abs(value));
}
