using System;
using System.Globalization;
using System.Text.Json.Nodes;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;

namespace AttrTune.Export;

/// <summary>
/// Turns a stored internal value back into the value the configuration property holds, and renders that value for
/// JSON and CSV. Both exports go through <see cref="Decode"/> so that they can never disagree about a value.
/// </summary>
internal static class ParameterValues
{
    /// <summary>
    /// The typed value of <paramref name="parameter"/>: a <see cref="double"/> (a <see cref="float"/> for a float
    /// property) for float ranges, a <see cref="long"/> for int ranges, the choice itself (possibly null) for categoricals.
    /// </summary>
    /// <exception cref="ArgumentException">The value is not a value of the parameter's distribution.</exception>
    public static object? Decode(ParameterDescriptor parameter, double internalValue, int trialNumber)
    {
        // A value the distribution rejects means the trials were stored under another space; decoding it anyway
        // would export a wrong choice (or index past the end), so stop and say which value is wrong.
        if (parameter.Distribution.Explain(internalValue) is { } problem)
        {
            throw new ArgumentException(
                $"Trial {trialNumber.ToString(CultureInfo.InvariantCulture)} cannot be exported: parameter {parameter.Name}: {problem} " +
                $"(distribution {parameter.Distribution.CanonicalText}).",
                "trials");
        }

        return parameter.Distribution switch
        {
            // The generator casts the internal double to float for float properties; export what the config saw.
            FloatDistribution { IsSinglePrecision: true } => (float)internalValue,
            FloatDistribution => internalValue,
            IntDistribution => (long)internalValue,
            CategoricalDistribution categorical => categorical.GetChoice((int)internalValue),
            _ => internalValue,
        };
    }

    /// <summary>The typed value as a JSON value: numbers as numbers, booleans as true/false, text and enums as strings.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        Enum e => JsonValue.Create(e.ToString()),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        float f when float.IsFinite(f) => JsonValue.Create(f),

        // JSON has no NaN or infinity; a non-finite choice is kept as its invariant text rather than dropped.
        double or float => JsonValue.Create(ToText(value)),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        short s => JsonValue.Create(s),
        byte b => JsonValue.Create(b),
        sbyte s => JsonValue.Create(s),
        ushort u => JsonValue.Create(u),
        uint u => JsonValue.Create(u),
        ulong u => JsonValue.Create(u),
        decimal m => JsonValue.Create(m),
        _ => JsonValue.Create(ToText(value)),
    };

    /// <summary>
    /// The typed value as culture-invariant text, unquoted: strings as they are, booleans as true/false, enums by
    /// name, numbers in round-trip form. Null gives the empty string.
    /// </summary>
    public static string ToText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
