using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Generated code compared with checked-in baselines (Baselines/&lt;scenario&gt;/&lt;hint name&gt;).
/// Run with ATTRTUNE_ACCEPT=1 to rewrite them after an intended change, then review the diff.
/// </summary>
public class GoldenFileTests
{
    /// <summary>Each scenario's source by test name; the fuzz tests start from these too.</summary>
    internal static IEnumerable<(string Name, string Source)> Sources => new[]
    {
        (nameof(All_parameter_kinds), AllParameterKinds),
        (nameof(Nested_and_conditional_spaces), NestedAndConditionalSpaces),
        (nameof(Records_namespaces_and_containing_types), RecordsNamespacesAndContainingTypes),
        (nameof(Conditions_on_integers), ConditionsOnIntegers),
        (nameof(Repeated_spaces), RepeatedSpaces),
        (nameof(Stored_names), StoredNames),
    };

    // [ParameterName] on each kind of tuned property: a choice that is a condition's parent, the conditional parameter,
    // a nested space, a repeated list and its count, and a name the emitter must escape in a string literal.
    internal const string StoredNames = """
        using System.Collections.Generic;
        using AttrTune;

        namespace Demo.Stored;

        [SearchSpace]
        public partial class Block
        {
            [ParameterName("units")] [IntRange(8, 64)] public int Width { get; init; } = 8;
        }

        [SearchSpace]
        public partial class Net
        {
            [ParameterName("nn_opt")] [Choice("adam", "sgd")] public string Optimizer { get; init; } = "adam";
            [ParameterName("nn_momentum")] [Uniform(0, 0.99)] [ActiveWhen(nameof(Optimizer), "sgd")] public double Momentum { get; init; }
            [ParameterName("head")] public Block Head { get; init; } = new();
            [ParameterName("n_layers")] [IntRange(1, 3)] public int Layers { get; init; } = 1;
            [ParameterName("layer")] [RepeatedBy(nameof(Layers))] public IReadOnlyList<Block> Layer { get; init; } = [];
            [ParameterName("odd \"name\" \\ kept")] [LogUniform(1e-4, 1e-1)] public double Rate { get; init; } = 1e-3;
        }
        """;

    // A repeated list of each supported type: an IReadOnlyList under an always-active count, an array under a
    // conditional long count, and a List whose element has a condition of its own (chained under each instance).
    internal const string RepeatedSpaces = """
        using System.Collections.Generic;
        using AttrTune;

        namespace Demo.Repeated;

        [SearchSpace]
        public partial class LayerConfig
        {
            [IntRange(16, 256, Log = true)] public int Units { get; init; } = 64;
            [Choice("relu", "tanh")] public string Activation { get; init; } = "relu";
            [Uniform(0, 1)] [ActiveWhen(nameof(Activation), "tanh")] public double Slope { get; init; }
        }

        [SearchSpace]
        public partial class Mlp
        {
            [IntRange(1, 4)] public int Layers { get; init; } = 2;
            [RepeatedBy(nameof(Layers))] public IReadOnlyList<LayerConfig> Layer { get; init; } = [];
            [Choice] public bool Residual { get; init; }
            [IntRange(0, 3)] [ActiveWhen(nameof(Residual), true)] public long Blocks { get; init; }
            [RepeatedBy(nameof(Blocks))] public LayerConfig[] Block { get; init; } = [];
            [IntRange(0, 2)] public int Heads { get; init; }
            [RepeatedBy(nameof(Heads))] public List<LayerConfig> Head { get; init; } = [];
        }
        """;

