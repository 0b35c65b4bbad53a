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
