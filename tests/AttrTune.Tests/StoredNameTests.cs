using System;
using System.Collections.Generic;
using System.IO;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using CsvHelper;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AttrTune.Tests;

/// <summary>A block whose only parameter is stored under another name.</summary>
[SearchSpace]
public partial class StoredBlock
{
    [ParameterName("units")]
    [IntRange(8, 64)]
    public int Width { get; init; } = 8;
}

/// <summary>
/// Every kind of tuned property under a stored name: a condition's parent and the conditional parameter, a nested
/// space, a repeated list and its count, and one parameter that keeps its own name.
/// </summary>
[SearchSpace]
public partial class StoredNet
{
    [ParameterName("nn_opt")]
    [Choice("adam", "sgd")]
    public string Optimizer { get; init; } = "adam";

    [ParameterName("nn_momentum")]
    [Uniform(0, 0.99)]
    [ActiveWhen(nameof(Optimizer), "sgd")]
    public double Momentum { get; init; }

    [ParameterName("head")]
    public StoredBlock Head { get; init; } = new();

    [ParameterName("n_layers")]
    [IntRange(1, 3)]
    public int Layers { get; init; } = 1;

    [ParameterName("layer")]
    [RepeatedBy(nameof(Layers))]
    public IReadOnlyList<StoredBlock> Layer { get; init; } = [];

    [LogUniform(1e-4, 1e-1)]
    public double Rate { get; init; } = 1e-3;
}

/// <summary>The same stored names and ranges as <see cref="StoredNet"/>, with every property renamed.</summary>
[SearchSpace]
public partial class StoredNetRenamed
{
    [ParameterName("nn_opt")]
    [Choice("adam", "sgd")]
    public string Solver { get; init; } = "adam";

    [ParameterName("nn_momentum")]
    [Uniform(0, 0.99)]
    [ActiveWhen(nameof(Solver), "sgd")]
    public double Beta { get; init; }

    [ParameterName("head")]
    public StoredBlock Top { get; init; } = new();

    [ParameterName("n_layers")]
    [IntRange(1, 3)]
    public int Depth { get; init; } = 1;

    [ParameterName("layer")]
    [RepeatedBy(nameof(Depth))]
    public IReadOnlyList<StoredBlock> Hidden { get; init; } = [];

    [ParameterName("Rate")]
    [LogUniform(1e-4, 1e-1)]
    public double LearningRate { get; init; } = 1e-3;
}

