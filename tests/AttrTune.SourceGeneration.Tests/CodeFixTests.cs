using System;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Every code fix, through the Roslyn test framework: the markup gives each diagnostic's span, the fix is applied
/// one diagnostic at a time and as Fix All (document, project, solution), and the fixed code, with the generator's
/// output, must compile without errors or warnings and raise no diagnostic.
/// </summary>
public class CodeFixTests
{
    private const string Header = "using AttrTune;\nnamespace Demo;\n";

    [Fact]
    public Task Swap_bounds() => Verify<SwapBoundsCodeFix>(
        Header + "[SearchSpace] public partial class C { [{|AT0001:Uniform(0.9, 0.1, Default = 0.5)|}] public double X { get; set; } = 0.5; }",
        Header + "[SearchSpace] public partial class C { [Uniform(0.1, 0.9, Default = 0.5)] public double X { get; set; } = 0.5; }");

    [Fact]
    public Task Add_partial_to_the_type() => Verify<AddPartialCodeFix>(
        Header + "[SearchSpace]\npublic sealed class {|AT0014:C|}\n{\n    [Uniform(0, 1)] public double X { get; set; }\n}\n",
        Header + "[SearchSpace]\npublic sealed partial class C\n{\n    [Uniform(0, 1)] public double X { get; set; }\n}\n");

    // Three diagnostics on C: C itself, Middle and Outer each lack partial; the first fix settles all three.
    [Fact]
    public Task Add_partial_to_the_type_and_its_containers() => Verify<AddPartialCodeFix>(
        Header + "public static class Outer\n{\n    class Middle\n    {\n        [SearchSpace]\n        internal class {|AT0014:{|AT0014:{|AT0014:C|}|}|} { [Uniform(0, 1)] public double X { get; set; } }\n    }\n}\n",
        Header + "public static partial class Outer\n{\n    partial class Middle\n    {\n        [SearchSpace]\n        internal partial class C { [Uniform(0, 1)] public double X { get; set; } }\n    }\n}\n");

    [Fact]
    public Task Change_uniform_to_log_uniform() => Verify<UseLogUniformCodeFix>(
        Header + "[SearchSpace] public partial class C { [{|AT0023:Uniform(1e-5, 1e-1)|}] public double LearningRate { get; set; } = 1e-3; }",
        Header + "[SearchSpace] public partial class C { [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3; }");

    [Fact]
    public Task Change_qualified_uniform_attribute_to_log_uniform() => Verify<UseLogUniformCodeFix>(
        Header + "[SearchSpace] public partial class C { [{|AT0023:AttrTune.UniformAttribute(1, 1e6)|}] public double Rows { get; set; } = 1; }",
        Header + "[SearchSpace] public partial class C { [AttrTune.LogUniformAttribute(1, 1e6)] public double Rows { get; set; } = 1; }");

    [Fact]
    public Task Remove_duplicate_choice() => Verify<RemoveDuplicateChoiceCodeFix>(
        Header + "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\", {|AT0008:\"adam\"|})] public string Optimizer { get; set; } = \"adam\"; }",
        Header + "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\")] public string Optimizer { get; set; } = \"adam\"; }");

    [Fact]
    public Task Add_setter_in_a_class() => Verify<AddSetterCodeFix>(
        Header + "[SearchSpace] public partial class C { [IntRange(1, 5)] public int {|AT0016:Depth|} { get; } = 1; }",
        Header + "[SearchSpace] public partial class C { [IntRange(1, 5)] public int Depth { get; set; } = 1; }");

    [Fact]
    public Task Add_init_accessor_in_a_record() => Verify<AddSetterCodeFix>(
        Header + "[SearchSpace] public partial record C { [IntRange(1, 5)] public int {|AT0016:Depth|} { get; } = 1; }",
        Header + "[SearchSpace] public partial record C { [IntRange(1, 5)] public int Depth { get; init; } = 1; }");

    // AT0017 on the property and AT0013 on Inner's own attribute both lead to Inner; marking it settles both.
    [Fact]
    public Task Add_search_space_to_a_nested_type() => Verify<AddSearchSpaceCodeFix>(
        Header + "[SearchSpace] public partial class C { public Inner {|AT0017:Nested|} { get; set; } = new(); }\n\n/// <summary>Inner settings.</summary>\npublic class Inner { [{|AT0013:Uniform(0, 1)|}] public double X { get; set; } }\n",
        Header + "[SearchSpace] public partial class C { public Inner Nested { get; set; } = new(); }\n\n/// <summary>Inner settings.</summary>\n[SearchSpace]\npublic partial class Inner { [Uniform(0, 1)] public double X { get; set; } }\n");

