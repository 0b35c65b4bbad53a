using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;

namespace AttrTune.Reporting;

/// <summary>
/// A trial's parameters as the configuration saw them: as JSON (the same object <c>attrtune best</c> prints:
/// choices as their labels, numbers as numbers, inactive parameters absent) and as the C# that builds the
/// configuration (<c>new MyConfig { ... }</c>), to paste into code.
/// </summary>
public static class ParameterText
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A stored value as the configuration saw it: a choice's value, an integer as <see cref="long"/>, a
    /// single-precision float as <see cref="float"/>; the stored number when the distribution does not hold it.
    /// </summary>
    public static object? Decode(ParameterDescriptor parameter, double stored)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (!parameter.Distribution.Contains(stored))
        {
            return stored;
        }

        return parameter.Distribution switch
        {
            FloatDistribution { IsSinglePrecision: true } => (float)stored,
            IntDistribution => (long)stored,
            CategoricalDistribution categorical => categorical.GetChoice((int)stored),
            _ => stored,
        };
    }

    /// <summary>A decoded value for a table cell or a label: culture-invariant, numbers round-trip.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>The trial's active parameters as an indented JSON object, in the space's order.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string ToJson(SearchSpaceDescriptor space, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, Indented))
        {
            json.WriteStartObject();
            foreach (ParameterDescriptor parameter in space.Parameters)
            {
                if (trial.Parameters.TryGetValue(parameter.Name, out double stored))
                {
                    json.WritePropertyName(parameter.Name);
                    WriteJsonValue(json, Decode(parameter, stored));
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// C# that builds the trial's configuration: <c>new Namespace.Type { A = 1, Nested = new() { B = "x" } }</c>,
    /// inactive parameters left out (they keep their defaults). A choice of an enum type is written as its member
    /// when <paramref name="spaceJson"/> (the study's stored space) names the enum.
    /// </summary>
    /// <param name="space">The study's space.</param>
    /// <param name="trial">The trial.</param>
    /// <param name="spaceJson">The stored space's JSON (<c>StudyRecord.SpaceJson</c>), which keeps each choice's type; null when unknown.</param>
    /// <exception cref="ArgumentNullException"><paramref name="space"/> or <paramref name="trial"/> is null.</exception>
    public static string ToCSharp(SearchSpaceDescriptor space, FrozenTrial trial, string? spaceJson = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        Dictionary<string, string> choiceTypes = ChoiceTypes(spaceJson);
        var root = new Node();
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            if (!trial.Parameters.TryGetValue(parameter.Name, out double stored))
            {
                continue;
            }

            // The C# members, not the stored names: [ParameterName] may store a parameter under a name that is no property.
            string[] path = parameter.PropertyPath.Split('.');
            Node node = root;
            for (int i = 0; i < path.Length - 1; i++)
            {
                node = node.Child(path[i]);
            }

            node.Members.Add((path[^1], Literal(parameter, Decode(parameter, stored), choiceTypes.GetValueOrDefault(parameter.Name)), null));
        }

        var text = new StringBuilder();
        text.Append("new ").Append(space.TypeName.Replace('+', '.'));
        root.Write(text, 0);
        text.Append(';');
        return text.ToString();
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
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
            case long l:
                json.WriteNumberValue(l);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            default:
                // JSON has no NaN or infinity, nor enum members: their invariant text.
                json.WriteStringValue(Format(value));
                break;
        }
    }

    private static string Literal(ParameterDescriptor parameter, object? value, string? choiceType)
    {
        if (parameter.Distribution is CategoricalDistribution && choiceType is { } type && value is string member && IsEnumType(type))
        {
            return "global::" + type.TrimEnd('?').Replace('+', '.') + "." + member;
        }

        return value switch
        {
            null => "null",
            string s => StringLiteral(s),
            bool b => b ? "true" : "false",
            float f => FloatLiteral(f),
            double d => DoubleLiteral(d),
            long l when l is >= int.MinValue and <= int.MaxValue => l.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            int i => i.ToString(CultureInfo.InvariantCulture),
            _ => StringLiteral(Format(value)),
        };
    }

    private static bool IsEnumType(string type) =>
        type.TrimEnd('?') is not ("System.String" or "System.Boolean" or "System.Int32" or "System.Int64" or "System.Double" or "System.Single" or "System.Object");

    private static string DoubleLiteral(double d)
    {
        if (double.IsNaN(d))
        {
            return "double.NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
        }

        string text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static string FloatLiteral(float f) =>
        float.IsNaN(f) ? "float.NaN"
        : float.IsInfinity(f) ? (f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity")
        : f.ToString("R", CultureInfo.InvariantCulture) + "f";

    private static string StringLiteral(string s)
    {
        var text = new StringBuilder("\"");
        foreach (char c in s)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    // The choice type of each categorical parameter, from the stored space's JSON ("choiceType"); empty when unknown.
    private static Dictionary<string, string> ChoiceTypes(string? spaceJson)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        if (spaceJson is null)
        {
            return types;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(spaceJson);
            foreach (JsonElement parameter in document.RootElement.GetProperty("parameters").EnumerateArray())
            {
                if (parameter.TryGetProperty("choiceType", out JsonElement type) && type.GetString() is { } name
                    && parameter.TryGetProperty("name", out JsonElement path) && path.GetString() is { } key)
                {
                    types[key] = name;
                }
            }
        }
        catch (Exception bad) when (bad is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            // Without readable choice types every choice is written as its value: a string for an enum's member.
        }

        return types;
    }

    private sealed class Node
    {
        public List<(string Name, string? Literal, Node? Child)> Members { get; } = [];

        public Node Child(string name)
        {
            foreach ((string member, _, Node? child) in Members)
            {
                if (member == name && child is not null)
                {
                    return child;
                }
            }

            var created = new Node();
            Members.Add((name, null, created));
            return created;
        }

        public void Write(StringBuilder text, int depth)
        {
            string indent = new(' ', depth * 4);
            text.Append('\n').Append(indent).Append("{\n");

            // A repeated space's instances (Layer[0], Layer[1], ...) become one list: Layer = [new() { ... }, ...].
            var lists = new Dictionary<string, SortedDictionary<int, Node>>(StringComparer.Ordinal);
            foreach ((string name, _, Node? child) in Members)
            {
                if (child is not null && Indexed(name) is (string list, int index))
                {
                    if (!lists.TryGetValue(list, out SortedDictionary<int, Node>? items))
                    {
                        lists[list] = items = new SortedDictionary<int, Node>();
                    }

                    items[index] = child;
                }
            }

            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string name, string? literal, Node? child) in Members)
            {
                if (child is not null && Indexed(name) is (string list, _))
                {
                    if (written.Add(list))
                    {
                        WriteList(text, depth, list, lists[list]);
                    }

                    continue;
                }

                text.Append(indent).Append("    ").Append(name).Append(" = ");
                if (child is not null)
                {
                    text.Append("new()");
                    child.Write(text, depth + 1);
                }
                else
                {
                    text.Append(literal);
                }

                text.Append(",\n");
            }

            text.Append(indent).Append('}');
        }

        // An instance none of whose parameters is stored still counts: it is written as new().
        private static void WriteList(StringBuilder text, int depth, string list, SortedDictionary<int, Node> items)
        {
            string indent = new(' ', depth * 4);
            text.Append(indent).Append("    ").Append(list).Append(" =\n").Append(indent).Append("    [");
            int count = items.Keys.Max() + 1;
            for (int i = 0; i < count; i++)
            {
                text.Append('\n').Append(indent).Append("        new()");
                if (items.TryGetValue(i, out Node? item))
                {
                    item.Write(text, depth + 2);
                }

                text.Append(',');
            }

            text.Append('\n').Append(indent).Append("    ],\n");
        }

        private static (string List, int Index)? Indexed(string name)
        {
            int open = name.LastIndexOf('[');
            return open > 0 && name[^1] == ']' && int.TryParse(name.AsSpan(open + 1, name.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                ? (name[..open], index)
                : null;
        }
    }
}