/// <summary>[ParameterName]: stored names in the descriptor, storage and IsActive; property paths kept for C#.</summary>
public sealed class StoredNameTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-names-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_descriptor_names_parameters_by_stored_name_and_keeps_each_property_path()
    {
        SearchSpaceDescriptor d = StoredNet.Descriptor;
        Assert.Equal(
            new[] { "nn_opt", "nn_momentum", "head.units", "n_layers", "layer[0].units", "layer[1].units", "layer[2].units", "Rate" },
            d.Parameters.Select(p => p.Name));
        Assert.Equal(
            new[] { "Optimizer", "Momentum", "Head.Width", "Layers", "Layer[0].Width", "Layer[1].Width", "Layer[2].Width", "Rate" },
            d.Parameters.Select(p => p.PropertyPath));
        Assert.Equal("nn_opt", d["nn_momentum"].Condition!.ParentName);
        Assert.Equal("n_layers", d["layer[1].units"].Condition!.ParentName);
    }

    [Fact]
    public void A_renamed_property_that_keeps_its_stored_name_keeps_the_fingerprint()
    {
        Assert.Equal(StoredNet.Descriptor.Fingerprint, StoredNetRenamed.Descriptor.Fingerprint);
        Assert.NotEqual(StoredNet.Descriptor.TypeName, StoredNetRenamed.Descriptor.TypeName);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void Parameter_sets_use_stored_names_and_round_trip_into_the_properties(ulong seed)
    {
        var random = new RandomSource(seed);
        var seen = new HashSet<(string, int)>();
        for (int i = 0; i < 200; i++)
        {
            StoredNet config = StoredNet.Sample(random);
            ParameterSet parameters = config.ToParameters();
            Assert.Equal(config.Layers, (int)parameters["n_layers"]);
            Assert.Equal(config.Layers, config.Layer.Count);
            Assert.Equal(config.Head.Width, (int)parameters["head.units"]);
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(j < config.Layers, parameters.TryGetValue($"layer[{j}].units", out double units));
                if (j < config.Layers)
                {
                    Assert.Equal(config.Layer[j].Width, (int)units);
                }
            }

            Assert.Equal(config.Optimizer == "sgd", parameters.TryGetValue("nn_momentum", out _));
            Assert.False(parameters.TryGetValue("Optimizer", out _));

            StoredNet back = StoredNet.FromParameters(parameters);
            Assert.Equal(
                (config.Optimizer, config.Momentum, config.Head.Width, config.Layers, config.Rate),
                (back.Optimizer, back.Momentum, back.Head.Width, back.Layers, back.Rate));
            Assert.Equal(config.Layer.Select(l => l.Width), back.Layer.Select(l => l.Width));
            seen.Add((config.Optimizer, config.Layers));
        }

        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void IsActive_finds_a_parameter_by_stored_name_by_nameof_and_by_stored_path()
    {
        var sgd = new StoredNet { Optimizer = "sgd", Momentum = 0.5, Layers = 2, Layer = [new() { Width = 9 }, new() { Width = 10 }] };
        var adam = new StoredNet { Optimizer = "adam", Layers = 1, Layer = [new() { Width = 9 }] };
        foreach ((StoredNet config, bool momentum) in new[] { (sgd, true), (adam, false) })
        {
            Assert.Equal(momentum, config.IsActive("nn_momentum"));
            Assert.Equal(momentum, config.IsActive(nameof(StoredNet.Momentum)));
            Assert.True(config.IsActive(nameof(StoredNet.Rate)));
            Assert.True(config.IsActive("head.units"));
            Assert.True(config.IsActive("layer[0].units"));
            Assert.Equal(config.Layers > 1, config.IsActive("layer[1]"));
            Assert.False(config.IsActive("layer[2].units"));
        }

        // Paths below the type itself are stored names: a property path there names nothing, and the message lists the names.
#pragma warning disable AT0031 // the analyzer knows this name is wrong: that is the point of the test
        var unknown = Assert.Throws<ArgumentException>(() => sgd.IsActive("Head.Width"));
#pragma warning restore AT0031
        Assert.Contains("head.units", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stored_space_keeps_property_paths_and_reads_back_the_same_space()
    {
        string json = SearchSpaceJson.Write(StoredNet.Descriptor);
        SearchSpaceDescriptor read = SearchSpaceJson.Read(json);
        Assert.Equal(StoredNet.Descriptor.Fingerprint, read.Fingerprint);
        Assert.Equal(StoredNet.Descriptor.Parameters.Select(p => (p.Name, p.PropertyPath)), read.Parameters.Select(p => (p.Name, p.PropertyPath)));

        // A space without stored names writes no "property" at all, so files written before it read the same.
        Assert.DoesNotContain("\"property\"", SearchSpaceJson.Write(RepeatedMlp.Descriptor), StringComparison.Ordinal);
    }

    // As a user reads the exports: parsed back (a CSV parser, System.Text.Json), every parameter column and key is the
    // stored name and holds what the typed configuration holds, an inactive one nothing.
    [Fact]
    public async Task Csv_and_json_exports_name_parameters_by_stored_name_and_hold_the_typed_values()
    {
        var study = Study<StoredNet>.CreateOrResume("exported", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new Samplers.RandomSampler(8) });
        await study.OptimizeAsync(c => c.Rate + c.Layers, new OptimizeOptions { MaxTrials = 16 });
        IReadOnlyList<TrialResult<StoredNet>> trials = study.GetTrials();
        var expected = trials.Select(t => new Dictionary<string, string>
        {
            ["nn_opt"] = t.Config.Optimizer,
            ["nn_momentum"] = t.Config.Optimizer == "sgd" ? t.Config.Momentum.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
            ["head.units"] = t.Config.Head.Width.ToString(CultureInfo.InvariantCulture),
            ["n_layers"] = t.Config.Layers.ToString(CultureInfo.InvariantCulture),
            ["layer[0].units"] = t.Config.Layer[0].Width.ToString(CultureInfo.InvariantCulture),
            ["layer[1].units"] = t.Config.Layers > 1 ? t.Config.Layer[1].Width.ToString(CultureInfo.InvariantCulture) : string.Empty,
            ["layer[2].units"] = t.Config.Layers > 2 ? t.Config.Layer[2].Width.ToString(CultureInfo.InvariantCulture) : string.Empty,
            ["Rate"] = t.Config.Rate.ToString("R", CultureInfo.InvariantCulture),
        }).ToList();
        Assert.Contains(trials, t => t.Config.Optimizer == "sgd");
        Assert.Contains(trials, t => t.Config.Layers == 1);

        var text = new StringWriter();
        study.ExportCsv(text);
        using CsvReader csv = CsvReader.FromText(text.ToString());
        int row = 0;
        while (csv.Read())
        {
            foreach ((string column, string value) in expected[row])
            {
                string cell = csv.Current[csv.Headers.ToList().IndexOf(column)].ToString();
                Assert.True(value == cell || double.Parse(cell, CultureInfo.InvariantCulture) == double.Parse(value, CultureInfo.InvariantCulture), $"trial {row}, {column}: {cell}, expected {value}");
            }

            row++;
        }

        Assert.Equal(trials.Count, row);
        Assert.DoesNotContain("Optimizer", csv.Headers);
        Assert.DoesNotContain("Head.Width", csv.Headers);

        using var stream = new MemoryStream();
        study.ExportJson(stream);
        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        JsonElement[] exported = document.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(trials.Count, exported.Length);
        for (int t = 0; t < exported.Length; t++)
        {
            JsonElement values = exported[t].GetProperty("params");
            Assert.Equal(expected[t].Where(p => p.Value.Length > 0).Select(p => p.Key).Order(StringComparer.Ordinal), values.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            foreach (JsonProperty value in values.EnumerateObject())
            {
                string written = value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString()! : value.Value.GetRawText();
                Assert.True(expected[t][value.Name] == written || value.Value.GetDouble() == double.Parse(expected[t][value.Name], CultureInfo.InvariantCulture), $"trial {t}, {value.Name}: {written}");
            }
        }
    }

    [Fact]
    public async Task A_study_resumes_after_its_properties_and_its_class_are_renamed_and_keeps_every_trial()
    {
        string path = Path.Combine(_directory, "study.db");
        using (var storage = new SqliteStorage(path))
        {
            var study = Study<StoredNet>.CreateOrResume("net", new StudyOptions { Storage = storage, Sampler = new Samplers.RandomSampler(3) });
            await study.OptimizeAsync(c => c.Rate * (c.Optimizer == "sgd" ? 1 - c.Momentum : 1) + c.Layer.Sum(l => l.Width), new OptimizeOptions { MaxTrials = 12 });
        }

        using (var storage = new SqliteStorage(path))
        {
            IReadOnlyList<FrozenTrial> stored = storage.GetTrials(storage.FindStudy("net")!.Id);
            var study = Study<StoredNetRenamed>.CreateOrResume("net", new StudyOptions { Storage = storage, Sampler = new Samplers.RandomSampler(4) });
            Assert.Equal(0, study.Record.SpaceVersion);
            IReadOnlyList<TrialResult<StoredNetRenamed>> trials = study.GetTrials();
            Assert.Equal(12, trials.Count);
            foreach ((FrozenTrial old, TrialResult<StoredNetRenamed> now) in stored.Zip(trials))
            {
                Assert.Equal((int)old.Parameters["n_layers"], now.Config.Depth);
                Assert.Equal(now.Config.Depth, now.Config.Hidden.Count);
                Assert.Equal(old.Parameters["Rate"], now.Config.LearningRate);
                Assert.Equal((int)old.Parameters["head.units"], now.Config.Top.Width);
            }

            await study.OptimizeAsync(c => c.LearningRate + c.Hidden.Sum(l => l.Width), new OptimizeOptions { MaxTrials = 3 });
            Assert.Equal(15, study.GetTrials().Count);
        }
    }
}
