using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>Each variant of each message, rendered: a wrong argument, or one in the wrong place, shows here.</summary>
public class DiagnosticMessageTests
{
    private const string Header = "using AttrTune;\nnamespace Demo;\n";

    public static TheoryData<string, string, string> Messages => new()
    {
        { "[{|#0:Uniform(1, 0)|}] public double X { get; set; }", "AT0001", "X: [Uniform] needs low < high, got low = 1, high = 0" },
        { "[{|#0:IntRange(0, 64, Log = true)|}] public int X { get; set; }", "AT0002", "X: [IntRange] needs low >= 1 on a log scale, got low = 0" },
        { "[{|#0:Uniform(0, 1, Step = -0.1)|}] public double X { get; set; }", "AT0003", "X: [Uniform] needs Step > 0 (or 0 for continuous), got Step = -0.1" },
        { "[{|#0:IntRange(1, 64, Log = true, Step = 2)|}] public int X { get; set; } = 1;", "AT0003", "X: [IntRange] needs Step = 1 on a log scale, got Step = 2" },
        { "[{|#0:Uniform(0, 1, Step = 0.3)|}] public double X { get; set; }", "AT0004", "X: [Uniform] needs Step to divide high - low = 1, got Step = 0.3" },
        { "[{|#0:IntRange(0, 10_000_000_000_000_000)|}] public long X { get; set; }", "AT0005", "X: the values of [IntRange] must fit the property type, which needs bounds within ±2^53; got low = 0, high = 10000000000000000" },
        { "[{|#0:Uniform(0, 3.5)|}] public int X { get; set; }", "AT0005", "X: the values of [Uniform] must fit the property type, which needs whole-number bounds and Step on an integer property; got high = 3.5" },
        { "[{|#0:Uniform(0, 1)|}] public bool X { get; set; }", "AT0006", "X: [Uniform] cannot tune a property of type bool; it needs a double, float, int or long property" },
        { "[{|#0:Choice<int>(1, 2)|}] public long X { get; set; } = 1;", "AT0006", "X: [Choice<int>] cannot tune a property of type long; it needs a property of type int" },
        { "[{|#0:Choice<long>(1, 2)|}] public int? X { get; set; } = 1;", "AT0006", "X: [Choice<long>] cannot tune a property of type int?; it needs a property of type long" },
        { "[{|#0:Choice|}] public string X { get; set; } = \"\";", "AT0007", "X: [Choice] on a property of type string needs at least one value (only bool and enum properties may omit them)" },
        { "[Choice(\"a\", {|#0:\"a\"|})] public string X { get; set; } = \"a\";", "AT0008", "X: the choice \"a\" is listed more than once; each choice must be distinct" },
        { "[Choice(\"a\", {|#0:null|})] public string X { get; set; } = \"a\";", "AT0009", "X: the choice null needs a nullable property type, not string" },
        { "[Choice(1, {|#0:\"a\"|})] public int X { get; set; } = 1;", "AT0010", "X: the choice \"a\" is of type string; every choice must be a constant of the property type int" },
        { "[Choice(1, {|#0:5_000_000_000|})] public int X { get; set; } = 1;", "AT0010", "X: the choice 5000000000 is outside the range of int; every choice must be a constant of the property type int" },
        { "public enum Shade { Light, Dark } [Choice(Shade.Light, {|#0:(Shade)7|})] public Shade X { get; set; }", "AT0010", "X: the choice (Shade)7 is not a defined member of Demo.C.Shade; every choice must be a constant of the property type Demo.C.Shade" },
        { "[{|#0:Uniform(0, 1, Step = 0.1, Default = 0.25)|}] public double X { get; set; }", "AT0011", "X: Default = 0.25 must be one of the parameter's values, but it is not on the step 0.1 from 0" },
        { "[{|#0:IntRange(1, 5, Default = 9)|}] public int X { get; set; } = 1;", "AT0011", "X: Default = 9 must be one of the parameter's values, but it is outside [1, 5]" },
        { "[Uniform(0, 1)] [{|#0:IntRange(0, 1)|}] public int X { get; set; }", "AT0012", "X: a tuned property takes exactly one distribution attribute, but it has [Uniform] and [IntRange]" },
        { "[IntRange(1, 5)] public int {|#0:X|} { get; } = 1;", "AT0016", "X: a tuned property needs a set or init accessor, because the generated code assigns each sampled value to it" },
        { "[Uniform(0, 1)] [{|#0:ActiveWhen(\"Mode\", \"a\")|}] public double X { get; set; }", "AT0019", "X: [ActiveWhen] names 'Mode', which is not a tuned property of C" },
        { "[SearchSpace] public partial class D { [Uniform(0, 1)] public double Y { get; set; } } public D Inner { get; set; } = new(); [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(Inner), 2)|}] public double X { get; set; }", "AT0020", "X: [ActiveWhen] needs a [Choice], bool or integer parameter, but Inner is a nested search space" },
        { "[Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), {|#0:\"c\"|})] public double X { get; set; }", "AT0021", "X: [ActiveWhen] needs values among the choices of M, got \"c\"" },
        { "[{|#0:Uniform(1e-5, 1)|}] public double X { get; set; } = 0.5;", "AT0023", "X: [Uniform(1E-05, 1)] spans 5 decades; consider [LogUniform] so that every decade is searched equally" },
        { "[{|#0:ActiveWhen(\"X\", true)|}] public string Note { get; set; } = \"\"; [Choice] public bool X { get; set; }", "AT0027", "Note: [ActiveWhen] has no effect on a property that is not tuned; it applies to tuned properties and nested spaces only" },
        { "[LogUniform(1e-5, 1e-1, Default = 1e-3)] public double {|#0:LearningRate|} { get; init; }", "AT0029", "LearningRate: the initial value 0 (no initializer, so default(double)) is outside [1E-05, 0.1], so a new C is not a point of the space and ToParameters() throws on it while LearningRate is active" },
        { "[Choice(\"a\", \"b\")] public string S { get; init; } = {|#0:\"\"|};", "AT0029", "S: the initial value \"\" (its initializer) is not among the choices \"a\", \"b\", so a new C is not a point of the space and ToParameters() throws on it while S is active" },
        { "public enum Shade { Light = 1, Dark = 2 } [Choice] public Shade {|#0:X|} { get; set; }", "AT0029", "X: the initial value (Shade)0 (no initializer, so default(Demo.C.Shade)) is not among the choices Shade.Light, Shade.Dark, so a new C is not a point of the space and ToParameters() throws on it while X is active" },
        { "[Uniform(0f, 1f, Step = 0.25)] public float X { get; set; } = {|#0:0.3f|};", "AT0029", "X: the initial value 0.3 (its initializer) is not on the step 0.25 from 0, so a new C is not a point of the space and ToParameters() throws on it while X is active" },
        { "[IntRange(1, 5, Default = 3)] public int X { get; set; } = {|#0:1|};", "AT0030", "X: the initializer 1 differs from Default = 3, so new C() and C.CreateDefault() are different baselines; make them the same value" },
        { "[Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; } public bool Ask() => IsActive({|#0:\"Y\"|});", "AT0031", "C.IsActive(\"Y\"): 'Y' is not a parameter or nested space of C, so the call throws; the names are On, X" },
        { "[IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), {|#0:9|})] public double X { get; set; }", "AT0032", "X: [ActiveWhen] needs values of N, which takes the integers [1, 8]; got 9 (outside the range)" },
        { "[IntRange(0, 100, Step = 10)] public int N { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(N), {|#0:15|})] public double X { get; set; }", "AT0032", "X: [ActiveWhen] needs values of N, which takes the integers [0, 100] in steps of 10; got 15 (not on the step 10 from 0)" },
        { "[IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), {|#0:2.5|})] public double X { get; set; }", "AT0032", "X: [ActiveWhen] needs values of N, which takes the integers [1, 8]; got 2.5 (not an integer)" },
        { "[IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(N))|}] public double X { get; set; }", "AT0032", "X: [ActiveWhen] needs values of N, which takes the integers [1, 8]; got no value" },
        { "[IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(N), AtLeast = 5, AtMost = 3)|}] public double X { get; set; }", "AT0033", "X: [ActiveWhen] on N has AtLeast = 5 above AtMost = 3, so no value satisfies it" },
        { "[IntRange(0, 100, Step = 10)] public int N { get; set; } [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(N), AtLeast = 41, AtMost = 49)|}] public double X { get; set; }", "AT0034", "X: [ActiveWhen] on N asks for AtLeast = 41, AtMost = 49, but none of its values [0, 100] in steps of 10 is in that range" },
        { "[Uniform(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(N), AtMost = 0)|}] public double X { get; set; }", "AT0034", "X: [ActiveWhen] on N asks for AtMost = 0, but none of its values [1, 8] is in that range" },
        { "[IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(N), 2, 4, AtLeast = 3, AtMost = 5)|}] public double X { get; set; }", "AT0035", "X: [ActiveWhen] on N lists values and also sets AtLeast = 3, AtMost = 5; use one form: the values, or AtLeast/AtMost" },
        { "[Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), {|#0:AtMost = 1|})] public double X { get; set; }", "AT0036", "X: [ActiveWhen] sets AtMost, but M is categorical; list the choices that activate X instead" },
        { "[Uniform(0, 1)] public double F { get; set; } [Uniform(0, 1)] [{|#0:ActiveWhen(nameof(F), AtLeast = 1)|}] public double X { get; set; }", "AT0037", "X: [ActiveWhen] names F, a floating-point range; a condition needs a [Choice], bool or integer parameter" },
        { "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [Choice(1, 2)] public int Depth { get; set; } = 1; [RepeatedBy({|#0:nameof(Depth)|})] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = [];", "AT0049", "Layer: [RepeatedBy] names 'Depth', which is categorical; the count must be a tuned integer range ([IntRange]) of the same type with a lower bound of 0 or more" },
        { "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [IntRange(0, 2000)] public int Depth { get; set; } [RepeatedBy({|#0:nameof(Depth)|})] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = [];", "AT0049", "Layer: [RepeatedBy] names 'Depth', which can be up to 2000, more than the 1024 instances a space can hold; the count must be a tuned integer range ([IntRange]) of the same type with a lower bound of 0 or more" },
        { "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [IntRange(1, 32)] public int Layers { get; set; } = 1; [RepeatedBy({|#0:nameof(Layers)|})] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = [];", "AT0050", "Layer: Layers can be up to 32, so the space holds 32 instances of the repeated space, more than 16; each instance multiplies the space, so lower the count's upper bound" },
        { "[IntRange(1, 4)] public int Layers { get; set; } = 1; [RepeatedBy(nameof(Layers))] public System.Collections.Generic.IReadOnlyList<int> {|#0:Units|} { get; set; } = [];", "AT0051", "Units: [RepeatedBy] repeats int, which is not a [SearchSpace] class; each instance must be a search space of its own" },
        { "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [IntRange(1, 4)] public int Layers { get; set; } = 1; [RepeatedBy(nameof(Layers))] public System.Collections.Generic.IEnumerable<L> {|#0:Layer|} { get; set; } = [];", "AT0052", "Layer: [RepeatedBy] needs an IReadOnlyList<T>, List<T> or T[] property, but Layer is System.Collections.Generic.IEnumerable<Demo.C.L>" },
        { "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [Choice] public bool Deep { get; set; } [IntRange(1, 4)] public int Layers { get; set; } = 1; [RepeatedBy(nameof(Layers))] [{|#0:ActiveWhen(nameof(Deep), true)|}] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = [];", "AT0053", "Layer: [RepeatedBy] cannot be combined with [ActiveWhen]" },
        { "[{|#0:Mutable|}] public string Note { get; set; } = \"\";", "AT0028", "Note: [Mutable] applies to tuned parameters only (properties with a distribution attribute), not to an untuned property" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Each_message_reads_as_a_sentence_about_the_code(string members, string id, string message)
    {
        await new AttrTuneAnalyzerTest
        {
            TestCode = Header + "[SearchSpace] public partial class C { " + members + " }",
            ExpectedDiagnostics = { new DiagnosticResult(id, SeverityOf(id)).WithLocation(0).WithMessage(message) },
        }.RunAsync();
    }

    [Fact]
    public async Task Every_bad_choice_is_reported_not_just_the_first()
    {
        await new AttrTuneAnalyzerTest
        {
            TestCode = Header + "[SearchSpace] public partial class C { [Choice(1, {|AT0010:\"a\"|}, 2, {|AT0008:1|}, {|AT0008:2|})] public int X { get; set; } = 1; }",
        }.RunAsync();
    }

    private static DiagnosticSeverity SeverityOf(string id) =>
        new SearchSpaceAnalyzer().SupportedDiagnostics.Single(d => d.Id == id).DefaultSeverity;
}
