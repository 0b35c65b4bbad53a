using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AttrTune.Distributions;
using AttrTune.Export;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using CsvHelper;
using Xunit;

namespace AttrTune.Tests;

public enum ExportShade
{
    Light,
    Dark,
    DeepBlue,
}

[SearchSpace]
public partial class ExportInnerSpace
{
    [Choice("relu", "gelu")]
    public string Activation { get; set; } = "relu";

    [Uniform(0.0, 0.5)]
    [ActiveWhen(nameof(Activation), "gelu")]
    public double Dropout { get; set; }

    [IntRange(1, 4)]
    public int Depth { get; set; } = 1;
}

/// <summary>Every kind of parameter the export has to render, with choices that break naive quoting.</summary>
[SearchSpace]
public partial class ExportSpace
{
    public const string Quoted = "say \"hi\"";
    public const string Comma = "a,b";
    public const string Newline = "line1\nline2";
    public const string CrLf = "cr\r\nlf";
    public const string Backslash = "C:\\path";
    public const string NonAscii = "naïve — 日本";
    public const string Padded = " padded ";

    [Uniform(-1.0, 1.0)]
    public double Plain { get; set; }

    [LogUniform(1e-6, 1e-1)]
    public double Log { get; set; } = 1e-3;

    [Uniform(0.0, 1.0, Step = 0.1)]
    public double Stepped { get; set; }

    [LogUniform(1e-3f, 10f)]
    public float Single { get; set; } = 1f;

    [IntRange(-8, 8)]
    public int Int { get; set; }

    [IntRange(1, 1_000_000, Log = true)]
    public int LogInt { get; set; } = 1;

    [IntRange(0, 10_000_000_000, Step = 5)]
    public long Long { get; set; }

    [Choice("adam", Quoted, Comma, Newline, CrLf, Backslash, NonAscii, Padded)]
    public string Text { get; set; } = "adam";

    [Choice(1, 2, 3)]
    public int IntChoice { get; set; } = 1;

    [Choice(1L, 1L << 40, -7L)]
    public long LongChoice { get; set; } = 1;

    [Choice<double>(0.5, 1e-300, 0.1, -2.5)]
    public double DoubleChoice { get; set; } = 0.5;

    [Choice]
    public bool Flag { get; set; }

    [Choice]
    public ExportShade Shade { get; set; }

    [Choice(null, 3, 5)]
    public int? MaybeDepth { get; set; }

    [Uniform(0.0, 0.9)]
    [ActiveWhen(nameof(Flag), true)]
    public double Momentum { get; set; }

    public ExportInnerSpace Inner { get; set; } = new();
}

public class ExportTests
{
    private const string FailReason = "System.InvalidOperationException: the model said \"no\",\r\nthen \\stopped\\\nat line 2";

    private static readonly string[] FixedColumns = ["number", "state", "value", "started", "completed", "duration_seconds"];

    private static readonly string[] TrialJsonKeys =
        ["number", "state", "value", "started", "completed", "durationSeconds", "worker", "params", "internalParams", "intermediateValues", "userAttributes", "failReason"];

    // The test's own way to read a parameter: the generated config's property, independent of the exporter's decoding.
    private static readonly Dictionary<string, Func<ExportSpace, object?>> PropertyOf = new(StringComparer.Ordinal)
    {
        ["Plain"] = c => c.Plain,
        ["Log"] = c => c.Log,
        ["Stepped"] = c => c.Stepped,
        ["Single"] = c => c.Single,
        ["Int"] = c => c.Int,
        ["LogInt"] = c => c.LogInt,
        ["Long"] = c => c.Long,
        ["Text"] = c => c.Text,
        ["IntChoice"] = c => c.IntChoice,
        ["LongChoice"] = c => c.LongChoice,
        ["DoubleChoice"] = c => c.DoubleChoice,
        ["Flag"] = c => c.Flag,
        ["Shade"] = c => c.Shade,
        ["MaybeDepth"] = c => c.MaybeDepth,
        ["Momentum"] = c => c.Momentum,
        ["Inner.Activation"] = c => c.Inner.Activation,
        ["Inner.Dropout"] = c => c.Inner.Dropout,
        ["Inner.Depth"] = c => c.Inner.Depth,
    };