    // A set of values and ranges (open above, open below, closed on a stepped long), a choice under a numerically
    // conditioned parameter and a parameter under that choice, a conditional integer parent, and a nested space under
    // a range.
    internal const string ConditionsOnIntegers = """
        using AttrTune;

        namespace Demo.Numeric;

        [SearchSpace]
        public partial class Schedule
        {
            [LogUniform(1e-4, 1e-1)] public double Rate { get; set; } = 1e-3;
        }

        [SearchSpace]
        public partial class Network
        {
            [IntRange(1, 8)] public int Layers { get; set; } = 1;
            [Uniform(0, 0.99)] [ActiveWhen(nameof(Layers), AtLeast = 3)] public double Momentum { get; set; } = 0.9;
            [Choice("relu", "tanh")] [ActiveWhen(nameof(Layers), 2, 4)] public string Activation { get; set; } = "relu";
            [Uniform(0, 1)] [ActiveWhen(nameof(Activation), "tanh")] public double Slope { get; set; }
            [IntRange(0, 100, Step = 10)] public long Budget { get; set; }
            [Uniform(0, 1)] [ActiveWhen(nameof(Budget), AtMost = 30)] public double Warmup { get; set; }
            [ActiveWhen(nameof(Budget), AtLeast = 40, AtMost = 60)] public Schedule? Schedule { get; set; }
            [Uniform(16, 256)] [ActiveWhen(nameof(Activation), "relu")] public int Units { get; set; } = 16;
            [Choice] [ActiveWhen(nameof(Units), AtLeast = 64)] public bool Wide { get; set; }
        }
        """;

    internal const string AllParameterKinds = """
        using AttrTune;

        namespace Demo.Kinds;

        public enum Booster { Gbdt, Dart, Goss }

        [SearchSpace]
        public partial class AllKinds
        {
            [Uniform(-1.5, 2.5)] public double Linear { get; set; }
            [Uniform(0, 1, Step = 0.05, Default = 0.5, GridPoints = 3)] public double Stepped { get; set; }
            [Uniform(0f, 1f)] public float Single { get; set; }
            [Uniform(2, 20, Step = 2)] public int EvenInt { get; set; } = 2;
            [LogUniform(1e-5, 1e-1, Default = 1e-3), Mutable] public double LearningRate { get; set; }
            [LogUniform(16, 1024)] public int Units { get; set; } = 16;
            [IntRange(1, 10, Default = 3)] public int Depth { get; set; }
            [IntRange(0, 1_000_000, Step = 1000)] public long Budget { get; set; }
            [IntRange(1, 4096, Log = true)] public long Rows { get; set; } = 1;
            [Choice("a", "b\"quoted\"", Default = "a")] public string Text { get; set; } = "a";
            [Choice(1, 2, 3)] public int Small { get; set; } = 1;
            [Choice(1, 10_000_000_000)] public long Big { get; set; } = 1;
            [Choice(0.5, 1, 2.5)] public double Ratio { get; set; } = 1;
            [Choice] public bool Flag { get; set; }
            [Choice] public Booster Booster { get; set; }
            [Choice(Booster.Dart, Booster.Goss, Default = Booster.Goss)] public Booster Some { get; set; } = Booster.Goss;
            [Choice(null, 3, 5)] public int? MaxDepth { get; set; }
            [Choice("x", null)] public string? Optional { get; set; }
            [Choice<double>(0.1, 0.2)] public double Typed { get; set; } = 0.1;
            [Choice<int>(1, 2, 4)] public int? Heads { get; set; } = 1;
            [Choice<Booster>(Booster.Dart, Booster.Goss)] public Booster? MaybeBooster { get; set; } = Booster.Dart;
            public string NotTuned { get; set; } = "kept";
        }
        """;

