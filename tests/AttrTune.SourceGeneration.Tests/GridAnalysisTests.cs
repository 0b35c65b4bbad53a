using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>AT0024 and AT0025: what the analyzer knows of a grid at build time, and how it counts it.</summary>
public class GridAnalysisTests
{
    [Theory]
    [InlineData("C.EnumerateGrid(options)")]
    [InlineData("C.Descriptor.CreateGrid(Options())")]
    public void Grid_options_known_only_at_run_time_raise_nothing(string call)
    {
        var diagnostics = AnalyzerHarness.Analyze("using AttrTune;\nnamespace Demo;\n[SearchSpace] public partial class C { [Uniform(0, 1)] public double A { get; set; } }\n"
            + "public static class Use { static GridOptions Options() => new() { ContinuousPoints = 3 }; public static object Run(GridOptions options) => " + call + "; }");
        Assert.Empty(diagnostics);
    }

    // Counted by hand: Mode a gives N (4) times K (1 + 3 for K = 2), b gives K alone (4), c gives Inner (1 + 5
    // for B = true), and Flag doubles the sum: (16 + 4 + 6) * 2.
    [Fact]
    public void The_grid_is_counted_with_conditions_and_nested_spaces()
    {
        Compilation compilation = GeneratorHarness.Compile("""
            using AttrTune;
            namespace Demo;
            [SearchSpace] public partial class Inner
            {
                [Choice] public bool B { get; set; }
                [IntRange(1, 5)] [ActiveWhen(nameof(B), true)] public int X { get; set; } = 1;
            }
            [SearchSpace] public partial class C
            {
                [Choice("a", "b", "c")] public string Mode { get; set; } = "a";
                [IntRange(1, 4)] [ActiveWhen(nameof(Mode), "a")] public int N { get; set; } = 1;
                [Choice(1, 2)] [ActiveWhen(nameof(Mode), "a", "b")] public int K { get; set; } = 1;
                [IntRange(1, 3)] [ActiveWhen(nameof(K), 2)] public int M { get; set; } = 1;
                [ActiveWhen(nameof(Mode), "c")] public Inner? Inner { get; set; }
                [Choice] public bool Flag { get; set; }
            }
            """);
        KnownSymbols known = KnownSymbols.TryCreate(compilation)!;
        INamedTypeSymbol type = compilation.GetTypeByMetadataName("Demo.C")!;
        SearchSpaceSpec spec = new SearchSpaceParser(known, sink: null, default).Parse(type)!;
        GridSize size = GridSizeEstimator.Estimate(spec, 0, known, type, default);
        Assert.Null(size.ParameterWithoutPoints);
        Assert.Equal(52, size.Count);
    }

    // Counted by hand. Layers: 1 opens nothing (1); 2 opens Activation (relu 1, tanh with 2 slopes: 3); 3 opens
    // Momentum (3); 4 opens both (9); 5 to 8 open Momentum (12): 28. Budget: 0 to 30 open Warm (8), 40 to 60 open Inner
    // (6), 70 to 100 nothing (4): 18. Big: the 11 values from 999,999,990 open Top (22), the other 999,999,990 nothing.
    // The billion values of Big are cut where Top's range starts, not walked one by one.
    [Fact]
    public void The_grid_is_counted_with_conditions_on_integers()
    {
        Compilation compilation = GeneratorHarness.Compile("""
            using AttrTune;
            namespace Demo;
            [SearchSpace] public partial class Inner { [Choice] public bool B { get; set; } }
            [SearchSpace] public partial class C
            {
                [IntRange(1, 8)] public int Layers { get; set; } = 1;
                [IntRange(1, 3)] [ActiveWhen(nameof(Layers), AtLeast = 3)] public int Momentum { get; set; } = 1;
                [Choice("relu", "tanh")] [ActiveWhen(nameof(Layers), 2, 4)] public string Activation { get; set; } = "relu";
                [IntRange(1, 2)] [ActiveWhen(nameof(Activation), "tanh")] public int Slope { get; set; } = 1;
                [IntRange(0, 100, Step = 10)] public long Budget { get; set; }
                [Choice] [ActiveWhen(nameof(Budget), AtMost = 30)] public bool Warm { get; set; }
                [ActiveWhen(nameof(Budget), AtLeast = 40, AtMost = 60)] public Inner? Inner { get; set; }
                [IntRange(0, 1_000_000_000)] public long Big { get; set; }
                [Choice] [ActiveWhen(nameof(Big), AtLeast = 999_999_990)] public bool Top { get; set; }
            }
            """);
        KnownSymbols known = KnownSymbols.TryCreate(compilation)!;
        INamedTypeSymbol type = compilation.GetTypeByMetadataName("Demo.C")!;
        SearchSpaceSpec spec = new SearchSpaceParser(known, sink: null, default).Parse(type)!;
        GridSize size = GridSizeEstimator.Estimate(spec, 0, known, type, default);
        Assert.Null(size.ParameterWithoutPoints);
        Assert.Equal(28L * 18 * (999_999_990 + 22), size.Count);
    }