    [Fact]
    public void The_test_space_covers_every_parameter_kind_and_the_expected_values_agree_with_the_descriptor()
    {
        Fixture fixture = Build();
        SearchSpaceDescriptor descriptor = fixture.Descriptor;
        Assert.Equal(descriptor.Parameters.Select(p => p.Name), PropertyOf.Keys);
        Assert.Contains(descriptor.Parameters, p => p.Distribution is FloatDistribution { IsLog: true });
        Assert.Contains(descriptor.Parameters, p => p.Distribution is FloatDistribution { Step: > 0 });
        Assert.Contains(descriptor.Parameters, p => p.Distribution is FloatDistribution { IsSinglePrecision: true });
        Assert.Contains(descriptor.Parameters, p => p.Distribution is IntDistribution { IsLog: true });
        foreach (Type choiceType in new[] { typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool), typeof(ExportShade), typeof(int?) })
        {
            Assert.Contains(descriptor.Parameters, p => p.Distribution.GetType() == typeof(CategoricalDistribution<>).MakeGenericType(choiceType));
        }

        // Every state, a null choice, and conditional parameters both active and inactive must occur, or the
        // comparisons below would not exercise them.
        Assert.Equal(
            new[] { TrialState.Running, TrialState.Waiting, TrialState.Complete, TrialState.Pruned, TrialState.Failed }.Order(),
            fixture.Trials.Select(t => t.State).Distinct().Order());
        foreach (string conditional in new[] { "Momentum", "Inner.Dropout" })
        {
            Assert.Contains(fixture.Trials, t => t.Parameters.ContainsKey(conditional));
            Assert.Contains(fixture.Trials, t => !t.Parameters.ContainsKey(conditional));
        }

        Assert.Contains(fixture.Trials, t => t.Parameters.TryGetValue("MaybeDepth", out double index) && index == 0);
        foreach (string text in new[] { ExportSpace.Quoted, ExportSpace.Comma, ExportSpace.Newline, ExportSpace.CrLf, ExportSpace.Backslash, ExportSpace.NonAscii, ExportSpace.Padded })
        {
            Assert.Contains(fixture.Trials, t => Equals(Typed(t)["Text"], text));
        }

