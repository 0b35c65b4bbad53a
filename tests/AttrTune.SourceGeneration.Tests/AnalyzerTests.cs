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
/// Every diagnostic: a bad space with the expected span marked, and the corrected space, which must raise no
/// diagnostic and must generate and compile with zero errors and warnings. Both run through the Roslyn test
/// framework (markup spans, generator output included, compiler warnings counted).
/// </summary>
public class AnalyzerTests
{
    internal const string Header = "using AttrTune;\nnamespace Demo;\n";

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "AT0001",
            "[SearchSpace] public partial class C { [{|AT0001:Uniform(1, 0)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0001 int",
            "[SearchSpace] public partial class C { [{|AT0001:IntRange(5, 5)|}] public int X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(5, 6)] public int X { get; set; } = 5; }"
        },
        {
            "AT0002",
            "[SearchSpace] public partial class C { [{|AT0002:LogUniform(0, 1)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [LogUniform(1e-3, 1)] public double X { get; set; } = 1e-3; }"
        },
        {
            "AT0002 int",
            "[SearchSpace] public partial class C { [{|AT0002:IntRange(0, 64, Log = true)|}] public int X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 64, Log = true)] public int X { get; set; } = 1; }"
        },
        {
            "AT0003",
            "[SearchSpace] public partial class C { [{|AT0003:Uniform(0, 1, Step = -0.1)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1, Step = 0.1)] public double X { get; set; } }"
        },
        {
            "AT0004",
            "[SearchSpace] public partial class C { [{|AT0004:Uniform(0, 1, Step = 0.3)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1, Step = 0.25)] public double X { get; set; } }"
        },
        {
            "AT0005 fraction on int",
            "[SearchSpace] public partial class C { [{|AT0005:Uniform(0, 3.5)|}] public int X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 3)] public int X { get; set; } }"
        },
        {
            "AT0005 too large for int",
            "[SearchSpace] public partial class C { [{|AT0005:IntRange(0, 1_000_000_000_000)|}] public int X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(0, 1_000_000_000_000)] public long X { get; set; } }"
        },
        {
            "AT0006",
            "[SearchSpace] public partial class C { [{|AT0006:Uniform(0, 1)|}] public bool X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice] public bool X { get; set; } }"
        },
        {
            "AT0006 log on string",
            "[SearchSpace] public partial class C { [{|AT0006:LogUniform(1, 10)|}] public string X { get; set; } = \"\"; }",
            "[SearchSpace] public partial class C { [LogUniform(1, 10)] public double X { get; set; } = 1; }"
        },
        {
            "AT0007",
            "[SearchSpace] public partial class C { [{|AT0007:Choice|}] public int X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice(1, 2)] public int X { get; set; } = 1; }"
        },
        {
            "AT0008",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\", {|AT0008:\"a\"|})] public string X { get; set; } = \"a\"; }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string X { get; set; } = \"a\"; }"
        },
        {
            "AT0009",
            "[SearchSpace] public partial class C { [Choice(\"a\", {|AT0009:null|})] public string X { get; set; } = \"a\"; }",
            "[SearchSpace] public partial class C { [Choice(\"a\", null)] public string? X { get; set; } = \"a\"; }"
        },
        {
            "AT0010",
            "[SearchSpace] public partial class C { [Choice(1, {|AT0010:\"a\"|})] public int X { get; set; } = 1; }",
            "[SearchSpace] public partial class C { [Choice(1, 2)] public int X { get; set; } = 1; }"
        },
        {
            "AT0010 other enum",
            "public enum E { A, B } public enum F { A } [SearchSpace] public partial class C { [Choice(E.A, {|AT0010:F.A|})] public E X { get; set; } }",
            "public enum E { A, B } public enum F { A } [SearchSpace] public partial class C { [Choice(E.A, E.B)] public E X { get; set; } }"
        },
        {
            "AT0010 enum value that names no member",
            "public enum E { A, B } [SearchSpace] public partial class C { [Choice(E.A, {|AT0010:(E)5|})] public E X { get; set; } }",
            "public enum E { A, B, Five = 5 } [SearchSpace] public partial class C { [Choice(E.A, (E)5)] public E X { get; set; } }"
        },
        {
            "AT0010 flags enum value outside the flags",
            "[System.Flags] public enum E { None = 0, A = 1, B = 2 } [SearchSpace] public partial class C { [Choice(E.A, E.A | E.B, {|AT0010:(E)4|})] public E X { get; set; } }",
            "[System.Flags] public enum E { None = 0, A = 1, B = 2 } [SearchSpace] public partial class C { [Choice(E.None, E.A, E.A | E.B)] public E X { get; set; } }"
        },
        {
            "AT0011 range",
            "[SearchSpace] public partial class C { [{|AT0011:IntRange(1, 5, Default = 9)|}] public int X { get; set; } = 1; }",
            "[SearchSpace] public partial class C { [IntRange(1, 5, Default = 3)] public int X { get; set; } = 3; }"
        },
        {
            "AT0011 choice",
            "[SearchSpace] public partial class C { [{|AT0011:Choice(\"a\", \"b\", Default = \"c\")|}] public string X { get; set; } = \"a\"; }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\", Default = \"b\")] public string X { get; set; } = \"b\"; }"
        },
        {
            "AT0012",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] [{|AT0012:IntRange(0, 1)|}] public int X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(0, 1)] public int X { get; set; } }"
        },
        {
            "AT0013",
            "public class Plain { [{|AT0013:Uniform(0, 1)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class Plain { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0014",
            "[SearchSpace] public class {|AT0014:C|} { [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0014 container",
            "public class Outer { [SearchSpace] public partial class {|AT0014:C|} { [Uniform(0, 1)] public double X { get; set; } } }",
            "public partial class Outer { [SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } } }"
        },
        {
            "AT0015 generic",
            "[SearchSpace] public partial class {|AT0015:C|}<T> { [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0015 abstract",
            "[SearchSpace] public abstract partial class {|AT0015:C|} { [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0015 no parameterless constructor",
            "[SearchSpace] public partial class {|AT0015:C|} { public C(int seed) { } [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { public C() { } public C(int seed) { } [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0016 no setter",
            "[SearchSpace] public partial class C { [IntRange(1, 5)] public int {|AT0016:X|} { get; } = 1; }",
            "[SearchSpace] public partial class C { [IntRange(1, 5)] public int X { get; set; } = 1; }"
        },
        {
            "AT0016 static",
            "[SearchSpace] public partial class C { [IntRange(1, 5)] public static int {|AT0016:X|} { get; set; } = 1; }",
            "[SearchSpace] public partial class C { [IntRange(1, 5)] public int X { get; set; } = 1; }"
        },
        {
            "AT0017",
            "[SearchSpace] public partial class C { public Inner {|AT0017:Nested|} { get; set; } = new(); } public class Inner { [{|AT0013:Uniform(0, 1)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { public Inner Nested { get; set; } = new(); } [SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0018 self",
            "[SearchSpace] public partial class C { public C? {|AT0018:Self|} { get; set; } }",
            "[SearchSpace] public partial class C { public D? Other { get; set; } } [SearchSpace] public partial class D { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0018 pair",
            "[SearchSpace] public partial class A { public B? {|AT0018:Next|} { get; set; } } [SearchSpace] public partial class B { public A? {|AT0018:Back|} { get; set; } }",
            "[SearchSpace] public partial class A { public B? Next { get; set; } } [SearchSpace] public partial class B { [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0019",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [{|AT0019:ActiveWhen(\"Mode\", \"a\")|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"a\")] public double X { get; set; } }"
        },
        {
            "AT0020",
            "[SearchSpace] public partial class D { [Uniform(0, 1)] public double Y { get; set; } } [SearchSpace] public partial class C { public D Inner { get; set; } = new(); [Uniform(0, 1)] [{|AT0020:ActiveWhen(nameof(Inner), 2)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class D { [Uniform(0, 1)] public double Y { get; set; } } [SearchSpace] public partial class C { public D Inner { get; set; } = new(); [Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; } }"
        },
        {
            "AT0021",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"a\", {|AT0021:\"c\"|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"a\", \"b\")] public double X { get; set; } }"
        },
        {
            "AT0021 bool",
            "[SearchSpace] public partial class C { [Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), {|AT0021:\"yes\"|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; } }"
        },
        {
            "AT0022",
            "[SearchSpace] public partial class C { [Choice(\"x\", \"y\")] [{|AT0022:ActiveWhen(nameof(B), \"x\")|}] public string A { get; set; } = \"x\"; [Choice(\"x\", \"y\")] [ActiveWhen(nameof(A), \"x\")] public string B { get; set; } = \"x\"; }",
            "[SearchSpace] public partial class C { [Choice(\"x\", \"y\")] public string A { get; set; } = \"x\"; [Choice(\"x\", \"y\")] [ActiveWhen(nameof(A), \"x\")] public string B { get; set; } = \"x\"; }"
        },
        {
            "AT0023",
            "[SearchSpace] public partial class C { [{|AT0023:Uniform(1e-5, 1)|}] public double X { get; set; } = 0.5; }",
            "[SearchSpace] public partial class C { [LogUniform(1e-5, 1)] public double X { get; set; } = 0.5; }"
        },
        {
            "AT0024",
            "[SearchSpace] public partial class C { [IntRange(1, 100)] public int A { get; set; } = 1; [IntRange(1, 100)] public int B { get; set; } = 1; [IntRange(1, 100)] public int D { get; set; } = 1; }\npublic static class Use { public static int Count() => System.Linq.Enumerable.Count({|AT0024:C.EnumerateGrid()|}); }",
            "[SearchSpace] public partial class C { [IntRange(1, 100)] public int A { get; set; } = 1; [IntRange(1, 10)] public int B { get; set; } = 1; }\npublic static class Use { public static int Count() => System.Linq.Enumerable.Count(C.EnumerateGrid()); }"
        },
        {
            "AT0025",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double A { get; set; } }\npublic static class Use { public static long Count() => {|AT0025:C.Descriptor.CreateGrid()|}.Count; }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double A { get; set; } }\npublic static class Use { public static long Count() => C.Descriptor.CreateGrid(new AttrTune.SearchSpaces.GridOptions { ContinuousPoints = 5 }).Count; }"
        },
        {
            "AT0026",
            "[SearchSpace] public partial class Inner { [{|AT0001:Uniform(1, 0)|}] public double X { get; set; } } [SearchSpace] public partial class C { public Inner {|AT0026:I|} { get; set; } = new(); }",
            "[SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } } [SearchSpace] public partial class C { public Inner I { get; set; } = new(); }"
        },
        {
            "AT0027",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [{|AT0027:ActiveWhen(nameof(M), \"a\")|}] public string Note { get; set; } = \"\"; }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; public string Note { get; set; } = \"\"; }"
        },
        {
            "AT0028 untuned",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } [{|AT0028:Mutable|}] public string Note { get; set; } = \"\"; }",
            "[SearchSpace] public partial class C { [Uniform(0, 1), Mutable] public double X { get; set; } public string Note { get; set; } = \"\"; }"
        },
        {
            "AT0028 nested",
            "[SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } } [SearchSpace] public partial class C { [{|AT0028:Mutable|}] public Inner I { get; set; } = new(); }",
            "[SearchSpace] public partial class Inner { [Uniform(0, 1), Mutable] public double X { get; set; } } [SearchSpace] public partial class C { public Inner I { get; set; } = new(); }"
        },
        {
            "AT0029 no initializer",
            "[SearchSpace] public partial record C { [LogUniform(1e-5, 1e-1, Default = 1e-3)] public double {|AT0029:LearningRate|} { get; init; } }",
            "[SearchSpace] public partial record C { [LogUniform(1e-5, 1e-1, Default = 1e-3)] public double LearningRate { get; init; } = 1e-3; }"
        },
        {
            "AT0029 initializer not a choice",
            "[SearchSpace] public partial record C { [Choice(\"a\", \"b\")] public string S { get; init; } = {|AT0029:\"\"|}; }",
            "[SearchSpace] public partial record C { [Choice(\"a\", \"b\")] public string S { get; init; } = \"a\"; }"
        },
        {
            "AT0029 enum without a zero member",
            "public enum E { A = 1, B = 2 } [SearchSpace] public partial class C { [Choice] public E {|AT0029:X|} { get; set; } }",
            "public enum E { A = 1, B = 2 } [SearchSpace] public partial class C { [Choice] public E X { get; set; } = E.A; }"
        },
        {
            "AT0029 off the step",
            "[SearchSpace] public partial class C { [Uniform(0, 1, Step = 0.25)] public double X { get; set; } = {|AT0029:0.3|}; }",
            "[SearchSpace] public partial class C { [Uniform(0, 1, Step = 0.25)] public double X { get; set; } = 0.25; }"
        },
        {
            "AT0029 conditional parameter",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0.1, 0.9)] [ActiveWhen(nameof(M), \"a\")] public double {|AT0029:X|} { get; set; } }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0.1, 0.9)] [ActiveWhen(nameof(M), \"a\")] public double X { get; set; } = 0.5; }"
        },
        {
            "AT0029 null on a nullable choice without null",
            "[SearchSpace] public partial class C { [Choice<int>(1, 2, 4)] public int? {|AT0029:Heads|} { get; set; } }",
            "[SearchSpace] public partial class C { [Choice<int>(1, 2, 4)] public int? Heads { get; set; } = 2; }"
        },
        {
            "AT0031",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"a\")] public double X { get; set; } public string Note { get; set; } = \"\"; }\npublic static class Use { public static bool Ask(C c) => c.IsActive({|AT0031:nameof(C.Note)|}); }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"a\")] public double X { get; set; } public string Note { get; set; } = \"\"; }\npublic static class Use { public static bool Ask(C c) => c.IsActive(nameof(C.X)); }"
        },
        {
            "AT0031 nested path",
            "[SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } } [SearchSpace] public partial class C { public Inner I { get; set; } = new(); }\npublic static class Use { public static bool Ask(C c) => c.IsActive({|AT0031:\"I.Y\"|}) || c.IsActive(\"I\"); }",
            "[SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } } [SearchSpace] public partial class C { public Inner I { get; set; } = new(); }\npublic static class Use { public static bool Ask(C c) => c.IsActive(\"I.X\") || c.IsActive(\"I\"); }"
        },
        {
            "AT0032 outside",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), 2, {|AT0032:9|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), 2, 8)] public double X { get; set; } }"
        },
        {
            "AT0032 off step",
            "[SearchSpace] public partial class C { [IntRange(0, 100, Step = 10)] public long N { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(N), {|AT0032:15|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(0, 100, Step = 10)] public long N { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(N), 20)] public double X { get; set; } }"
        },
        {
            "AT0032 not an integer",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), {|AT0032:\"two\"|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), 2)] public double X { get; set; } }"
        },
        {
            "AT0032 no value",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|AT0032:ActiveWhen(nameof(N))|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), AtLeast = 2)] public double X { get; set; } }"
        },
        {
            "AT0033",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|AT0033:ActiveWhen(nameof(N), AtLeast = 5, AtMost = 3)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), AtLeast = 3, AtMost = 5)] public double X { get; set; } }"
        },
        {
            "AT0034 beyond the range",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|AT0034:ActiveWhen(nameof(N), AtLeast = 9)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), AtLeast = 8)] public double X { get; set; } }"
        },
        {
            "AT0034 between two steps",
            "[SearchSpace] public partial class C { [IntRange(0, 100, Step = 10)] public long N { get; set; } [Uniform(0, 1)] [{|AT0034:ActiveWhen(nameof(N), AtLeast = 41, AtMost = 49)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(0, 100, Step = 10)] public long N { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(N), AtLeast = 41, AtMost = 50)] public double X { get; set; } }"
        },
        {
            "AT0035",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [{|AT0035:ActiveWhen(nameof(N), 2, AtLeast = 3)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(1, 8)] public int N { get; set; } = 1; [Uniform(0, 1)] [ActiveWhen(nameof(N), AtLeast = 2)] public double X { get; set; } }"
        },
        {
            "AT0036",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), {|AT0036:AtLeast = 1|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"b\")] public double X { get; set; } }"
        },
        {
            "AT0036 bool",
            "[SearchSpace] public partial class C { [Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), {|AT0036:AtMost = 1|})] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; } }"
        },
        {
            "AT0037",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double F { get; set; } [Uniform(0, 1)] [{|AT0037:ActiveWhen(nameof(F), AtLeast = 1)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double F { get; set; } [Choice] public bool On { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; } }"
        },
        {
            "AT0037 quantised",
            "[SearchSpace] public partial class C { [Uniform(0, 1, Step = 0.5)] public double F { get; set; } [Uniform(0, 1)] [{|AT0037:ActiveWhen(nameof(F), 1)|}] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [IntRange(0, 2)] public int F { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(F), 2)] public double X { get; set; } }"
        },
        {
            "AT0030",
            "[SearchSpace] public partial class C { [IntRange(1, 5, Default = 3)] public int X { get; set; } = {|AT0030:1|}; }",
            "[SearchSpace] public partial class C { [IntRange(1, 5, Default = 3)] public int X { get; set; } = 3; }"
        },
        {
            "AT0030 choice",
            "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\", Default = \"sgd\")] public string Optimizer { get; set; } = {|AT0030:\"adam\"|}; }",
            "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\", Default = \"sgd\")] public string Optimizer { get; set; } = \"sgd\"; }"
        },
        {
            "AT0049 unknown",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [RepeatedBy({|AT0049:\"Missing\"|})] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0049 categorical",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [Choice(1, 2)] public int N { get; set; } = 1; [RepeatedBy({|AT0049:nameof(N)|})] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0049 negative",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(-1, 3)] public int N { get; set; } [RepeatedBy({|AT0049:nameof(N)|})] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0049 float",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [Uniform(0, 3)] public double N { get; set; } [RepeatedBy({|AT0049:nameof(N)|})] public L[] Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0050",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 17)] public int N { get; set; } [RepeatedBy({|AT0050:nameof(N)|})] public System.Collections.Generic.List<L> Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0051",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<int> {|AT0051:Layer|} { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0052",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IEnumerable<L> {|AT0052:Layer|} { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0053 condition",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [Choice] public bool On { get; set; } [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] [{|AT0053:ActiveWhen(nameof(On), true)|}] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [Choice] public bool On { get; set; } [IntRange(0, 3)] [ActiveWhen(nameof(On), true)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0053 mutable",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] [{|AT0053:Mutable|}] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
        {
            "AT0054 empty",
            "[SearchSpace] public partial class C { [ParameterName({|AT0054:\"\"|})] [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [ParameterName(\"x\")] [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0054 path separator",
            "[SearchSpace] public partial class C { [ParameterName({|AT0054:\"nn.lr\"|})] [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [ParameterName(\"nn_lr\")] [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0054 index bracket on a nested space",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [ParameterName({|AT0054:\"l[0]\"|})] public L Inner { get; set; } = new(); }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [ParameterName(\"l0\")] public L Inner { get; set; } = new(); }"
        },
        {
            "AT0054 white space",
            "[SearchSpace] public partial class C { [ParameterName({|AT0054:\" lr\"|})] [Uniform(0, 1)] public double X { get; set; } }",
            "[SearchSpace] public partial class C { [ParameterName(\"lr\")] [Uniform(0, 1)] public double X { get; set; } }"
        },
        {
            "AT0054 blank on a repeated list",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [ParameterName({|AT0054:\"  \"|})] [RepeatedBy(nameof(N))] public L[] Layer { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [ParameterName(\"layer\")] [RepeatedBy(nameof(N))] public L[] Layer { get; set; } = []; }"
        },
        {
            "AT0055 another property's name",
            "[SearchSpace] public partial class C { [ParameterName({|AT0055:\"Y\"|})] [Uniform(0, 1)] public double X { get; set; } [Uniform(0, 1)] public double Y { get; set; } }",
            "[SearchSpace] public partial class C { [ParameterName(\"y\")] [Uniform(0, 1)] public double X { get; set; } [Uniform(0, 1)] public double Y { get; set; } }"
        },
        {
            "AT0055 two stored names alike",
            "[SearchSpace] public partial class C { [ParameterName(\"lr\")] [Uniform(0, 1)] public double X { get; set; } [ParameterName({|AT0055:\"lr\"|})] [Uniform(0, 1)] public double Y { get; set; } }",
            "[SearchSpace] public partial class C { [ParameterName(\"lr\")] [Uniform(0, 1)] public double X { get; set; } [ParameterName(\"lr2\")] [Uniform(0, 1)] public double Y { get; set; } }"
        },
        {
            "AT0056",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } [{|AT0056:ParameterName(\"note\")|}] public string Note { get; set; } = \"\"; }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } public string Note { get; set; } = \"\"; }"
        },
        {
            "AT0056 beside other mistakes",
            "[SearchSpace] public partial class C { [{|AT0001:Uniform(1, 0)|}] public double X { get; set; } = 0.5; [{|AT0056:ParameterName(\"note\")|}] public string Note { get; set; } = \"\"; [ParameterName({|AT0054:\"a.b\"|})] [Uniform(0, 1)] public double Y { get; set; } }",
            "[SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } = 0.5; public string Note { get; set; } = \"\"; [ParameterName(\"a_b\")] [Uniform(0, 1)] public double Y { get; set; } }"
        },
        {
            "AT0018 repeated cycle",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<C> {|AT0018:Layer|} { get; set; } = []; }",
            "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public System.Collections.Generic.IReadOnlyList<L> Layer { get; set; } = []; }"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Reports_the_problem_at_its_span_and_accepts_the_corrected_space(string name, string bad, string corrected)
    {
        Assert.NotEmpty(name);
        await new AttrTuneAnalyzerTest { TestCode = Header + bad }.RunAsync();

        // No markup: no diagnostic expected, and no compiler error or warning either, generated code included. (The
        // framework's rerun with every file marked generated can only find nothing here, so it is skipped.)
        await new AttrTuneAnalyzerTest { TestCode = Header + corrected, TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck | TestBehaviors.SkipGeneratedCodeCheck }.RunAsync();
        Assert.NotEmpty(GeneratorHarness.Run(GeneratorHarness.Compile(Header + corrected)).Result.GeneratedSources);
    }

    [Fact]
    public async Task Messages_name_the_property_the_values_and_the_rule()
    {
        // The arguments, one by one: the framework formats the descriptor's message with them and compares.
        await new AttrTuneAnalyzerTest
        {
            TestCode = Header + "[SearchSpace] public partial class C { [{|#0:LogUniform(0, 0.1)|}] public double LearningRate { get; set; } }",
            ExpectedDiagnostics = { new DiagnosticResult(DiagnosticDescriptors.NonPositiveLogRange).WithLocation(0).WithArguments("LearningRate", "LogUniform", "low > 0", "0") },
        }.RunAsync();

        // The text a build prints, as the README and the package test show it.
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + "[SearchSpace] public partial class C { [LogUniform(0, 0.1)] public double LearningRate { get; set; } }");
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("LearningRate: [LogUniform] needs low > 0 on a log scale, got low = 0", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("https://github.com/AttrTune/AttrTune/blob/main/docs/diagnostics/AT0002.md", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_descriptor_has_a_title_a_message_format_with_its_own_words_and_a_description()
    {
        foreach (DiagnosticDescriptor descriptor in new SearchSpaceAnalyzer().SupportedDiagnostics)
        {
            string title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
            string format = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            string description = descriptor.Description.ToString(CultureInfo.InvariantCulture);
            Assert.False(string.IsNullOrWhiteSpace(title), descriptor.Id);
            Assert.True(description.Length > 40 && description.EndsWith('.'), $"{descriptor.Id}: description '{description}'");

            // Placeholders 0..n-1, each used, and words around them: not a pass-through of a message built elsewhere.
            int[] used = Regex.Matches(format, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
            Assert.True(used.Length > 0 && used.SequenceEqual(Enumerable.Range(0, used.Length)), $"{descriptor.Id}: placeholders in '{format}'");
            Assert.True(Regex.Replace(format, @"\{\d+\}", string.Empty).Count(char.IsLetter) >= 10, $"{descriptor.Id}: '{format}' says too little of its own");
            Assert.Equal(descriptor.Id, typeof(DiagnosticIds).GetFields().Single(f => (string)f.GetRawConstantValue()! == descriptor.Id).GetRawConstantValue());
        }
    }

    [Fact]
    public void Every_descriptor_has_a_documentation_page_and_a_release_entry()
    {
        string root = RepositoryRoot();
        string unshipped = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "AttrTune.SourceGeneration", "AnalyzerReleases.Unshipped.md"));
        string index = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "docs", "diagnostics", "README.md"));
        foreach (DiagnosticDescriptor descriptor in new SearchSpaceAnalyzer().SupportedDiagnostics)
        {
            string title = descriptor.Title.ToString(CultureInfo.InvariantCulture);
            string severity = descriptor.DefaultSeverity.ToString();
            string page = System.IO.Path.Combine(root, "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(System.IO.File.Exists(page), $"missing {page}");
            string text = System.IO.File.ReadAllText(page);

            // The page, the index and the release notes say what the descriptor says.
            Assert.StartsWith($"# {descriptor.Id}: {title}\n", text, StringComparison.Ordinal);
            Assert.Contains($"Severity: {severity.ToLowerInvariant()}\n", text, StringComparison.Ordinal);
            Assert.Contains($"`{descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)}`", text, StringComparison.Ordinal);
            Assert.Contains($"| [{descriptor.Id}]({descriptor.Id}.md) | {severity.ToLowerInvariant()} | {title} |", index, StringComparison.Ordinal);
            Assert.Contains($"{descriptor.Id} | {descriptor.Category} | {severity} | {title}", unshipped, StringComparison.Ordinal);
            Assert.EndsWith(descriptor.Id + ".md", descriptor.HelpLinkUri, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Generated_code_is_never_analyzed_and_valid_spaces_raise_nothing()
    {
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + """
            public enum Kind { A, B }
            [SearchSpace] public partial class Inner { [Choice] public Kind Kind { get; set; } [Uniform(0, 1)] [ActiveWhen(nameof(Kind), Kind.B)] public double X { get; set; } }
            [SearchSpace] public partial record Outer
            {
                [LogUniform(1e-5, 1e-1, Default = 1e-3)] public double LearningRate { get; init; } = 1e-3;
                [Choice<int>(1, 2, 4)] public int Width { get; init; } = 1;
                [Choice(null, 3, 5)] public int? Depth { get; init; }
                [Choice<int>(1, 2, 4)] public int? Heads { get; init; } = 2;
                public Inner Inner { get; init; } = new();
                [Uniform(1, 8)] public int Layers { get; init; } = 1;
                [Uniform(0, 1)] [ActiveWhen(nameof(Layers), AtLeast = 3)] public double Momentum { get; init; }
                [LogUniform(16, 256)] public long Units { get; init; } = 16;
                [Choice] [ActiveWhen(nameof(Units), 16, 256)] public bool Edge { get; init; }
                [IntRange(-5, 5)] public int Shift { get; init; }
                [ActiveWhen(nameof(Shift), AtMost = -1)] public Inner? Negative { get; init; }
                [Uniform(0, 1)] [ActiveWhen(nameof(Shift), AtLeast = long.MinValue)] public double Always { get; init; }
            }
            """);
        Assert.Empty(diagnostics);
    }

    [Theory]
    [MemberData(nameof(RobustnessTests.HalfTypedCode), MemberType = typeof(RobustnessTests))]
    [MemberData(nameof(RobustnessTests.InvalidSpaces), MemberType = typeof(RobustnessTests))]
    [MemberData(nameof(RobustnessTests.FoundByFuzzing), MemberType = typeof(RobustnessTests))]
    public void The_analyzer_never_throws_on_half_typed_or_invalid_code(string source)
    {
        // Analyze asserts there is no AD0001 (analyzer exception).
        AnalyzerHarness.Analyze(source);
    }

    // A duplicated property is the compiler's to report (CS0102); the rest of the type is still checked.
    [Fact]
    public void A_property_declared_twice_does_not_hide_the_other_problems_of_its_type()
    {
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + """
            [SearchSpace] public partial class C
            {
                [Uniform(0, 1)] public double Beta { get; set; }
                [Uniform(0, 1)] public double Beta { get; set; }
                [Choice("a", "b")] public string M { get; set; } = "a";
                [Uniform(0, 1)] [ActiveWhen(nameof(M), "c")] public double X { get; set; }
            }
            [SearchSpace] public partial class D
            {
                [Choice("a", "b")] public string M { get; set; } = "a";
                [Uniform(1, 0)] [ActiveWhen(nameof(M), "a")] public double M { get; set; }
            }
            """);
        Assert.Equal(new[] { "AT0001", "AT0021" }, diagnostics.Select(d => d.Id).Order().ToArray());
    }

    // A missing partial used to hide everything else in the type, and range errors hid the conditions: a space
    // with four mistakes took three builds to see them all.
    [Fact]
    public async Task Every_independent_mistake_in_a_type_is_reported_in_one_build()
    {
        await new AttrTuneAnalyzerTest
        {
            TestCode = Header + """
                [SearchSpace] public class {|AT0014:C|}
                {
                    [{|AT0001:Uniform(1, 0)|}] public double Rate { get; set; }
                    [Choice("a", "b")] public string Mode { get; set; } = "a";
                    [Uniform(0, 1)] [ActiveWhen(nameof(Mode), {|AT0021:"c"|})] public double X { get; set; }
                    [Choice(1, {|AT0010:"two"|})] public int N { get; set; } = 1;
                }
                """,
        }.RunAsync();
    }

    // Conditions on a parameter that failed are still judged when its kind (and, for a choice, its choices) is
    // known, and left alone when its values are not known (the parameter's own diagnostic is the one to fix): an
    // integer range with bad bounds has no values to check a condition's against, while a float range is refused as
    // a parent whatever its bounds, and values together with AtLeast/AtMost are ambiguous whatever the parent.
    [Fact]
    public async Task Conditions_on_failed_parameters_are_judged_only_when_they_can_be()
    {
        await new AttrTuneAnalyzerTest
        {
            TestCode = Header + """
                [SearchSpace] public partial class C
                {
                    [{|AT0001:IntRange(5, 1)|}] public int N { get; set; } = 1;
                    [Uniform(0, 1)] [ActiveWhen(nameof(N), 2)] public double X { get; set; }
                    [{|AT0001:Uniform(5, 1)|}] public int I { get; set; } = 1;
                    [Uniform(0, 1)] [{|AT0035:ActiveWhen(nameof(I), 2, AtMost = 3)|}] public double V { get; set; }
                    [{|AT0001:Uniform(5.5, 1)|}] public double F { get; set; } = 1;
                    [Uniform(0, 1)] [{|AT0037:ActiveWhen(nameof(F), 2)|}] public double U { get; set; }
                    [Choice("a", {|AT0008:"a"|})] public string M { get; set; } = "a";
                    [Uniform(0, 1)] [ActiveWhen(nameof(M), "zzz")] public double Y { get; set; }
                    [IntRange(1, 5)] public int {|AT0016:Depth|} { get; } = {|AT0029:9|};
                    [Uniform(0, 1)] [{|AT0019:ActiveWhen("Missing", 1)|}] public double Z { get; set; }
                    [Choice("p", "q")] public string {|AT0016:Fixed|} { get; } = "p";
                    [Uniform(0, 1)] [ActiveWhen(nameof(Fixed), {|AT0021:"r"|})] public double W { get; set; }
                }
                """,
        }.RunAsync();
    }

    // Values known only at run time are not judged: a computed initializer, a constructor that assigns the
    // property, an accessor with a body. Nested spaces and untuned properties have no values to judge against.
    [Fact]
    public void Initial_values_set_by_code_are_not_judged()
    {
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + """
            [SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } }
            [SearchSpace] public partial class C
            {
                public C() { this.Assigned = 0.5; Plain = 0.5; }
                [Uniform(0.1, 0.9)] public double Computed { get; set; } = double.Parse("0.5", System.Globalization.CultureInfo.InvariantCulture);
                [Uniform(0.1, 0.9)] public double Assigned { get; set; }
                [Uniform(0.1, 0.9)] public double Plain { get; set; }
                private double _field = 0.5;
                [Uniform(0.1, 0.9)] public double Backed { get => _field; set => _field = value; }
                [Uniform(0.1, 0.9)] public double Constant { get; set; } = Half;
                private const double Half = 0.5;
                public Inner Inner { get; set; } = new();
                public double NotTuned { get; set; } = 42;
            }
            """);
        Assert.Empty(diagnostics);
    }

    // Read as "no condition", null made the parameter unconditional without a word.
    [Fact]
    public void A_condition_naming_null_is_an_unknown_parameter()
    {
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + """
            [SearchSpace] public partial class C
            {
                [Choice("a", "b")] public string M { get; set; } = "a";
                [Uniform(0, 1)] [ActiveWhen(null!, "a")] public double X { get; set; }
            }
            """);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal("X: [ActiveWhen] names 'null', which is not a tuned property of C", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    // Cast to long before the check, 1e300 read as whatever the platform's conversion made of it.
    [Theory]
    [InlineData("1e300", "1E+300")]
    [InlineData("double.PositiveInfinity", "Infinity")]
    [InlineData("-1e19", "-1E+19")]
    public void A_default_beyond_any_integer_is_named_as_written(string value, string shown)
    {
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + "[SearchSpace] public partial class C { [Uniform(0, 10, Default = " + value + ")] public int X { get; set; } }");
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal($"X: Default = {shown} must be one of the parameter's values, but it is outside [0, 10]", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    // Whether a nested space is valid is a fact about that type, not about what was found earlier in this one.
    [Fact]
    public void A_problem_before_a_valid_nested_space_does_not_make_it_invalid()
    {
        ImmutableArray<Diagnostic> diagnostics = AnalyzerHarness.Analyze(Header + """
            [SearchSpace] public partial class Inner { [Uniform(0, 1)] public double X { get; set; } }
            [SearchSpace] public partial class C
            {
                [Uniform(1, 0)] public double Reversed { get; set; }
                public Inner Inner { get; set; } = new();
            }
            """);
        Assert.Equal(new[] { "AT0001" }, diagnostics.Select(d => d.Id).ToArray());
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new System.IO.DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "AttrTune.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AttrTune.sln not found");
    }
}
