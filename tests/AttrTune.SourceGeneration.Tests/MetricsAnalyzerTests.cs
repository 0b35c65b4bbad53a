using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Every [Metrics] diagnostic: a bad type with the expected span marked, and the corrected type, which must raise
/// nothing and must generate and compile with zero errors and warnings.
/// </summary>
public class MetricsAnalyzerTests
{
    private const string Header = "using AttrTune;\nnamespace Demo;\n";

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "AT0040",
            "[Metrics] public partial record {|AT0040:M|} { [Constraint(Max = 1)] public double X { get; init; } }",
            "[Metrics] public partial record M { [Minimize, Constraint(Max = 1, AlsoObjective = true)] public double X { get; init; } }"
        },
        {
            "AT0040 no metric at all",
            "[Metrics] public partial class {|AT0040:M|} { public double X { get; set; } }",
            "[Metrics] public partial class M { [Maximize] public double X { get; set; } }"
        },
        {
            "AT0041",
            "[Metrics] public partial record M { [Minimize, {|AT0041:Maximize|}] public double X { get; init; } }",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } }"
        },
        {
            "AT0041 on a positional parameter",
            "[Metrics] public partial record M([Maximize] [{|AT0041:Minimize|}] double X);",
            "[Metrics] public partial record M([Maximize] double X);"
        },
        {
            "AT0042",
            "[Metrics] public partial record M { [{|AT0042:Minimize|}] public decimal X { get; init; } }",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } }"
        },
        {
            "AT0042 nullable",
            "[Metrics] public partial class M { [{|AT0042:Maximize|}] public double? X { get; set; } }",
            "[Metrics] public partial class M { [Maximize] public double X { get; set; } }"
        },
        {
            "AT0043",
            "[Metrics] public partial record M { [Minimize, {|AT0043:Constraint(Max = 5)|}] public double X { get; init; } }",
            "[Metrics] public partial record M { [Minimize, Constraint(Max = 5, AlsoObjective = true)] public double X { get; init; } }"
        },
        {
            "AT0044 Min > Max",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } [{|AT0044:Constraint(Min = 5, Max = 1)|}] public double Y { get; init; } }",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } [Constraint(Min = 1, Max = 5)] public double Y { get; init; } }"
        },
        {
            "AT0044 infinite",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } [Constraint({|AT0044:Max = double.PositiveInfinity|})] public double Y { get; init; } }",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } [Constraint] public double Y { get; init; } }"
        },
        {
            "AT0045",
            "[Metrics] public record {|AT0045:M|} { [Minimize] public double X { get; init; } }",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } }"
        },
        {
            "AT0045 container",
            "public class Outer { [Metrics] public partial record {|AT0045:M|} { [Minimize] public double X { get; init; } } }",
            "public partial class Outer { [Metrics] public partial record M { [Minimize] public double X { get; init; } } }"
        },
        {
            "AT0046",
            "public record M { [{|AT0046:Minimize|}] public double X { get; init; } }",
            "[Metrics] public partial record M { [Minimize] public double X { get; init; } }"
        },
        {
            "AT0046 positional",
            "public record M([{|AT0046:Minimize|}] double X);",
            "[Metrics] public partial record M([Minimize] double X);"
        },
        {
            "AT0047 no setter",
            "[Metrics] public partial class M { [Minimize] public double {|AT0047:X|} { get; } }",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } }"
        },
        {
            "AT0047 no getter",
            "[Metrics] public partial class M { private double _x; [Minimize] public double {|AT0047:X|} { set => _x = value; } public double Read() => _x; }",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } }"
        },
        {
            "AT0047 static",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } [Maximize] public static double {|AT0047:Y|} { get; set; } }",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } [Maximize] public double Y { get; set; } }"
        },
        {
            "AT0048 abstract",
            "[Metrics] public abstract partial class {|AT0048:M|} { [Minimize] public double X { get; set; } }",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } }"
        },
        {
            "AT0048 no constructor",
            "[Metrics] public partial class {|AT0048:M|} { public M(double x) => X = x; [Minimize] public double X { get; set; } }",
            "[Metrics] public partial class M { public M() { } public M(double x) => X = x; [Minimize] public double X { get; set; } }"
        },
        {
            "AT0048 reserved name",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } public string {|AT0048:MetricsDescriptor|} { get; set; } = \"\"; }",
            "[Metrics] public partial class M { [Minimize] public double X { get; set; } public string Names { get; set; } = \"\"; }"
        },
        {
            // The natural name for a metrics type is Metrics, so the generated descriptor is not named that.
            "AT0048 type named like a generated member",
            "[Metrics] public partial class {|AT0048:MetricsDescriptor|} { [Minimize] public double X { get; set; } }",
            "[Metrics] public partial class Metrics { [Minimize] public double X { get; set; } }"
        },
        {
            "AT0048 inherited metrics",
            "[Metrics] public partial record Base { [Minimize] public double X { get; init; } } [Metrics] public partial record {|AT0048:Derived|} : Base { [Maximize] public double Y { get; init; } }",
            "[Metrics] public partial record Base { [Minimize] public double X { get; init; } } [Metrics] public partial record Derived { [Minimize] public double X { get; init; } [Maximize] public double Y { get; init; } }"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_problem_at_its_span_and_accepts_the_corrected_type(string name, string bad, string corrected)
    {
        Assert.NotEmpty(name);
        await new MetricsAnalyzerTest { TestCode = Header + bad }.RunAsync();
        await new MetricsAnalyzerTest { TestCode = Header + corrected, TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck | TestBehaviors.SkipGeneratedCodeCheck }.RunAsync();
        Assert.NotEmpty(MetricsHarness.Run(GeneratorHarness.Compile(Header + corrected)).Result.GeneratedSources);
    }

    public static TheoryData<string, string, string> Messages => new()
    {
        { "[Metrics] public partial record {|#0:M|} { [Constraint] public double X { get; init; } }", "AT0040", "M has no objective: a [Metrics] type needs at least one property marked [Minimize] or [Maximize]" },
        { "[Metrics] public partial record M { [Minimize, {|#0:Maximize|}] public double LogLoss { get; init; } }", "AT0041", "LogLoss: a metric is either minimized or maximized, but it has both [Minimize] and [Maximize]" },
        { "[Metrics] public partial record M { [{|#0:Minimize|}] public string Loss { get; init; } = \"\"; }", "AT0042", "Loss: a metric must be a double, float, int or long property, but its type is string" },
        { "[Metrics] public partial record M { [Maximize, {|#0:Constraint(Min = 0.5)|}] public double Accuracy { get; init; } }", "AT0043", "Accuracy: [Constraint] on a property that is also [Maximize] bounds it as well as optimizing it; set AlsoObjective = true if both are meant, or remove [Maximize] or [Constraint]" },
        { "[Metrics] public partial record M { [Minimize] public double X { get; init; } [{|#0:Constraint(Min = 5, Max = 1.5)|}] public double LatencyMs { get; init; } }", "AT0044", "LatencyMs: [Constraint] needs Min <= Max, got Min = 5, Max = 1.5" },
        { "[Metrics] public partial record M { [Minimize] public double X { get; init; } [Constraint({|#0:Min = double.NegativeInfinity|})] public double LatencyMs { get; init; } }", "AT0044", "LatencyMs: [Constraint] needs finite bounds (leave a bound out for none), got Min = -Infinity" },
        { "[Metrics] public record {|#0:M|} { [Minimize] public double X { get; init; } }", "AT0045", "M: the [Metrics] type must be partial so that the generator can add the metrics members" },
        { "public record M { [{|#0:Constraint(Max = 5)|}] public double LatencyMs { get; init; } }", "AT0046", "M.LatencyMs: [Constraint] has no effect because M is not marked [Metrics]" },
        { "[Metrics] public partial class M { [Minimize] public double {|#0:X|} { get; } }", "AT0047", "X: a metric property needs a set or init accessor (or must be a parameter of the positional record), because the generated FromValues assigns it" },
        { "[Metrics] public abstract partial class {|#0:M|} { [Minimize] public double X { get; set; } }", "AT0048", "M cannot be a metrics type: a [Metrics] type cannot be abstract" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Each_message_reads_as_a_sentence_about_the_code(string source, string id, string message)
    {
        await new MetricsAnalyzerTest
        {
            TestCode = Header + source,
            ExpectedDiagnostics = { new DiagnosticResult(id, SeverityOf(id)).WithLocation(0).WithMessage(message) },
        }.RunAsync();
    }

    // One build shows every problem: fixing one at a time and rebuilding would take as many builds as mistakes.
    [Fact]
    public async Task Every_independent_problem_is_reported_in_one_build()
    {
        await new MetricsAnalyzerTest
        {
            TestCode = Header + """
                [Metrics] public record {|AT0045:M|}
                {
                    [Minimize, {|AT0041:Maximize|}] public double A { get; init; }
                    [{|AT0042:Minimize|}] public string B { get; init; } = "";
                    [Minimize, {|AT0043:Constraint(Max = 1)|}] public double C { get; init; }
                    [{|AT0044:Constraint(Min = 2, Max = 1)|}] public double D { get; init; }
                    [Constraint] public double {|AT0047:E|} { get; }
                }
                public class Plain { [{|AT0046:Maximize|}] public double F { get; set; } }
                [Metrics] public partial class {|AT0040:Empty|} { public double G { get; set; } }
                """,
        }.RunAsync();
    }

    [Fact]
    public void Valid_metrics_types_raise_nothing_and_generated_code_is_never_analyzed()
    {
        ImmutableArray<Diagnostic> diagnostics = MetricsHarness.Analyze(
            MetricsGoldenFileTests.InitRecord,
            MetricsGoldenFileTests.PositionalRecord.Replace("namespace Demo.Metrics;", "namespace Demo.Positional;", StringComparison.Ordinal),
            MetricsGoldenFileTests.Class);
        Assert.Empty(diagnostics);
    }

    public static TheoryData<string> HalfTypedMetrics => new()
    {
        "using AttrTune; [Metrics] public partial record M { [Minimize] public double X { get; init } }",
        "using AttrTune; [Metrics] public partial record M { [Constraint(Max = ] public double X { get; init; } }",
        "using AttrTune; [Metrics] public partial record M { [Constraint(Max = \"a\")] [Minimize] public double X { get; init; } }",
        "using AttrTune; [Metrics] public partial record M { [Minimize] public Unknown X { get; init; } }",
        "using AttrTune; [Metrics] public partial record M([Minimize] double X, [Minimize] double X);",
        "using AttrTune; [Metrics] public partial record M([Minimize] double X) { [Maximize] public double X { get; init; } }",
        "using AttrTune; [Metrics] public partial record M { [Minimize] public double X { get; init; } [Minimize] public double X { get; init; } }",
        "using AttrTune; [Metrics] public partial record M { [Minimize] public double this[int i] => 0; }",
        "using AttrTune; [Metrics] public partial struct S { [Minimize] public double X { get; init; } }",
        "using AttrTune; [Metrics] public static partial class S { [Minimize] public static double X { get; set; } }",
        "using AttrTune; [Metrics] file partial record F { [Minimize] public double X { get; init; } }",
        "using AttrTune; [Metrics] public partial record G<T> { [Minimize] public double X { get; init; } }",
        "using AttrTune; [Metrics] [Metrics] public partial record M { [Minimize] public double X { get; init; } }",
        "using AttrTune; [Metrics] public partial record M { [Minimize] public double X { get; init; } } [Metrics] public partial record M { }",
        "using AttrTune; [Metrics] public partial record M([Minimize] double X) { public M() : this(0) { } }",
        "[AttrTune.Metrics] partial record",
        "[AttrTune.Metrics] partial class C { [AttrTune.Minimize] double",
    };

    [Theory]
    [MemberData(nameof(HalfTypedMetrics))]
    [MemberData(nameof(RobustnessTests.HalfTypedCode), MemberType = typeof(RobustnessTests))]
    public void Neither_generator_nor_analyzer_throws_on_half_typed_or_invalid_code(string source)
    {
        var (result, _) = MetricsHarness.Run(GeneratorHarness.Compile(source));
        Assert.Null(result.Exception);
        MetricsHarness.Analyze(source);
    }

    // Valid but unusual types must compile when the generator does emit for them.
    [Theory]
    [InlineData("using AttrTune; [Metrics] public partial record G<T> { [Minimize] public double X { get; init; } }")]
    [InlineData("using AttrTune; [Metrics] internal sealed partial record M([Minimize] double X) { public M() : this(0) { } }")]
    [InlineData("using AttrTune; public static partial class Holder { [Metrics] private partial record M([property: Minimize] float X, [Maximize] long Y); }")]
    [InlineData("using AttrTune; [Metrics] [SearchSpace] public partial record Both { [Minimize] [Uniform(0, 1)] public double X { get; init; } }")]
    [InlineData("using AttrTune; [Metrics] public partial record M(string Name) { [Minimize] public required double X { get; init; } public required string Tag; }")]
    public void Generated_code_compiles_for_unusual_but_valid_types(string source)
    {
        var (result, output) = MetricsHarness.Run(GeneratorHarness.Compile(source));
        Assert.Null(result.Exception);
        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.Empty(MetricsHarness.Analyze(source));
    }

    [Fact]
    public void Every_descriptor_has_a_title_a_message_format_with_its_own_words_and_a_description()
    {
        foreach (DiagnosticDescriptor descriptor in new MetricsAnalyzer().SupportedDiagnostics)
        {
            string format = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            string description = descriptor.Description.ToString(CultureInfo.InvariantCulture);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(CultureInfo.InvariantCulture)), descriptor.Id);
            Assert.True(description.Length > 40 && description.EndsWith('.'), $"{descriptor.Id}: description '{description}'");
            int[] used = Regex.Matches(format, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
            Assert.True(used.Length > 0 && used.SequenceEqual(Enumerable.Range(0, used.Length)), $"{descriptor.Id}: placeholders in '{format}'");
            Assert.True(Regex.Replace(format, @"\{\d+\}", string.Empty).Count(char.IsLetter) >= 10, $"{descriptor.Id}: '{format}' says too little of its own");
            Assert.Single(typeof(DiagnosticIds).GetFields(), f => (string)f.GetRawConstantValue()! == descriptor.Id);
            Assert.InRange(int.Parse(descriptor.Id.AsSpan(2), CultureInfo.InvariantCulture), 40, 49);
        }
    }

    [Fact]
    public void Every_descriptor_has_a_documentation_page_and_a_release_entry()
    {
        string root = AnalyzerTests.RepositoryRoot();
        string unshipped = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "AttrTune.SourceGeneration", "AnalyzerReleases.Unshipped.md"));
        string index = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "docs", "diagnostics", "README.md"));
        foreach (DiagnosticDescriptor descriptor in new MetricsAnalyzer().SupportedDiagnostics)
        {
            string title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
            string severity = descriptor.DefaultSeverity.ToString();
            string page = System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(System.IO.File.Exists(page), $"missing {page}");
            string text = System.IO.File.ReadAllText(page);
            Assert.StartsWith($"# {descriptor.Id}: {title}\n", text, StringComparison.Ordinal);
            Assert.Contains($"Severity: {severity.ToLowerInvariant()}\n", text, StringComparison.Ordinal);
            Assert.Contains($"`{descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)}`", text, StringComparison.Ordinal);
            Assert.Contains($"| [{descriptor.Id}]({descriptor.Id}.md) | {severity.ToLowerInvariant()} | {title} |", index, StringComparison.Ordinal);
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {severity} | {title}", unshipped, StringComparison.Ordinal);
            Assert.EndsWith(descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Known_type_names_match_the_runtime_types()
    {
        Assert.Equal(KnownTypeNames.MetricsAttribute, typeof(MetricsAttribute).FullName);
        Assert.Equal(KnownTypeNames.MinimizeAttribute, typeof(MinimizeAttribute).FullName);
        Assert.Equal(KnownTypeNames.MaximizeAttribute, typeof(MaximizeAttribute).FullName);
        Assert.Equal(KnownTypeNames.ConstraintAttribute, typeof(ConstraintAttribute).FullName);
        Assert.Equal(KnownTypeNames.MetricsInterface, typeof(IMetrics<>).FullName);
    }

    private static DiagnosticSeverity SeverityOf(string id) =>
        new MetricsAnalyzer().SupportedDiagnostics.Single(d => d.Id == id).DefaultSeverity;
}