        // The oracle (the config's properties) and the descriptor's own decoding of the stored values agree.
        foreach (FrozenTrial trial in fixture.Trials)
        {
            Dictionary<string, object?> typed = Typed(trial);
            foreach (ParameterDescriptor parameter in descriptor.Parameters)
            {
                if (!trial.Parameters.TryGetValue(parameter.Name, out double stored))
                {
                    continue;
                }

                object? viaDescriptor = parameter.Distribution switch
                {
                    CategoricalDistribution categorical => categorical.GetChoice(categorical.IndexFromInternal(stored, parameter.Name)),
                    IntDistribution => (long)stored,
                    FloatDistribution { IsSinglePrecision: true } => (float)stored,
                    _ => stored,
                };
                object? viaConfig = typed[parameter.Name] is int i && parameter.Distribution is IntDistribution ? (long)i : typed[parameter.Name];
                Assert.Equal(viaDescriptor, viaConfig);
            }
        }
    }

    [Fact]
    public void Every_csv_cell_matches_the_stored_trial()
    {
        Fixture fixture = Build();
        string text = Csv(fixture);

        using CsvReader csv = CsvReader.FromText(text, StrictCsv());
        Assert.True(csv.Read() || fixture.Trials.Count == 0);
        string[] attributeKeys = fixture.Trials.SelectMany(t => t.UserAttributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] expectedHeader =
        [
            .. FixedColumns,
            .. fixture.Descriptor.Parameters.Select(p => p.Name),
            .. attributeKeys.Select(k => "attr:" + k),
            "intermediate_values",
            "fail_reason",
        ];
        Assert.Equal(expectedHeader, csv.Headers);
        Assert.Contains("attr:note, with \"quotes\"", csv.Headers);

        int row = 0;
        do
        {
            string[] cells = csv.Current.ToArray();
            Assert.Equal(expectedHeader.Length, cells.Length);
            FrozenTrial trial = fixture.Trials[row];
            string Cell(string column) => cells[Array.IndexOf(expectedHeader, column)];

            Assert.Equal(trial.Number, int.Parse(Cell("number"), NumberStyles.None, CultureInfo.InvariantCulture));
            Assert.Equal(trial.State.ToString(), Cell("state"));
            AssertNumberCell(trial.Value, Cell("value"));
            AssertTimeCell(trial.Started, Cell("started"));
            AssertTimeCell(trial.Completed, Cell("completed"));
            AssertNumberCell(trial.Duration?.TotalSeconds, Cell("duration_seconds"));

            Dictionary<string, object?> typed = Typed(trial);
            foreach (ParameterDescriptor parameter in fixture.Descriptor.Parameters)
            {
                string cell = Cell(parameter.Name);
                if (!trial.Parameters.ContainsKey(parameter.Name))
                {
                    Assert.Equal(string.Empty, cell);
                    continue;
                }

                AssertTypedCell(typed[parameter.Name], cell, $"trial {trial.Number}, {parameter.Name}");
            }

            foreach (string key in attributeKeys)
            {
                Assert.Equal(trial.UserAttributes.GetValueOrDefault(key, string.Empty), Cell("attr:" + key));
            }

            string intermediate = Cell("intermediate_values");
            if (trial.IntermediateValues.Count == 0)
            {
                Assert.Equal(string.Empty, intermediate);
            }
            else
            {
                Assert.DoesNotContain('\n', intermediate);
                Assert.DoesNotContain(' ', intermediate);
                using JsonDocument steps = JsonDocument.Parse(intermediate);
                AssertIntermediate(trial, steps.RootElement);
            }

            Assert.Equal(trial.FailReason ?? string.Empty, Cell("fail_reason"));
            row++;
        }
        while (csv.Read());

        Assert.Equal(fixture.Trials.Count, row);
    }

    [Fact]
    public void Every_json_field_matches_the_stored_trial()
    {
        Fixture fixture = Build();
        using JsonDocument document = JsonDocument.Parse(Json(fixture));
        JsonElement root = document.RootElement;

        Assert.Equal(["study", "direction", "configType", "spaceFingerprint", "parameters", "trials"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(fixture.Study.Name, root.GetProperty("study").GetString());
        Assert.Equal("Maximize", root.GetProperty("direction").GetString());
        Assert.Equal(fixture.Descriptor.TypeName, root.GetProperty("configType").GetString());
        Assert.Equal(fixture.Descriptor.Fingerprint, root.GetProperty("spaceFingerprint").GetString());

        JsonElement[] parameters = root.GetProperty("parameters").EnumerateArray().ToArray();
        Assert.Equal(fixture.Descriptor.Count, parameters.Length);
        foreach (ParameterDescriptor parameter in fixture.Descriptor.Parameters)
        {
            JsonElement exported = parameters[parameter.Index];
            Assert.Equal(parameter.Name, exported.GetProperty("name").GetString());
            Assert.Equal(parameter.Distribution.CanonicalText, exported.GetProperty("distribution").GetString());
            JsonElement condition = exported.GetProperty("condition");
            if (parameter.Condition is null)
            {
                Assert.Equal(JsonValueKind.Null, condition.ValueKind);
            }
            else
            {
                Assert.Equal(fixture.Descriptor.DescribeCondition(parameter), condition.GetString());
            }
        }

        JsonElement[] trials = root.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(fixture.Trials.Count, trials.Length);
        for (int t = 0; t < trials.Length; t++)
        {
            FrozenTrial trial = fixture.Trials[t];
            JsonElement json = trials[t];
            Assert.Equal(TrialJsonKeys, json.EnumerateObject().Select(p => p.Name));
            Assert.Equal(trial.Number, json.GetProperty("number").GetInt32());
            Assert.Equal(trial.State.ToString(), json.GetProperty("state").GetString());
            AssertNumber(trial.Value, json.GetProperty("value"));
            AssertTime(trial.Started, json.GetProperty("started"));
            AssertTime(trial.Completed, json.GetProperty("completed"));
            AssertNumber(trial.Duration?.TotalSeconds, json.GetProperty("durationSeconds"));
            AssertString(trial.Worker, json.GetProperty("worker"));
            AssertString(trial.FailReason, json.GetProperty("failReason"));

            Dictionary<string, object?> typed = Typed(trial);
            string[] active = fixture.Descriptor.Parameters.Select(p => p.Name).Where(trial.Parameters.ContainsKey).ToArray();
            JsonElement values = json.GetProperty("params");
            JsonElement internals = json.GetProperty("internalParams");
            Assert.Equal(active, values.EnumerateObject().Select(p => p.Name));
            Assert.Equal(active, internals.EnumerateObject().Select(p => p.Name));
            foreach (string name in active)
            {
                AssertJsonValue(typed[name], values.GetProperty(name), $"trial {trial.Number}, {name}");
                Assert.Equal(JsonValueKind.Number, internals.GetProperty(name).ValueKind);
                Assert.Equal(trial.Parameters[name], internals.GetProperty(name).GetDouble());
            }

            AssertIntermediate(trial, json.GetProperty("intermediateValues"));
            JsonElement attributes = json.GetProperty("userAttributes");
            Assert.Equal(trial.UserAttributes.Keys.Order(StringComparer.Ordinal), attributes.EnumerateObject().Select(p => p.Name));
            foreach ((string key, string value) in trial.UserAttributes)
            {
                Assert.Equal(value, attributes.GetProperty(key).GetString());
            }
        }
    }

    [Fact]
    public void The_defects_of_the_old_export_are_gone()
    {
        Fixture fixture = Build();
        string csv = Csv(fixture);
        string json = Json(fixture);

        // CSV quoted the choice's display text again ("""adam"""); the cell must be the choice itself.
        Assert.DoesNotContain("\"\"\"adam\"\"\"", csv, StringComparison.Ordinal);
        Assert.Contains(",adam,", csv, StringComparison.Ordinal);
        Assert.Contains(",\"say \"\"hi\"\"\",", csv, StringComparison.Ordinal);

        // JSON wrote int and bool choices as strings and cut quotes and backslashes off string choices.
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement[] parameters = document.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("params")).ToArray();
        Assert.All(parameters, p => Assert.Equal(JsonValueKind.Number, p.GetProperty("IntChoice").ValueKind));
        Assert.All(parameters, p => Assert.Contains(p.GetProperty("Flag").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False }));
        string[] texts = parameters.Select(p => p.GetProperty("Text").GetString()!).ToArray();
        Assert.Contains(ExportSpace.Quoted, texts);
        Assert.Contains(ExportSpace.Backslash, texts);
        Assert.DoesNotContain(texts, t => t.StartsWith('"'));
    }

    [Fact]
    public void Csv_quotes_only_the_fields_that_need_it_and_ends_records_with_crlf()
    {
        Fixture fixture = Build();
        string text = Csv(fixture);
        string firstLine = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("number,state,value,started,completed,duration_seconds,Plain,Log,", firstLine, StringComparison.Ordinal);
        Assert.Contains(",\"attr:note, with \"\"quotes\"\"\",", firstLine, StringComparison.Ordinal);
        Assert.EndsWith(",intermediate_values,fail_reason", firstLine, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);

        // Outside quoted fields every line feed is part of a CRLF record end.
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == '\n')
            {
                Assert.Equal('\r', text[i - 1]);
            }
            else if (!quoted && text[i] == '\r')
            {
                Assert.Equal('\n', text[i + 1]);
            }
        }

        Assert.False(quoted);
        Assert.Contains(",\"a,b\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"line1\nline2\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"cr\r\nlf\",", text, StringComparison.Ordinal);
        Assert.Contains(",\"before\rafter\",", text, StringComparison.Ordinal);
        Assert.Contains(",C:\\path,", text, StringComparison.Ordinal);
        Assert.Contains(",naïve — 日本,", text, StringComparison.Ordinal);
        Assert.Contains(", padded ,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_is_written_through_the_source_generated_context()
    {
        Fixture fixture = Build();
        byte[] written = Encoding.UTF8.GetBytes(Json(fixture));

        // The exporter serializes with the generated metadata of the context, not with reflection.
        JsonTypeInfo<StudyExportDocument> typeInfo = StudyExport.Indented.StudyExportDocument;
        Assert.IsType<StudyExportJsonContext>(typeInfo.OriginatingResolver);
        Assert.Same(StudyExport.Indented, typeInfo.OriginatingResolver);
        StudyExportDocument document = StudyExport.CreateDocument(fixture.Descriptor, fixture.Study, fixture.Trials);
        Assert.Equal(written, JsonSerializer.SerializeToUtf8Bytes(document, typeInfo));

        // The generated context has no reflection fallback: it knows only the types it was generated for, and
        // reads the export back to the same document.
        Assert.False(StudyExportJsonContext.Default.Options.TryGetTypeInfo(typeof(ExportTests), out _));
        StudyExportDocument read = JsonSerializer.Deserialize(written, StudyExportJsonContext.Default.StudyExportDocument)!;
        Assert.Equal(written, JsonSerializer.SerializeToUtf8Bytes(read, typeInfo));

        // The records name their own JSON properties, so a reader with default options gets the same document too.
        StudyExportDocument readByDefault = JsonSerializer.Deserialize<StudyExportDocument>(written)!;
        Assert.Equal(written, JsonSerializer.SerializeToUtf8Bytes(readByDefault, typeInfo));
        Assert.Equal(fixture.Study.Name, read.Study);
        Assert.Equal(fixture.Trials.Select(t => t.State), read.Trials.Select(t => t.State));
        Assert.Equal(fixture.Trials.Select(t => t.Started), read.Trials.Select(t => t.Started));
    }

    [Fact]
    public void Exports_do_not_depend_on_the_current_culture()
    {
        Fixture fixture = Build();
        string csv = Csv(fixture);
        string json = Json(fixture);

        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NegativeSign = "~";
        odd.NumberFormat.PositiveInfinitySymbol = "inf";
        odd.NumberFormat.NaNSymbol = "nan";
        odd.DateTimeFormat.TimeSeparator = ".";
        CultureInfo previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = odd;
            Assert.Equal("~1,5", (-1.5).ToString(CultureInfo.CurrentCulture));
            Assert.Equal(csv, Csv(fixture));
            Assert.Equal(json, Json(fixture));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Non_finite_values_and_non_utc_times_are_exported_exactly()
    {
        Fixture fixture = Build();
        var offset = TimeSpan.FromHours(5.5);
        FrozenTrial pruned = fixture.Trials.First(t => t.State == TrialState.Pruned) with
        {
            Value = double.NaN,
            Started = new DateTimeOffset(2026, 3, 4, 5, 6, 7, offset).AddTicks(1234567),
            Completed = new DateTimeOffset(2026, 3, 4, 6, 6, 7, offset),
        };
        FrozenTrial complete = fixture.Trials.First(t => t.State == TrialState.Complete) with { Value = double.NegativeInfinity };
        var trials = new[] { pruned, complete };

        using JsonDocument document = JsonDocument.Parse(Json(fixture with { Trials = trials }));
        JsonElement[] json = document.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal("NaN", json[0].GetProperty("value").GetString());
        Assert.Equal("-Infinity", json[1].GetProperty("value").GetString());
        AssertTime(pruned.Started, json[0].GetProperty("started"));
        Assert.Equal(pruned.Duration!.Value.TotalSeconds, json[0].GetProperty("durationSeconds").GetDouble());

        using CsvReader csv = CsvReader.FromText(Csv(fixture with { Trials = trials }), StrictCsv());
        Assert.True(csv.Read());
        Assert.Equal("NaN", csv.GetString("value"));
        Assert.Equal("2026-03-04T05:06:07.1234567+05:30", csv.GetString("started"));
        AssertTimeCell(pruned.Completed, csv.GetString("completed"));
        Assert.True(csv.Read());
        Assert.Equal("-Infinity", csv.GetString("value"));
    }

    [Fact]
    public void A_study_without_trials_exports_its_header_and_space()
    {
        Fixture fixture = Build() with { Trials = [] };
        Assert.Equal(
            string.Join(',', [.. FixedColumns, .. fixture.Descriptor.Parameters.Select(p => p.Name), "intermediate_values", "fail_reason"]) + "\r\n",
            Csv(fixture));
        using JsonDocument document = JsonDocument.Parse(Json(fixture));
        Assert.Equal(0, document.RootElement.GetProperty("trials").GetArrayLength());
        Assert.Equal(fixture.Descriptor.Count, document.RootElement.GetProperty("parameters").GetArrayLength());
    }

    [Fact]
    public void Bad_input_is_refused_before_anything_is_written()
    {
        Fixture fixture = Build();
        FrozenTrial sample = fixture.Trials.First(t => t.State == TrialState.Complete);

        ArgumentException otherSpace = AssertRefused(fixture with { Study = fixture.Study with { SpaceFingerprint = "0123456789abcdef" } });
        Assert.Contains($"Study '{fixture.Study.Name}' was stored with the search space fingerprint 0123456789abcdef", otherSpace.Message, StringComparison.Ordinal);
        Assert.Contains($"has fingerprint {fixture.Descriptor.Fingerprint}", otherSpace.Message, StringComparison.Ordinal);

        FrozenTrial unknown = sample with { Number = 41, Parameters = sample.Parameters.Add("Missing.Path", 1) };
        ArgumentException unknownName = AssertRefused(fixture with { Trials = [.. fixture.Trials, unknown] });
        Assert.Contains("Trial 41 cannot be exported: it has the parameter 'Missing.Path', which AttrTune.Tests.ExportSpace does not have", unknownName.Message, StringComparison.Ordinal);

        FrozenTrial badIndex = sample with { Number = 42, Parameters = sample.Parameters.SetItem("Text", 8) };
        ArgumentException badChoice = AssertRefused(fixture with { Trials = [.. fixture.Trials, badIndex] });
        Assert.Contains("Trial 42 cannot be exported: parameter Text: 8 is not a choice index in [0, 7]", badChoice.Message, StringComparison.Ordinal);

        FrozenTrial outOfRange = sample with { Number = 43, Parameters = sample.Parameters.SetItem("Int", 9) };
        Assert.Contains("Trial 43 cannot be exported: parameter Int: 9 is outside [-8, 8]", AssertRefused(fixture with { Trials = [outOfRange] }).Message, StringComparison.Ordinal);

        ArgumentException nullTrial = AssertRefused(fixture with { Trials = [sample, null!] });
        Assert.Contains("trials[1] is null", nullTrial.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>(() => StudyExport.WriteCsv(null!, fixture.Study, fixture.Trials, new StringWriter()));
        Assert.Throws<ArgumentNullException>(() => StudyExport.WriteCsv(fixture.Descriptor, null!, fixture.Trials, new StringWriter()));
        Assert.Throws<ArgumentNullException>(() => StudyExport.WriteJson(fixture.Descriptor, fixture.Study, null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => StudyExport.WriteCsv(fixture.Descriptor, fixture.Study, fixture.Trials, null!));
        Assert.Throws<ArgumentNullException>(() => StudyExport.WriteJson(fixture.Descriptor, fixture.Study, fixture.Trials, null!));
        using var readOnly = new MemoryStream(new byte[16], writable: false);
        ArgumentException notWritable = Assert.Throws<ArgumentException>(() => StudyExport.WriteJson(fixture.Descriptor, fixture.Study, fixture.Trials, readOnly));
        Assert.Equal("stream", notWritable.ParamName);
        Assert.Contains("needs a writable stream", notWritable.Message, StringComparison.Ordinal);
    }

    private static ArgumentException AssertRefused(Fixture fixture)
    {
        var csv = new StringWriter();
        ArgumentException fromCsv = Assert.Throws<ArgumentException>(() => StudyExport.WriteCsv(fixture.Descriptor, fixture.Study, fixture.Trials, csv));
        Assert.Equal(string.Empty, csv.ToString());
        using var json = new MemoryStream();
        ArgumentException fromJson = Assert.Throws<ArgumentException>(() => StudyExport.WriteJson(fixture.Descriptor, fixture.Study, fixture.Trials, json));
        Assert.Equal(0, json.Length);
        Assert.Equal(fromCsv.Message, fromJson.Message);
        return fromCsv;
    }

    private static string Csv(Fixture fixture)
    {
        var writer = new StringWriter { NewLine = "\n" };
        StudyExport.WriteCsv(fixture.Descriptor, fixture.Study, fixture.Trials, writer);
        return writer.ToString();
    }

    private static string Json(Fixture fixture)
    {
        using var stream = new MemoryStream();
        StudyExport.WriteJson(fixture.Descriptor, fixture.Study, fixture.Trials, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static CsvReaderOptions StrictCsv() => CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        SkipEmptyLines = false,
        TrimWhitespace = false,
        DetectSeparatorHint = false,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Throw,
    };

    /// <summary>The trial's parameters as the generated config holds them (inactive ones included, at their defaults).</summary>
    private static Dictionary<string, object?> Typed(FrozenTrial trial)
    {
        ExportSpace config = ExportSpace.FromParameters(trial.ToParameterSet(ExportSpace.Descriptor));
        return PropertyOf.ToDictionary(p => p.Key, p => p.Value(config), StringComparer.Ordinal);
    }

    private static void AssertTypedCell(object? expected, string cell, string what)
    {
        const NumberStyles Integer = NumberStyles.AllowLeadingSign;
        const NumberStyles Real = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        switch (expected)
        {
            case null:
                Assert.Equal(string.Empty, cell);
                break;
            case string s:
                Assert.Equal(s, cell);
                break;
            case bool b:
                Assert.Equal(b ? "true" : "false", cell);
                break;
            case ExportShade shade:
                Assert.Equal(shade.ToString(), cell);
                break;
            case int i:
                Assert.True(int.TryParse(cell, Integer, CultureInfo.InvariantCulture, out int parsedInt), $"{what}: '{cell}' is not an integer");
                Assert.Equal(i, parsedInt);
                break;
            case long l:
                Assert.True(long.TryParse(cell, Integer, CultureInfo.InvariantCulture, out long parsedLong), $"{what}: '{cell}' is not an integer");
                Assert.Equal(l, parsedLong);
                break;
            case float f:
                Assert.True(float.TryParse(cell, Real, CultureInfo.InvariantCulture, out float parsedFloat), $"{what}: '{cell}' is not a number");
                Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits(parsedFloat));
                Assert.Equal(ShortestDecimal(f), double.Parse(cell, Real, CultureInfo.InvariantCulture));
                break;
            case double d:
                Assert.True(double.TryParse(cell, Real, CultureInfo.InvariantCulture, out double parsedDouble), $"{what}: '{cell}' is not a number");
                Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(parsedDouble));
                break;
            default:
                Assert.Fail($"{what}: no check for {expected.GetType()}");
                break;
        }
    }

    private static void AssertJsonValue(object? expected, JsonElement actual, string what)
    {
        switch (expected)
        {
            case null:
                Assert.Equal(JsonValueKind.Null, actual.ValueKind);
                break;
            case string s:
                Assert.Equal(JsonValueKind.String, actual.ValueKind);
                Assert.Equal(s, actual.GetString());
                break;
            case bool b:
                Assert.Equal(b ? JsonValueKind.True : JsonValueKind.False, actual.ValueKind);
                break;
            case ExportShade shade:
                Assert.Equal(JsonValueKind.String, actual.ValueKind);
                Assert.Equal(shade.ToString(), actual.GetString());
                break;
            case int or long:
                Assert.Equal(JsonValueKind.Number, actual.ValueKind);
                Assert.True(actual.TryGetInt64(out long parsed), $"{what}: {actual.GetRawText()} is not an integer");
                Assert.Equal(Convert.ToInt64(expected, CultureInfo.InvariantCulture), parsed);
                break;
            case float f:
                Assert.Equal(JsonValueKind.Number, actual.ValueKind);
                Assert.Equal(BitConverter.SingleToInt32Bits(f), BitConverter.SingleToInt32Bits(actual.GetSingle()));
                Assert.Equal(ShortestDecimal(f), actual.GetDouble());
                break;
            case double d:
                Assert.Equal(JsonValueKind.Number, actual.ValueKind);
                Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(actual.GetDouble()));
                break;
            default:
                Assert.Fail($"{what}: no check for {expected.GetType()}");
                break;
        }
    }

    /// <summary>
    /// A float property's value as its shortest decimal (0.1f: 0.1), which is what the config shows; the widened
    /// double (0.10000000149011612) is the internal value, exported separately.
    /// </summary>
    private static double ShortestDecimal(float value) => double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void AssertNumberCell(double? expected, string cell)
    {
        if (expected is not { } value)
        {
            Assert.Equal(string.Empty, cell);
            return;
        }

        AssertTypedCell(value, cell, "number");
    }

    private static void AssertTimeCell(DateTimeOffset? expected, string cell)
    {
        if (expected is not { } time)
        {
            Assert.Equal(string.Empty, cell);
            return;
        }

        DateTimeOffset parsed = DateTimeOffset.ParseExact(cell, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
        Assert.Equal(time.Ticks, parsed.Ticks);
        Assert.Equal(time.Offset, parsed.Offset);
    }

    private static void AssertNumber(double? expected, JsonElement actual)
    {
        if (expected is not { } value)
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
            return;
        }

        Assert.Equal(JsonValueKind.Number, actual.ValueKind);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(actual.GetDouble()));
    }

    private static void AssertTime(DateTimeOffset? expected, JsonElement actual)
    {
        if (expected is not { } time)
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
            return;
        }

        // ISO 8601 with the offset: the same instant and the same offset, to the tick.
        DateTimeOffset parsed = DateTimeOffset.Parse(actual.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", actual.GetString());
        Assert.Equal(time.Ticks, parsed.Ticks);
        Assert.Equal(time.Offset, parsed.Offset);
    }

    private static void AssertString(string? expected, JsonElement actual)
    {
        if (expected is null)
        {
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
            return;
        }

        Assert.Equal(expected, actual.GetString());
    }

    private static void AssertIntermediate(FrozenTrial trial, JsonElement steps)
    {
        Assert.Equal(trial.IntermediateValues.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture)), steps.EnumerateObject().Select(p => p.Name));
        foreach ((long step, double value) in trial.IntermediateValues)
        {
            JsonElement exported = steps.GetProperty(step.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(exported.GetDouble()));
        }
    }

    /// <summary>
    /// A study holding every trial state, hand-written trials for the awkward values and seeded random ones for
    /// breadth, all made through the storage API as a study would make them.
    /// </summary>
    private static Fixture Build()
    {
        var storage = new InMemoryStorage();
        SearchSpaceDescriptor descriptor = ExportSpace.Descriptor;
        StudyRecord study = storage.CreateOrLoadStudy("export, \"quoted\"\nstudy", StudyDirection.Maximize, descriptor.Fingerprint, descriptor.ToString());

        FrozenTrial complete = Start(storage, study, new ExportSpace
        {
            Plain = -0.1,
            Log = 1e-6,
            Stepped = 0.3,
            Single = 0.1f,
            Int = -8,
            LogInt = 1_000_000,
            Long = 9_999_999_995,
            Text = ExportSpace.Quoted,
            IntChoice = 3,
            LongChoice = 1L << 40,
            DoubleChoice = 1e-300,
            Flag = true,
            Shade = ExportShade.DeepBlue,
            MaybeDepth = 5,
            Momentum = 0.45,
            Inner = new ExportInnerSpace { Activation = "gelu", Dropout = 0.25, Depth = 4 },
        });
        storage.ReportIntermediate(complete.Id, 0, 0.5);
        storage.ReportIntermediate(complete.Id, 3, 1.0 / 3);
        storage.ReportIntermediate(complete.Id, 10, -2e-10);
        storage.SetUserAttribute(complete.Id, "note, with \"quotes\"", "a,\"b\"\r\nc");
        storage.SetUserAttribute(complete.Id, "owner", "naïve — 日本");
        storage.FinishTrial(complete.Id, TrialState.Complete, 0.1 + 0.2, null);

        FrozenTrial pruned = Start(storage, study, new ExportSpace { Text = ExportSpace.Comma, Flag = false, MaybeDepth = null, Shade = ExportShade.Light, DoubleChoice = -2.5 });
        storage.ReportIntermediate(pruned.Id, 1, 0.75);
        storage.SetUserAttribute(pruned.Id, "owner", "");
        storage.SetUserAttribute(pruned.Id, "C:\\key", "\\value\\");
        storage.FinishTrial(pruned.Id, TrialState.Pruned, 0.75, null);

        FrozenTrial failed = Start(storage, study, new ExportSpace { Text = ExportSpace.Newline, Flag = true, Momentum = 0.9, LongChoice = -7 });
        storage.SetUserAttribute(failed.Id, "attempt", "1");
        storage.SetUserAttribute(failed.Id, "lone CR", "before\rafter");
        storage.FinishTrial(failed.Id, TrialState.Failed, null, FailReason);

        FrozenTrial running = Start(storage, study, new ExportSpace { Text = ExportSpace.Backslash, Inner = new ExportInnerSpace { Activation = "gelu", Dropout = 0.5 } });
        storage.ReportIntermediate(running.Id, 2, 1.5);
        storage.SetUserAttribute(running.Id, "owner", "line1\nline2");

        Start(storage, study, new ExportSpace { Text = ExportSpace.NonAscii, Single = 10f }, TrialState.Waiting);
        Start(storage, study, new ExportSpace { Text = ExportSpace.CrLf }, TrialState.Waiting);
        FrozenTrial padded = Start(storage, study, new ExportSpace { Text = ExportSpace.Padded, Stepped = 1.0 });
        storage.FinishTrial(padded.Id, TrialState.Complete, -1e300, null);

        // Seeded, so the study is the same on every run.
        for (ulong seed = 1; seed <= 16; seed++)
        {
            var random = new RandomSource(seed);
            FrozenTrial trial = Start(storage, study, ExportSpace.Sample(random));
            if (seed % 3 == 0)
            {
                storage.ReportIntermediate(trial.Id, (long)seed, seed / 7.0);
            }

            storage.FinishTrial(trial.Id, seed % 5 == 0 ? TrialState.Pruned : TrialState.Complete, seed / 3.0, null);
        }

        return new Fixture(descriptor, study, storage.GetTrials(study.Id));
    }

    private static FrozenTrial Start(InMemoryStorage storage, StudyRecord study, ExportSpace config, TrialState state = TrialState.Running)
    {
        ParameterSet set = config.ToParameters();
        var named = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (ParameterDescriptor parameter in set.Descriptor.Parameters)
        {
            if (set.IsActive(parameter.Index))
            {
                named.Add(parameter.Name, set[parameter.Index]);
            }
        }

        string? worker = state == TrialState.Running ? "host-1:" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) : null;
        return storage.TryCreateTrial(study.Id, new NewTrial(state, named, Worker: worker))
            ?? throw new InvalidOperationException("The storage refused a trial without a claim key.");
    }

    private sealed record Fixture(SearchSpaceDescriptor Descriptor, StudyRecord Study, IReadOnlyList<FrozenTrial> Trials);
}