    [Fact]
    public Task Add_search_space_to_a_type_with_parameter_attributes() => Verify<AddSearchSpaceCodeFix>(
        "namespace Demo;\npublic class Plain\n{\n    [{|AT0013:AttrTune.Uniform(0, 1)|}] public double X { get; set; }\n}\n",
        "namespace Demo;\n[AttrTune.SearchSpace]\npublic partial class Plain\n{\n    [AttrTune.Uniform(0, 1)] public double X { get; set; }\n}\n");

    [Fact]
    public Task Fix_all_swaps_every_reversed_range() => Verify<SwapBoundsCodeFix>(
        Header + """
            [SearchSpace] public partial class C
            {
                [{|AT0001:Uniform(0.9, 0.1)|}] public double X { get; set; } = 0.5;
                [{|AT0001:IntRange(10, 1, Default = 4)|}] public int N { get; set; } = 4;
            }
            """,
        Header + """
            [SearchSpace] public partial class C
            {
                [Uniform(0.1, 0.9)] public double X { get; set; } = 0.5;
                [IntRange(1, 10, Default = 4)] public int N { get; set; } = 4;
            }
            """);

    // Two repeats in one argument list: removed together, the commas between them must still come out right.
    [Fact]
    public Task Fix_all_removes_every_duplicate_choice() => Verify<RemoveDuplicateChoiceCodeFix>(
        Header + """
            [SearchSpace] public partial class C
            {
                [Choice("adam", "sgd", {|AT0008:"adam"|}, {|AT0008:"sgd"|})] public string Optimizer { get; set; } = "adam";
                [Choice(16, {|AT0008:16|}, 32, {|AT0008:32|}, 64)] public int Batch { get; set; } = 16;
            }
            """,
        Header + """
            [SearchSpace] public partial class C
            {
                [Choice("adam", "sgd")] public string Optimizer { get; set; } = "adam";
                [Choice(16, 32, 64)] public int Batch { get; set; } = 16;
            }
            """);

    [Fact]
    public Task Fix_all_uses_log_uniform_everywhere() => Verify<UseLogUniformCodeFix>(
        Header + """
            [SearchSpace] public partial class C
            {
                [{|AT0023:Uniform(1e-5, 1e-1)|}] public double LearningRate { get; set; } = 1e-3;
                [{|AT0023:Uniform(1e-6, 1e-2)|}] public double WeightDecay { get; set; } = 1e-4;
            }
            """,
        Header + """
            [SearchSpace] public partial class C
            {
                [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3;
                [LogUniform(1e-6, 1e-2)] public double WeightDecay { get; set; } = 1e-4;
            }
            """);

    [Fact]
    public Task Fix_all_adds_every_missing_accessor() => Verify<AddSetterCodeFix>(
        Header + """
            [SearchSpace] public partial class C
            {
                [IntRange(1, 5)] public int {|AT0016:Depth|} { get; } = 1;
                [Uniform(0, 1)] public double {|AT0016:Rate|} { get; }
            }
            [SearchSpace] public partial record R { [Choice] public bool {|AT0016:On|} { get; } }
            """,
        Header + """
            [SearchSpace] public partial class C
            {
                [IntRange(1, 5)] public int Depth { get; set; } = 1;
                [Uniform(0, 1)] public double Rate { get; set; }
            }
            [SearchSpace] public partial record R { [Choice] public bool On { get; init; } }
            """);

    // A and B share the container Outer: both fixes want it partial, and it must get the keyword once.
    [Fact]
    public Task Fix_all_makes_every_type_and_shared_container_partial() => Verify<AddPartialCodeFix>(
        Header + """
            public class Outer
            {
                [SearchSpace] public class {|AT0014:{|AT0014:A|}|} { [Uniform(0, 1)] public double X { get; set; } }
                [SearchSpace] public partial class {|AT0014:B|} { [Uniform(0, 1)] public double Y { get; set; } }
            }
            [SearchSpace] public class {|AT0014:D|} { [Uniform(0, 1)] public double Z { get; set; } }
            """,
        Header + """
            public partial class Outer
            {
                [SearchSpace] public partial class A { [Uniform(0, 1)] public double X { get; set; } }
                [SearchSpace] public partial class B { [Uniform(0, 1)] public double Y { get; set; } }
            }
            [SearchSpace] public partial class D { [Uniform(0, 1)] public double Z { get; set; } }
            """);

