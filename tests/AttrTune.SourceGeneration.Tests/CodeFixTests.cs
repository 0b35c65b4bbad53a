using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>Every code fix: exact text before and after, and the fixed code generates and compiles cleanly.</summary>
public class CodeFixTests
{
    private const string Header = "using AttrTune;\nnamespace Demo;\n";

    [Fact]
    public Task Swap_bounds() => Verify(
        new SwapBoundsCodeFix(),
        "AT0001",
        Header + "[SearchSpace] public partial class C { [Uniform(0.9, 0.1, Default = 0.5)] public double X { get; set; } }",
        Header + "[SearchSpace] public partial class C { [Uniform(0.1, 0.9, Default = 0.5)] public double X { get; set; } }");

    [Fact]
    public Task Add_partial_to_the_type() => Verify(
        new AddPartialCodeFix(),
        "AT0014",
        Header + "[SearchSpace]\npublic sealed class C\n{\n    [Uniform(0, 1)] public double X { get; set; }\n}\n",
        Header + "[SearchSpace]\npublic sealed partial class C\n{\n    [Uniform(0, 1)] public double X { get; set; }\n}\n");

    [Fact]
    public Task Add_partial_to_the_type_and_its_containers() => Verify(
        new AddPartialCodeFix(),
        "AT0014",
        Header + "public static class Outer\n{\n    class Middle\n    {\n        [SearchSpace]\n        internal class C { [Uniform(0, 1)] public double X { get; set; } }\n    }\n}\n",
        Header + "public static partial class Outer\n{\n    partial class Middle\n    {\n        [SearchSpace]\n        internal partial class C { [Uniform(0, 1)] public double X { get; set; } }\n    }\n}\n");

    [Fact]
    public Task Change_uniform_to_log_uniform() => Verify(
        new UseLogUniformCodeFix(),
        "AT0023",
        Header + "[SearchSpace] public partial class C { [Uniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3; }",
        Header + "[SearchSpace] public partial class C { [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; } = 1e-3; }");

    [Fact]
    public Task Change_qualified_uniform_attribute_to_log_uniform() => Verify(
        new UseLogUniformCodeFix(),
        "AT0023",
        Header + "[SearchSpace] public partial class C { [AttrTune.UniformAttribute(1, 1e6)] public double Rows { get; set; } = 1; }",
        Header + "[SearchSpace] public partial class C { [AttrTune.LogUniformAttribute(1, 1e6)] public double Rows { get; set; } = 1; }");

    [Fact]
    public Task Remove_duplicate_choice() => Verify(
        new RemoveDuplicateChoiceCodeFix(),
        "AT0008",
        Header + "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\", \"adam\")] public string Optimizer { get; set; } = \"adam\"; }",
        Header + "[SearchSpace] public partial class C { [Choice(\"adam\", \"sgd\")] public string Optimizer { get; set; } = \"adam\"; }");

    [Fact]
    public Task Add_setter_in_a_class() => Verify(
        new AddSetterCodeFix(),
        "AT0016",
        Header + "[SearchSpace] public partial class C { [IntRange(1, 5)] public int Depth { get; } = 1; }",
        Header + "[SearchSpace] public partial class C { [IntRange(1, 5)] public int Depth { get; set; } = 1; }");

    [Fact]
    public Task Add_init_accessor_in_a_record() => Verify(
        new AddSetterCodeFix(),
        "AT0016",
        Header + "[SearchSpace] public partial record C { [IntRange(1, 5)] public int Depth { get; } = 1; }",
        Header + "[SearchSpace] public partial record C { [IntRange(1, 5)] public int Depth { get; init; } = 1; }");

    [Fact]
    public Task Add_search_space_to_a_nested_type() => Verify(
        new AddSearchSpaceCodeFix(),
        "AT0017",
        Header + "[SearchSpace] public partial class C { public Inner Nested { get; set; } = new(); }\n\n/// <summary>Inner settings.</summary>\npublic class Inner { [Uniform(0, 1)] public double X { get; set; } }\n",
        Header + "[SearchSpace] public partial class C { public Inner Nested { get; set; } = new(); }\n\n/// <summary>Inner settings.</summary>\n[SearchSpace]\npublic partial class Inner { [Uniform(0, 1)] public double X { get; set; } }\n");

    [Fact]
    public Task Add_search_space_to_a_type_with_parameter_attributes() => Verify(
        new AddSearchSpaceCodeFix(),
        "AT0013",
        "namespace Demo;\npublic class Plain\n{\n    [AttrTune.Uniform(0, 1)] public double X { get; set; }\n}\n",
        "namespace Demo;\n[AttrTune.SearchSpace]\npublic partial class Plain\n{\n    [AttrTune.Uniform(0, 1)] public double X { get; set; }\n}\n");

    private static async Task Verify(CodeFixProvider fix, string id, string before, string expectedAfter)
    {
        Assert.Contains(id, fix.FixableDiagnosticIds);
        using var workspace = new AdhocWorkspace();
        Document document = workspace.CurrentSolution
            .AddProject("Fixes", "Fixes", LanguageNames.CSharp)
            .WithParseOptions(GeneratorHarness.ParseOptions)
            .WithCompilationOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithMetadataReferences(GeneratorHarness.Compile().References)
            .AddDocument("Source0.cs", before);

        Compilation compilation = (await document.Project.GetCompilationAsync())!;
        ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SearchSpaceAnalyzer())).GetAnalyzerDiagnosticsAsync();
        Diagnostic diagnostic = diagnostics.First(d => d.Id == id);

        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        CodeAction single = Assert.Single(actions);
        ImmutableArray<CodeActionOperation> operations = await single.GetOperationsAsync(CancellationToken.None);
        Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        string after = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Equal(expectedAfter, after);

        var (result, output) = GeneratorHarness.Run(GeneratorHarness.Compile(after));
        Assert.NotEmpty(result.GeneratedSources);
        Assert.Empty(GeneratorHarness.Problems(output));
        Assert.DoesNotContain(AnalyzerHarness.Analyze(after), d => d.Id == id);
    }
}
