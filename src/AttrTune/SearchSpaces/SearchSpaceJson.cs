using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AttrTune.Distributions;

namespace AttrTune.SearchSpaces;

/// <summary>
/// A descriptor as JSON, stored with each study so that tools without the configuration type (the command-line
/// tool, a dashboard, a report) can name parameters, decode choices and respect log scales and conditions.
/// Written and read with the reader/writer APIs, not serializer reflection, so it stays trimming- and AOT-safe.
/// </summary>
internal static class SearchSpaceJson
{
    // Version 1 of the format; a reader meeting a newer one says so instead of guessing. Version 2 adds conditions on
    // integer parents ("values", "atLeast"/"atMost" in place of "choices"); a space without them is still written as
    // version 1, byte for byte as before, so only a space an older reader could not read tells it so.
    private const int FormatVersion = 2;

    public static string Write(SearchSpaceDescriptor descriptor)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            bool numericConditions = false;
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                numericConditions |= parameter.Condition is { Kind: not ConditionKind.Choices };
            }

            json.WriteNumber("format", numericConditions ? 2 : 1);
            json.WriteString("type", descriptor.TypeName);
            json.WriteString("fingerprint", descriptor.Fingerprint);
            json.WriteStartArray("parameters");
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                WriteParameter(json, parameter);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static SearchSpaceDescriptor Read(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            JsonElement root = document.RootElement;
            int format = root.GetProperty("format").GetInt32();
            if (format > FormatVersion)
            {
                throw new FormatException($"the space was stored in format {format}, newer than this version of AttrTune reads ({FormatVersion})");
            }

            var builder = new SearchSpaceDescriptorBuilder(root.GetProperty("type").GetString()!);
            foreach (JsonElement parameter in root.GetProperty("parameters").EnumerateArray())
            {
                string name = parameter.GetProperty("name").GetString()!;
                Distribution distribution = ReadDistribution(parameter, name);
                double defaultValue = parameter.TryGetProperty("default", out JsonElement d) ? d.GetDouble() : double.NaN;
                ParameterCondition? condition = null;
                if (parameter.TryGetProperty("activeWhen", out JsonElement when))
                {
                    condition = ReadCondition(builder, when);
                }

                int gridPoints = parameter.TryGetProperty("gridPoints", out JsonElement g) ? g.GetInt32() : 0;
                bool mutable = parameter.TryGetProperty("mutable", out JsonElement m) && m.GetBoolean();
                string? propertyPath = parameter.TryGetProperty("property", out JsonElement path) ? path.GetString() : null;
                builder.Add(name, distribution, defaultValue, condition, gridPoints, mutable, propertyPath);
            }

            return builder.Build();
        }
        catch (Exception bad) when (bad is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a stored search space ({bad.Message})", bad);
        }
    }

    private static void WriteParameter(Utf8JsonWriter json, ParameterDescriptor parameter)
    {
        json.WriteStartObject();
        json.WriteString("name", parameter.Name);
        if (parameter.PropertyPath != parameter.Name)
        {
            // Only when [ParameterName] made them differ, so spaces stored before it read back unchanged.
            json.WriteString("property", parameter.PropertyPath);
        }
        switch (parameter.Distribution)
        {
            case FloatDistribution f:
                json.WriteString("kind", "float");
                json.WriteNumber("low", f.Low);
                json.WriteNumber("high", f.High);
                json.WriteBoolean("log", f.IsLog);
                json.WriteNumber("step", f.Step);
                json.WriteBoolean("singlePrecision", f.IsSinglePrecision);
                break;
            case IntDistribution i:
                json.WriteString("kind", "int");
                json.WriteNumber("low", i.Low);
                json.WriteNumber("high", i.High);
                json.WriteBoolean("log", i.IsLog);
                json.WriteNumber("step", i.Step);
                break;
            case CategoricalDistribution c:
                json.WriteString("kind", "categorical");
                json.WriteString("choiceType", ChoiceTypeName(c));
                json.WriteStartArray("choices");
                for (int k = 0; k < c.Count; k++)
                {
                    WriteChoice(json, c.GetChoice(k));
                }

                json.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"{parameter.Name}: a {parameter.Distribution.GetType().Name} cannot be stored as JSON.");
        }

        if (parameter.HasDefault)
        {
            json.WriteNumber("default", parameter.DefaultValue);
        }

        if (parameter.Condition is { } condition)
        {
            json.WriteStartObject("activeWhen");
            json.WriteString("parent", condition.ParentName);
            switch (condition.Kind)
            {
                case ConditionKind.Choices:
                    json.WriteStartArray("choices");
                    foreach (int allowed in condition.AllowedChoices)
                    {
                        json.WriteNumberValue(allowed);
                    }

                    json.WriteEndArray();
                    break;
                case ConditionKind.Values:
                    json.WriteStartArray("values");
                    foreach (long allowed in condition.AllowedValues)
                    {
                        json.WriteNumberValue(allowed);
                    }

                    json.WriteEndArray();
                    break;
                default:
                    if (condition.AtLeast is { } atLeast)
                    {
                        json.WriteNumber("atLeast", atLeast);
                    }

                    if (condition.AtMost is { } atMost)
                    {
                        json.WriteNumber("atMost", atMost);
                    }

                    break;
            }

            json.WriteEndObject();
        }

        if (parameter.GridPoints > 0)
        {
            json.WriteNumber("gridPoints", parameter.GridPoints);
        }

        if (parameter.IsMutable)
        {
            json.WriteBoolean("mutable", true);
        }

        json.WriteEndObject();
    }

    // "choices" (choice indices of a categorical parent: the only form of format 1), "values" (integers), or a range
    // given by "atLeast" and/or "atMost".
    private static ParameterCondition ReadCondition(SearchSpaceDescriptorBuilder builder, JsonElement when)
    {
        string parent = when.GetProperty("parent").GetString()!;
        if (when.TryGetProperty("choices", out JsonElement choices))
        {
            var allowed = new List<int>();
            foreach (JsonElement choice in choices.EnumerateArray())
            {
                allowed.Add(choice.GetInt32());
            }

            return builder.When(parent, allowed.ToArray());
        }

        if (when.TryGetProperty("values", out JsonElement values))
        {
            var allowed = new List<long>();
            foreach (JsonElement value in values.EnumerateArray())
            {
                allowed.Add(value.GetInt64());
            }

            return builder.WhenValues(parent, allowed.ToArray());
        }

        long? atLeast = when.TryGetProperty("atLeast", out JsonElement low) ? low.GetInt64() : null;
        long? atMost = when.TryGetProperty("atMost", out JsonElement high) ? high.GetInt64() : null;
        return builder.WhenRange(parent, atLeast, atMost);
    }

    // "System.Int32?" for a nullable choice: the full name of Nullable<T> carries assembly versions that mean nothing
    // to a reader.
    private static string ChoiceTypeName(CategoricalDistribution distribution)
    {
        Type type = distribution.GetType();
        Type choice = type.IsGenericType ? type.GetGenericArguments()[0] : typeof(object);
        return Nullable.GetUnderlyingType(choice) is { } underlying ? underlying.FullName + "?" : choice.FullName ?? choice.Name;
    }

    // Choices keep their JSON kind (a tool prints "gbdt", 64 and true as a user wrote them); enum members and other
    // types are kept by name.
    private static void WriteChoice(Utf8JsonWriter json, object? choice)
    {
        switch (choice)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case IFormattable formattable:
                json.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteStringValue(choice.ToString());
                break;
        }
    }

    private static Distribution ReadDistribution(JsonElement parameter, string name)
    {
        string kind = parameter.GetProperty("kind").GetString()!;
        switch (kind)
        {
            case "float":
                return new FloatDistribution(
                    parameter.GetProperty("low").GetDouble(),
                    parameter.GetProperty("high").GetDouble(),
                    parameter.GetProperty("log").GetBoolean(),
                    parameter.GetProperty("step").GetDouble(),
                    parameter.GetProperty("singlePrecision").GetBoolean());
            case "int":
                return new IntDistribution(
                    parameter.GetProperty("low").GetInt64(),
                    parameter.GetProperty("high").GetInt64(),
                    parameter.GetProperty("log").GetBoolean(),
                    parameter.GetProperty("step").GetInt64());
            case "categorical":
                var choices = new List<JsonElement>();
                foreach (JsonElement choice in parameter.GetProperty("choices").EnumerateArray())
                {
                    choices.Add(choice);
                }

                return parameter.GetProperty("choiceType").GetString() switch
                {
                    "System.Boolean" => new CategoricalDistribution<bool>(choices.ConvertAll(c => c.GetBoolean()).ToArray()),
                    "System.Int32" => new CategoricalDistribution<int>(choices.ConvertAll(c => c.GetInt32()).ToArray()),
                    "System.Int64" => new CategoricalDistribution<long>(choices.ConvertAll(c => c.GetInt64()).ToArray()),
                    "System.Double" => new CategoricalDistribution<double>(choices.ConvertAll(ReadDouble).ToArray()),
                    "System.Single" => new CategoricalDistribution<float>(choices.ConvertAll(c => (float)ReadDouble(c)).ToArray()),
                    "System.Boolean?" => new CategoricalDistribution<bool?>(choices.ConvertAll(c => c.ValueKind == JsonValueKind.Null ? (bool?)null : c.GetBoolean()).ToArray()),
                    "System.Int32?" => new CategoricalDistribution<int?>(choices.ConvertAll(c => c.ValueKind == JsonValueKind.Null ? (int?)null : c.GetInt32()).ToArray()),
                    "System.Int64?" => new CategoricalDistribution<long?>(choices.ConvertAll(c => c.ValueKind == JsonValueKind.Null ? (long?)null : c.GetInt64()).ToArray()),
                    "System.Double?" => new CategoricalDistribution<double?>(choices.ConvertAll(c => c.ValueKind == JsonValueKind.Null ? (double?)null : ReadDouble(c)).ToArray()),
                    "System.Single?" => new CategoricalDistribution<float?>(choices.ConvertAll(c => c.ValueKind == JsonValueKind.Null ? (float?)null : (float)ReadDouble(c)).ToArray()),
                    _ => new CategoricalDistribution<string?>(choices.ConvertAll(c => c.ValueKind == JsonValueKind.Null ? null : c.ValueKind == JsonValueKind.String ? c.GetString() : c.GetRawText()).ToArray()),
                };
            default:
                throw new FormatException($"{name}: unknown distribution kind '{kind}'");
        }
    }

    private static double ReadDouble(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? double.Parse(element.GetString()!, CultureInfo.InvariantCulture) : element.GetDouble();
}
