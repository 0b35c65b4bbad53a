using System;
using System.Linq;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>The generator never throws and never emits code for a space it cannot handle.</summary>
public class RobustnessTests
{
    /// <summary>Code as it is while being typed: the generator must not throw (it may or may not emit).</summary>
    public static TheoryData<string> HalfTypedCode => new()
    {
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, ] public double X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(1, ] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [ActiveWhen(] [Choice(1)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [IntRange(1, 5)] public int X { get; set }",
        "using AttrTune; [SearchSpace] public partial class C { [IntRange(1, 5)] public int X { get; set; } ",
        "[AttrTune.SearchSpace] partial class",
    };

    /// <summary>Complete code whose space is invalid: the generator emits nothing for it (the analyzers say why).</summary>
    public static TheoryData<string> InvalidSpaces => new()
    {
        "using AttrTune; [SearchSpace] public partial class C { [Uniform] public double X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(\"a\", \"b\")] public double X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(typeof(int))] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(new[] { 1, 2 })] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(null)] public string? X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [ActiveWhen(nameof(Y), 1)] [Choice(1)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [IntRange(1, 5)] public UnknownType X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] public double this[int i] { get => 0; set { } } }",
        "using AttrTune; [SearchSpace] public partial class C { public C Self { get; set; } = null!; }",
        "using AttrTune; [SearchSpace] public partial class A { public B Next { get; set; } = null!; } [SearchSpace] public partial class B { public A Back { get; set; } = null!; }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\")] [ActiveWhen(nameof(X), \"a\")] public string X { get; set; } = \"a\"; }",
        "using AttrTune; [SearchSpace] public partial class C<T> { [IntRange(1, 5)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public class NotPartial { [IntRange(1, 5)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public abstract partial class Abstract { [IntRange(1, 5)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial record Positional(int X) { [IntRange(1, 5)] public int Y { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { public required int R { get; set; } [IntRange(1, 5)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [IntRange(1, 5)] public static int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [IntRange(1, 5)] public int X { get; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(1, 0)] public double X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [LogUniform(0, 1)] public double X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1e12)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 3.5)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] public bool X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [LogUniform(1, 10)] public string X { get; set; } = \"\"; }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\")] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\", \"a\")] public string X { get; set; } = \"\"; }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\", null)] public string X { get; set; } = \"\"; }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\", 1)] public string X { get; set; } = \"\"; }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [IntRange(1, 5, Default = 9)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\", Default = \"b\")] public string X { get; set; } = \"\"; }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] [IntRange(0, 1)] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1, Step = 0.3)] public double X { get; set; } }",
        "using AttrTune; public enum E { A } public enum F { B } [SearchSpace] public partial class C { [Choice(F.B)] public E X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice<int>(1, 2)] public long X { get; set; } }",
        "using AttrTune; public class Plain { [Uniform(0, 1)] public double X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial struct S { [IntRange(1, 5)] public int X { get; set; } }",
    };

    /// <summary>Sources that once made the generator or the analyzer throw (from fuzzing and its reports).</summary>
    public static TheoryData<string> FoundByFuzzing => new()
    {
        // The same property declared twice (CS0102): conditions were resolved through a dictionary keyed by name.
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] public double Beta { get; set; } [Uniform(0, 1)] public double Beta { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M), \"a\")] public double M { get; set; } }",
        // Two declarations of one type, each marked: one output per declaration, under the same hint name.
        "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } } [SearchSpace] public partial class C { }",
        // Argument lists broken so that the constructor binds but its arguments are missing, with no error constant.
        "using AttrTune; [Choice(new[] { 1, 2 })] [SearchSpace] public partial class C { [Choice(] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice( ] public int X { get; set; } }\n[SearchSpace] public partial class C { [Choice(1, ] public int X { get; set; } }",
        "using AttrTune; [SearchSpace] public partial class C { [Choice(\"a\", \"b\")] public string M { get; set; } = \"a\"; [Uniform(0, 1)] [ActiveWhen(nameof(M) ), \"a\", \"b\")] public double M { get; set; } }",
        // A keyword as the type's name: '@' is not allowed in a hint name.
        "using AttrTune; [SearchSpace] public partial class @class C { [Choice<int>( 2)] public long X { get; set; } }",
    };

    [Theory]
    [MemberData(nameof(HalfTypedCode))]
    public void Half_typed_code_never_throws(string source) => RunWithoutCrash(source);

    [Theory]
    [MemberData(nameof(InvalidSpaces))]
    public void Invalid_spaces_never_throw_and_generate_nothing(string source)
    {
        GeneratorRunResult result = RunWithoutCrash(source);
        Assert.True(result.GeneratedSources.IsEmpty, $"{source}\ngenerated {string.Join(", ", result.GeneratedSources.Select(s => s.HintName))}");
    }

