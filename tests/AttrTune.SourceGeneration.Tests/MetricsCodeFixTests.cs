using System.Threading.Tasks;
using AttrTune.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// The code fixes of [Metrics] diagnostics, each applied one diagnostic at a time and as Fix All; the fixed code,
/// with both generators' output, must compile without errors or warnings and raise no diagnostic.
/// </summary>
public class MetricsCodeFixTests
{
    private const string Header = "using AttrTune;\nnamespace Demo;\n";

    [Fact]
    public Task Add_partial_to_a_metrics_type_and_its_container() => Verify<AddPartialCodeFix>(
        Header + "public class Outer\n{\n    [Metrics]\n    public record {|AT0045:{|AT0045:M|}|}([property: Minimize] double X);\n}\n",
        Header + "public partial class Outer\n{\n    [Metrics]\n    public partial record M([property: Minimize] double X);\n}\n");

    // Three attributes of one type and one of another: each type is marked once.
    [Fact]
    public Task Add_metrics_to_each_type_once() => Verify<AddMetricsCodeFix>(
        Header + """
            public record M
            {
                [{|AT0046:Minimize|}] public double A { get; init; }
                [{|AT0046:Maximize|}] public double B { get; init; }
                [{|AT0046:Constraint(Min = 0.5)|}] public double C { get; init; }
            }
            public record P([{|AT0046:Minimize|}] double X);
            """,
        Header + """
            [Metrics]
            public partial record M
            {
                [Minimize] public double A { get; init; }
                [Maximize] public double B { get; init; }
                [Constraint(Min = 0.5)] public double C { get; init; }
            }
            [Metrics]
            public partial record P([Minimize] double X);
            """);

    [Fact]
    public Task Add_also_objective() => Verify<AddAlsoObjectiveCodeFix>(
        Header + """
            [Metrics] public partial record M
            {
                [Minimize, {|AT0043:Constraint(Max = 1e6)|}] public long Size { get; init; }
                [Maximize] [{|AT0043:Constraint|}] public double Accuracy { get; init; }
            }
            """,
        Header + """
            [Metrics] public partial record M
            {
                [Minimize, Constraint(Max = 1e6, AlsoObjective = true)] public long Size { get; init; }
                [Maximize] [Constraint(AlsoObjective = true)] public double Accuracy { get; init; }
            }
            """);

    [Fact]
    public Task Remove_maximize_keeps_minimize() => VerifyChoice<RemoveDirectionCodeFix>(
        Header + """
            [Metrics] public partial record M([Minimize] [{|AT0041:Maximize|}] double Loss)
            {
                [Minimize, {|AT0041:Maximize|}] public double Other { get; init; }
            }
            """,
        Header + """
            [Metrics] public partial record M([Minimize] double Loss)
            {
                [Minimize] public double Other { get; init; }
            }
            """,
        nameof(RemoveDirectionCodeFix) + ".Maximize");

    [Fact]
    public Task Remove_minimize_keeps_maximize() => VerifyChoice<RemoveDirectionCodeFix>(
        Header + """
            [Metrics] public partial record M([Minimize] [{|AT0041:Maximize|}] double Loss)
            {
                [Minimize, {|AT0041:Maximize|}] public double Other { get; init; }
            }
            """,
        Header + """
            [Metrics] public partial record M([Maximize] double Loss)
            {
                [Maximize] public double Other { get; init; }
            }
            """,
        nameof(RemoveDirectionCodeFix) + ".Minimize");

    private static Task Verify<TCodeFix>(string before, string after)
        where TCodeFix : CodeFixProvider, new() =>
        new MetricsCodeFixTest<TCodeFix> { TestCode = before, FixedCode = after }.RunAsync();

    private static Task VerifyChoice<TCodeFix>(string before, string after, string equivalenceKey)
        where TCodeFix : CodeFixProvider, new() =>
        new MetricsCodeFixTest<TCodeFix> { TestCode = before, FixedCode = after, CodeActionEquivalenceKey = equivalenceKey }.RunAsync();
}