    // Five diagnostics, two types: each type is marked once, however many diagnostics lead to it.
    [Fact]
    public Task Fix_all_marks_each_type_once() => Verify<AddSearchSpaceCodeFix>(
        Header + """
            [SearchSpace] public partial class C { public Inner {|AT0017:Nested|} { get; set; } = new(); }
            public class Inner { [{|AT0013:Uniform(0, 1)|}] public double X { get; set; } }
            public class Plain
            {
                [{|AT0013:Uniform(0, 1)|}] public double X { get; set; }
                [{|AT0013:IntRange(1, 4)|}] public int N { get; set; } = 1;
                [{|AT0013:Choice("a", "b")|}] public string S { get; set; } = "a";
            }
            """,
        Header + """
            [SearchSpace] public partial class C { public Inner Nested { get; set; } = new(); }
            [SearchSpace]
            public partial class Inner { [Uniform(0, 1)] public double X { get; set; } }
            [SearchSpace]
            public partial class Plain
            {
                [Uniform(0, 1)] public double X { get; set; }
                [IntRange(1, 4)] public int N { get; set; } = 1;
                [Choice("a", "b")] public string S { get; set; } = "a";
            }
            """);

    // The nested type lives in another file than the property that reports it: the fix edits that file.
    [Fact]
    public async Task Fix_all_marks_a_type_declared_in_another_document()
    {
        var test = new AttrTuneCodeFixTest<AddSearchSpaceCodeFix>();
        test.TestState.Sources.Add(("/0/Test0.cs", Header + "[SearchSpace] public partial class C { public Inner {|AT0017:Nested|} { get; set; } = new(); public Other {|AT0017:More|} { get; set; } = new(); }\n"));
        test.TestState.Sources.Add(("/0/Test1.cs", Header + "public class Inner { [{|AT0013:Uniform(0, 1)|}] public double X { get; set; } }\npublic class Other { [{|AT0013:IntRange(1, 3)|}] public int N { get; set; } = 1; }\n"));
        test.FixedState.Sources.Add(("/0/Test0.cs", Header + "[SearchSpace] public partial class C { public Inner Nested { get; set; } = new(); public Other More { get; set; } = new(); }\n"));
        test.FixedState.Sources.Add(("/0/Test1.cs", Header + "[SearchSpace]\npublic partial class Inner { [Uniform(0, 1)] public double X { get; set; } }\n[SearchSpace]\npublic partial class Other { [IntRange(1, 3)] public int N { get; set; } = 1; }\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task Remove_a_parameter_name_from_an_untuned_property() => Verify<RemoveAttributeCodeFix>(
        Header + "[SearchSpace] public partial class C\n{\n    [Uniform(0, 1)] public double X { get; set; }\n\n    [{|AT0056:ParameterName(\"note\")|}]\n    public string Note { get; set; } = \"\";\n}\n",
        Header + "[SearchSpace] public partial class C\n{\n    [Uniform(0, 1)] public double X { get; set; }\n\n    public string Note { get; set; } = \"\";\n}\n");

    [Fact]
    public Task Remove_a_condition_from_an_untuned_property_and_keep_the_other_attribute() => Verify<RemoveAttributeCodeFix>(
        Header + "[SearchSpace] public partial class C { [Choice] public bool On { get; set; } [System.Obsolete(\"old\"), {|AT0027:ActiveWhen(nameof(On), true)|}] public string Note { get; set; } = \"\"; }",
        Header + "[SearchSpace] public partial class C { [Choice] public bool On { get; set; } [System.Obsolete(\"old\")] public string Note { get; set; } = \"\"; }");

    [Fact]
    public Task Remove_mutable_beside_repeated_by() => Verify<RemoveAttributeCodeFix>(
        Header + "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] [{|AT0053:Mutable|}] public L[] Layer { get; set; } = []; }",
        Header + "[SearchSpace] public partial class L { [IntRange(1, 4)] public int U { get; set; } = 1; } [SearchSpace] public partial class C { [IntRange(0, 3)] public int N { get; set; } [RepeatedBy(nameof(N))] public L[] Layer { get; set; } = []; }");

    [Fact]
    public void Every_code_fix_supports_fix_all()
    {
        Type[] fixes = typeof(SwapBoundsCodeFix).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .ToArray();
        Assert.Equal(12, fixes.Length);
        foreach (Type type in fixes)
        {
            var fix = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.True(fix.GetFixAllProvider() is not null, $"{type.Name} does not support Fix All");
        }
    }

    [Fact]
    public Task Initialize_to_default() => Verify<SetInitializerCodeFix>(
        Header + "[SearchSpace] public partial record C\n{\n    [LogUniform(1e-5, 1e-1, Default = 1e-3)] public double {|AT0029:LearningRate|} { get; init; }\n}\n",
        Header + "[SearchSpace] public partial record C\n{\n    [LogUniform(1e-5, 1e-1, Default = 1e-3)] public double LearningRate { get; init; } = 0.001;\n}\n");

    [Fact]
    public Task Initialize_to_the_first_choice() => Verify<SetInitializerCodeFix>(
        Header + "[SearchSpace] public partial record C { [Choice(\"a\", \"b\")] public string S { get; init; } = {|AT0029:\"\"|}; }",
        Header + "[SearchSpace] public partial record C { [Choice(\"a\", \"b\")] public string S { get; init; } = \"a\"; }");

    // The analyzer passes the member fully qualified; the fix leaves what the file's usings allow.
    [Fact]
    public Task Initialize_to_the_first_enum_member() => Verify<SetInitializerCodeFix>(
        Header + "public enum Shade { Light = 1, Dark = 2 }\n[SearchSpace] public partial class C { [Choice] public Shade {|AT0029:X|} { get; set; } }",
        Header + "public enum Shade { Light = 1, Dark = 2 }\n[SearchSpace] public partial class C { [Choice] public Shade X { get; set; } = Shade.Light; }");

    [Fact]
    public Task Initialize_a_float_to_the_low_bound() => Verify<SetInitializerCodeFix>(
        Header + "[SearchSpace] public partial class C { [LogUniform(1e-3f, 10f)] public float {|AT0029:Temperature|} { get; set; } }",
        Header + "[SearchSpace] public partial class C { [LogUniform(1e-3f, 10f)] public float Temperature { get; set; } = 0.001f; }");

    [Fact]
    public Task Set_the_initializer_from_default() => Verify<SetInitializerCodeFix>(
        Header + "[SearchSpace] public partial class C { [IntRange(1, 5, Default = 3)] public int X { get; set; } = {|AT0030:1|}; }",
        Header + "[SearchSpace] public partial class C { [IntRange(1, 5, Default = 3)] public int X { get; set; } = 3; }");

    [Fact]
    public Task Make_the_initializer_the_default() => Verify<UseInitializerAsDefaultCodeFix>(
        Header + "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\", Default = \"sgd\")] public string Optimizer { get; set; } = {|AT0030:\"adam\"|}; }",
        Header + "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\", Default = \"adam\")] public string Optimizer { get; set; } = \"adam\"; }");

    [Fact]
    public Task Fix_all_initializes_every_parameter() => Verify<SetInitializerCodeFix>(
        Header + """
            [SearchSpace] public partial class C
            {
                [LogUniform(1e-5, 1e-1)] public double {|AT0029:LearningRate|} { get; set; }
                [IntRange(2, 10, Default = 6)] public int Depth { get; set; } = {|AT0030:4|};
                [Choice("gbdt", "dart")] public string Booster { get; set; } = {|AT0029:""|};
                [Choice(null, 3, 5)] public int? MaxDepth { get; set; }
            }
            """,
        Header + """
            [SearchSpace] public partial class C
            {
                [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1E-05;
                [IntRange(2, 10, Default = 6)] public int Depth { get; set; } = 6;
                [Choice("gbdt", "dart")] public string Booster { get; set; } = "gbdt";
                [Choice(null, 3, 5)] public int? MaxDepth { get; set; }
            }
            """);

    // Offline machines (and CI) cannot fetch the framework's default reference package, so nothing may ask for one.
    [Fact]
    public async Task The_test_framework_resolves_references_without_a_package_feed()
    {
        Assert.Null(RoslynTesting.NoPackages.ReferenceAssemblyPackage);
        Assert.Empty(RoslynTesting.NoPackages.Packages);
        Assert.Empty(await RoslynTesting.NoPackages.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, default));
    }

    private static Task Verify<TCodeFix>(string before, string after)
        where TCodeFix : CodeFixProvider, new() =>
        new AttrTuneCodeFixTest<TCodeFix> { TestCode = before, FixedCode = after }.RunAsync();
}