    [Theory]
    [MemberData(nameof(FoundByFuzzing))]
    public void Sources_found_by_fuzzing_never_throw(string source) => RunWithoutCrash(source);

    // The compiler reports CS0102; generated code would assign the property twice and add errors of its own.
    [Fact]
    public void A_property_declared_twice_generates_nothing()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(
            "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] public double Beta { get; set; } [IntRange(1, 3)] public int Beta { get; set; } }"));
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }

    // [SearchSpace] on two parts is CS0579; the type is still one type and gets one file.
    [Fact]
    public void A_type_marked_on_two_of_its_declarations_is_generated_once()
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(
            "using AttrTune; [SearchSpace] public partial class C { [Uniform(0, 1)] public double X { get; set; } } [SearchSpace] public partial class C { [IntRange(1, 3)] public int N { get; set; } = 1; }"));
        Assert.Null(result.Exception);
        Assert.Equal(new[] { "C.g.cs" }, result.GeneratedSources.Select(s => s.HintName).ToArray());
    }

    // Valid C#: every name the generated code writes as an identifier must be escaped as the user escaped it.
    [Fact]
    public void Keywords_used_as_names_are_escaped_in_generated_code()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using AttrTune;
            namespace @event.Demo;
            public partial class @struct
            {
                [SearchSpace]
                public partial class @class
                {
                    [Choice("a", "b")] public string @default { get; set; } = "a";
                    [Uniform(0, 1)] [ActiveWhen(nameof(@default), "b")] public double @double { get; set; }
                    [ActiveWhen(nameof(@default), "a")] public @in? @in { get; set; }
                }
            }
            [SearchSpace] public partial class @in { [IntRange(1, 3)] public int @int { get; set; } = 1; }
            """));
        Assert.Null(result.Exception);
        Assert.Equal(new[] { "event.Demo.in.g.cs", "event.Demo.struct.class.g.cs" }, result.GeneratedSources.Select(s => s.HintName).Order().ToArray());
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void A_bad_type_does_not_stop_the_good_ones()
    {
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile("""
            using AttrTune;
            [SearchSpace] public partial class Bad { [Uniform(1, 0)] public double X { get; set; } }
            [SearchSpace] public partial class Good { [Uniform(0, 1)] public double X { get; set; } }
            """));
        Assert.Equal(new[] { "Good.g.cs" }, result.GeneratedSources.Select(s => s.HintName).ToArray());
        Assert.Empty(GeneratorHarness.Problems(output));
    }

    [Fact]
    public void Without_the_runtime_reference_the_generator_does_nothing()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("NoRuntime", new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { }") });
        var (result, _) = GeneratorHarness.Run(compilation);
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Known_type_names_match_the_runtime_types()
    {
        Assert.Equal(KnownTypeNames.SearchSpaceAttribute, typeof(SearchSpaceAttribute).FullName);
        Assert.Equal(KnownTypeNames.UniformAttribute, typeof(UniformAttribute).FullName);
        Assert.Equal(KnownTypeNames.LogUniformAttribute, typeof(LogUniformAttribute).FullName);
        Assert.Equal(KnownTypeNames.IntRangeAttribute, typeof(IntRangeAttribute).FullName);
        Assert.Equal(KnownTypeNames.ChoiceAttribute, typeof(ChoiceAttribute).FullName);
        Assert.Equal(KnownTypeNames.GenericChoiceAttribute, typeof(ChoiceAttribute<>).FullName);
        Assert.Equal(KnownTypeNames.ActiveWhenAttribute, typeof(ActiveWhenAttribute).FullName);
        Assert.Equal(KnownTypeNames.MutableAttribute, typeof(MutableAttribute).FullName);
        Assert.Equal(KnownTypeNames.RepeatedByAttribute, typeof(RepeatedByAttribute).FullName);
        Assert.Equal(KnownTypeNames.SearchSpaceInterface, typeof(ISearchSpace<>).FullName);
    }

    [Fact]
    public void Output_does_not_depend_on_the_current_culture()
    {
        const string source = "using AttrTune; [SearchSpace] public partial class C { [Uniform(0.5, 1.25, Default = 0.75)] public double X { get; set; } }";
        var original = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            string german = GeneratorHarness.Run(GeneratorHarness.Compile(source)).Result.GeneratedSources.Single().SourceText.ToString();
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            string invariant = GeneratorHarness.Run(GeneratorHarness.Compile(source)).Result.GeneratedSources.Single().SourceText.ToString();
            Assert.Equal(invariant, german);
            Assert.Contains("0.75d", german, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = original;
        }
    }

    // The generator ran to the end: no exception of its own, and no CS8784/CS8785 (a generator that threw).
    private static GeneratorRunResult RunWithoutCrash(string source)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.Compile(source));
        Assert.True(result.Exception is null, $"{source}\n{result.Exception}");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8784" or "CS8785");
        return result;
    }
}