    internal const string NestedAndConditionalSpaces = """
        using AttrTune;

        namespace Demo.Nested;

        [SearchSpace]
        public partial class Adam
        {
            [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3;
        }

        [SearchSpace]
        public partial class Sgd
        {
            [Choice] public bool Nesterov { get; set; }
            [Uniform(0, 0.99)] [ActiveWhen(nameof(Nesterov), true)] public double Momentum { get; set; } = 0.9;
        }

        [SearchSpace]
        public partial class Training
        {
            // Declared before its parent on purpose: the generator orders parents first.
            [Uniform(0, 1)] [ActiveWhen(nameof(Optimizer), "sgd", "adam")] public double Warmup { get; set; } = 0.1;
            [Choice("adam", "sgd", "none")] public string Optimizer { get; set; } = "adam";
            [ActiveWhen(nameof(Optimizer), "adam")] public Adam Adam { get; set; } = new();
            [ActiveWhen(nameof(Optimizer), "sgd")] public Sgd? Sgd { get; set; }
            [IntRange(1, 5, Default = 2)] public int Epochs { get; set; }
        }
        """;

    internal const string RecordsNamespacesAndContainingTypes = """
        using AttrTune;

        [SearchSpace]
        public partial record GlobalRecord
        {
            [IntRange(1, 3)] public int A { get; init; } = 1;
        }

        namespace Demo.Containers
        {
            public partial class Outer
            {
                internal partial struct Middle
                {
                    [SearchSpace]
                    internal sealed partial record Inner
                    {
                        [Choice("p", "q")] public string Mode { get; init; } = "p";
                    }
                }
            }
        }
        """;

    [Fact]
    public void All_parameter_kinds() => Verify(nameof(All_parameter_kinds), AllParameterKinds);

    [Fact]
    public void Nested_and_conditional_spaces() => Verify(nameof(Nested_and_conditional_spaces), NestedAndConditionalSpaces);

    [Fact]
    public void Conditions_on_integers() => Verify(nameof(Conditions_on_integers), ConditionsOnIntegers);

    [Fact]
    public void Repeated_spaces() => Verify(nameof(Repeated_spaces), RepeatedSpaces);

    [Fact]
    public void Stored_names() => Verify(nameof(Stored_names), StoredNames);

    [Fact]
    public void Records_namespaces_and_containing_types() => Verify(nameof(Records_namespaces_and_containing_types), RecordsNamespacesAndContainingTypes);

    // Found from the repository root, not [CallerFilePath]: CI builds map source paths to /_/ for determinism.
    private static string BaselineRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AttrTune.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "AttrTune.SourceGeneration.Tests", "Baselines");
            }
        }

        throw new InvalidOperationException("AttrTune.sln not found above " + AppContext.BaseDirectory);
    }

    private static void Verify(string scenario, string source)
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        Assert.Null(result.Exception);
        Assert.True(GeneratorHarness.Problems(output).Count == 0, string.Join("\n", GeneratorHarness.Problems(output)));
        Assert.NotEmpty(result.GeneratedSources);

        string directory = Path.Combine(BaselineRoot(), scenario);
        bool accept = Environment.GetEnvironmentVariable("ATTRTUNE_ACCEPT") == "1";
        if (accept)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
        }

        foreach (GeneratedSourceResult generated in result.GeneratedSources)
        {
            string path = Path.Combine(directory, generated.HintName);
            string actual = generated.SourceText.ToString();
            if (accept)
            {
                File.WriteAllText(path, actual);
                continue;
            }

            Assert.True(File.Exists(path), $"No baseline {path}; run the tests with ATTRTUNE_ACCEPT=1 to create it.");
            string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
            if (expected != actual)
            {
                int line = expected.Split('\n').Zip(actual.Split('\n')).TakeWhile(pair => pair.First == pair.Second).Count() + 1;
                Assert.Fail($"{generated.HintName} differs from its baseline at line {line}:\n  expected: {expected.Split('\n').ElementAtOrDefault(line - 1)}\n  actual:   {actual.Split('\n').ElementAtOrDefault(line - 1)}\nRun with ATTRTUNE_ACCEPT=1 to accept the new output.");
            }
        }

        if (!accept)
        {
            string[] expectedFiles = Directory.GetFiles(directory).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;
            Assert.Equal(expectedFiles, result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n).ToArray());
        }
    }
}