    // Counted by hand. A layer has 3 points (B false, or B true with X 1 or 2). N from 0 to 3 activates that many layers:
    // 1 + 3 + 9 + 27 = 40. M is 2, 4 or 6 (max 6 instances): 3^2 + 3^4 + 3^6 = 819. The two are independent.
    [Fact]
    public void The_grid_is_counted_with_repeated_spaces()
    {
        Compilation compilation = GeneratorHarness.Compile("""
            using System.Collections.Generic;
            using AttrTune;
            namespace Demo;
            [SearchSpace] public partial class L
            {
                [Choice] public bool B { get; set; }
                [IntRange(1, 2)] [ActiveWhen(nameof(B), true)] public int X { get; set; } = 1;
            }
            [SearchSpace] public partial class C
            {
                [RepeatedBy(nameof(N))] public IReadOnlyList<L> Layer { get; set; } = [];
                [IntRange(0, 3)] public int N { get; set; }
                [IntRange(2, 6, Step = 2)] public int M { get; set; } = 2;
                [RepeatedBy(nameof(M))] public L[] Block { get; set; } = [];
            }
            """);
        KnownSymbols known = KnownSymbols.TryCreate(compilation)!;
        INamedTypeSymbol type = compilation.GetTypeByMetadataName("Demo.C")!;
        SearchSpaceSpec spec = new SearchSpaceParser(known, sink: null, default).Parse(type)!;
        Assert.Equal(["N", "Layer", "M", "Block"], spec.Parameters.Select(p => p.PropertyName));
        GridSize size = GridSizeEstimator.Estimate(spec, 0, known, type, default);
        Assert.Null(size.ParameterWithoutPoints);
        Assert.Equal(40L * 819, size.Count);
    }

    // Each level is a parent of the next: enumerating the assignments to count them takes 10^12 steps, and the
    // analyzer runs on every edit of a file that calls EnumerateGrid.
    [Fact]
    public async Task A_deep_chain_of_conditions_is_counted_without_enumerating_it()
    {
        string values = string.Join(", ", Enumerable.Range(0, 10));
        var members = new StringBuilder($"[Choice({values})] public int L0 {{ get; set; }}\n");
        for (int level = 1; level < 12; level++)
        {
            members.Append($"[Choice({values})] [ActiveWhen(nameof(L{level - 1}), {values})] public int L{level} {{ get; set; }}\n");
        }

        string source = "using AttrTune;\nnamespace Demo;\n[SearchSpace] public partial class C {\n" + members + "}\n"
            + "public static class Use { public static int Count() => System.Linq.Enumerable.Count(C.EnumerateGrid()); }";
        Task<ImmutableArray<Diagnostic>> analysis = Task.Run(() => AnalyzerHarness.Analyze(source));
        Assert.True(await Task.WhenAny(analysis, Task.Delay(TimeSpan.FromSeconds(60))) == analysis, "the analyzer did not finish counting the grid");
        Diagnostic diagnostic = Assert.Single(await analysis);
        Assert.Equal("AT0024", diagnostic.Id);
        Assert.Contains("1,000,000,000,000 points", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
