using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>The pipeline caches: unchanged or unrelated edits do no work; attribute edits redo only their type.</summary>
public class IncrementalTests
{
    private const string Space = """
        using AttrTune;
        namespace Demo;
        [SearchSpace]
        public partial class Config
        {
            [LogUniform(1e-5, 1e-1)] public double LearningRate { get; set; }
            [Choice("adam", "sgd")] public string Optimizer { get; set; } = "adam";
        }
        """;

    private const string Other = """
        namespace Demo;
        public class Unrelated
        {
            public int Value => 1;
        }
        """;

    private static readonly string[] TrackedSteps =
    {
        SearchSpaceGenerator.TrackingNames.Specs,
        SearchSpaceGenerator.TrackingNames.ValidSpecs,
    };

    [Fact]
    public void A_second_run_on_an_unchanged_compilation_is_fully_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Space, Other);
        GeneratorRunResult second = RunTwice(compilation, compilation.Clone());
        AssertAllReasons(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void An_unrelated_edit_in_another_file_does_no_work()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Space, Other);
        CSharpCompilation edited = ReplaceTree(compilation, 1, Other.Replace("=> 1", "=> 2", StringComparison.Ordinal));
        AssertAllReasons(RunTwice(compilation, edited), IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void An_edit_inside_the_space_that_does_not_change_it_leaves_the_model_unchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Space, Other);
        string withMethod = Space.Replace("public partial class Config\n{", "public partial class Config\n{\n    public override string ToString() => \"x\";", StringComparison.Ordinal);
        Assert.NotEqual(Space, withMethod);
        AssertAllReasons(RunTwice(compilation, ReplaceTree(compilation, 0, withMethod)), IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void An_attribute_argument_edit_is_reported_as_modified()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Space, Other);
        CSharpCompilation edited = ReplaceTree(compilation, 0, Space.Replace("1e-1", "1e-2", StringComparison.Ordinal));
        GeneratorRunResult second = RunTwice(compilation, edited);
        Assert.Contains(second.TrackedSteps[SearchSpaceGenerator.TrackingNames.Specs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(second.TrackedSteps[SearchSpaceGenerator.TrackingNames.ValidSpecs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        GeneratorRunResult result = GeneratorHarness.Run(GeneratorHarness.Compile(Space)).Result;
        foreach (string step in TrackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    AssertNoRoslynObjects(value, step, depth: 0);
                }
            }
        }
    }

    private static GeneratorRunResult RunTwice(Compilation first, Compilation second)
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        return driver.RunGenerators(second).GetRunResult().Results.Single();
    }

    private static CSharpCompilation ReplaceTree(CSharpCompilation compilation, int index, string source)
    {
        SyntaxTree old = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }

    private static void AssertAllReasons(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        foreach (string step in TrackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} did not run");
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(allowed.Contains(output.Reason), $"{step}: {output.Reason}");
            }
        }

        foreach (var output in result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs))
        {
            Assert.Equal(IncrementalStepRunReason.Cached, output.Reason);
        }
    }

    private static void AssertNoRoslynObjects(object? value, string path, int depth)
    {
        if (value is null || depth > 8 || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, path + "[]", depth + 1);
            }

            return;
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                AssertNoRoslynObjects(property.GetValue(value), path + "." + property.Name, depth + 1);
            }
        }
    }
}
