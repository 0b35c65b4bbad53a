using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AttrTune.Cli.Output;

/// <summary>Values as text and JSON, always culture-invariant.</summary>
internal static class ValueText
{
    /// <summary>Short, for tables: six significant digits.</summary>
    public static string Short(object? value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        _ => Exact(value),
    };

    /// <summary>Exact, for CSV: numbers in round-trip form, booleans as true/false, null as the empty string.</summary>
    public static string Exact(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>As JSON: numbers as numbers (non-finite ones as their text, which JSON numbers cannot hold), booleans, strings, null.</summary>
    public static JsonNode? Json(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        float f when float.IsFinite(f) => JsonValue.Create(f),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double or float or Enum => JsonValue.Create(Exact(value)),
        IConvertible convertible when convertible.GetTypeCode() is >= TypeCode.SByte and <= TypeCode.Decimal =>
            JsonValue.Create(convertible.ToDecimal(CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Exact(value)),
    };

    /// <summary>A duration for tables: "1.23 s", "4 min 05 s", or "-" when unknown.</summary>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalSeconds: < 60 } d => d.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s",
        { TotalHours: < 1 } d => $"{(int)d.TotalMinutes} min {d.Seconds:00} s",
        { } d => $"{(int)d.TotalHours} h {d.Minutes:00} min",
    };

    /// <summary>A timestamp for tables, in UTC to the second.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "-";
}
