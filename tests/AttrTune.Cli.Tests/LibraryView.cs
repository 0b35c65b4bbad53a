using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Tests;

/// <summary>A study file as the library reads it: what the tool's output is checked against.</summary>
internal sealed class LibraryView : IDisposable
{
    private readonly SqliteStorage _storage;

    public LibraryView(string file) => _storage = new SqliteStorage(file);

    public IStudyStorage Storage => _storage;

    public StudyRecord Study(string name) => _storage.FindStudy(name) ?? throw new InvalidOperationException($"no study {name}");

    public IReadOnlyList<FrozenTrial> Trials(string name) => _storage.GetTrials(Study(name).Id);

    /// <summary>The space as stored with the study, or null for a study of an older release (values are then compared as stored).</summary>
    public static SearchSpaceDescriptor? SpaceOf(StudyRecord study) => study.Space;

    /// <summary>A stored value as the configuration saw it, as JSON: a choice's label, an int as an integer, a float as a number.</summary>
    public static JsonNode? Expected(SearchSpaceDescriptor? space, string name, double stored)
    {
        if (space is null || !space.TryGetIndex(name, out int index))
        {
            return JsonValue.Create(stored);
        }

        return space.Parameters[index].Distribution switch
        {
            IntDistribution => JsonValue.Create((long)stored),
            CategoricalDistribution categorical => categorical.GetChoice((int)stored) switch
            {
                null => null,
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                object other => JsonValue.Create(Convert.ToDouble(other, CultureInfo.InvariantCulture)),
            },
            _ => JsonValue.Create(stored),
        };
    }

    /// <summary>The same, as CSV text.</summary>
    public static string ExpectedText(SearchSpaceDescriptor? space, string name, double stored) =>
        Expected(space, name, stored) switch
        {
            null => string.Empty,
            JsonValue value when value.TryGetValue(out string? s) => s,
            JsonValue value when value.TryGetValue(out bool b) => b ? "true" : "false",
            JsonValue value when value.TryGetValue(out long l) => l.ToString(CultureInfo.InvariantCulture),
            JsonValue value => value.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException(),
        };

    public static IEnumerable<string> ParameterNames(SearchSpaceDescriptor? space, IEnumerable<FrozenTrial> trials) =>
        space?.Parameters.Select(p => p.Name) ?? trials.SelectMany(t => t.Parameters.Keys).Distinct().Order(StringComparer.Ordinal);

    public void Dispose() => _storage.Dispose();
}
