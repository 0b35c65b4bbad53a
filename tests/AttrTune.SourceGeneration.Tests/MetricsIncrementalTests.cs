using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>The metrics pipeline caches: unrelated edits do no work, and its model holds no symbols or syntax.</summary>
public class MetricsIncrementalTests
{
    private const string Metrics = """
        using AttrTune;
        namespace Demo;
        [Metrics]
        public partial record M
        {
            [Minimize] public double Loss { get; init; }
            [Constraint(Max = 5)] public double LatencyMs { get; init; }
        }
        """;

    private const string Other = "namespace Demo; public class Unrelated { public int Value => 1; }";

    [Fact]
    public void An_unrelated_edit_does_no_work()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Metrics, Other);
        GeneratorDriver driver = MetricsHarness.CreateDriver().RunGenerators(compilation);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.ElementAt(1),
            CSharpSyntaxTree.ParseText(Other.Replace("=> 1", "=> 2", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source1.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(MetricsGenerator));
        foreach (string step in new[] { MetricsGenerator.TrackingNames.Specs, MetricsGenerator.TrackingNames.ValidSpecs })
        {
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }
    }

    [Fact]
    public void A_bound_edit_changes_the_model_and_the_output()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Metrics, Other);
        GeneratorDriver driver = MetricsHarness.CreateDriver().RunGenerators(compilation);
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText(Metrics.Replace("Max = 5", "Max = 6", StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: "Source0.cs"));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(MetricsGenerator));
        Assert.Contains(second.TrackedSteps[MetricsGenerator.TrackingNames.ValidSpecs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("6d)", second.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_model_holds_only_strings_and_primitives()
    {
        GeneratorRunResult result = MetricsHarness.CreateDriver().RunGenerators(GeneratorHarness.Compile(Metrics)).GetRunResult()
            .Results.Single(r => r.Generator.GetGeneratorType() == typeof(MetricsGenerator));
        foreach (object? value in result.TrackedSteps[MetricsGenerator.TrackingNames.ValidSpecs].SelectMany(s => s.Outputs).Select(o => o.Value))
        {
            Assert.NotNull(value);
            foreach (System.Reflection.PropertyInfo property in value!.GetType().GetProperties())
            {
                Type type = property.PropertyType;
                Assert.False(typeof(ISymbol).IsAssignableFrom(type) || typeof(SyntaxNode).IsAssignableFrom(type) || typeof(Location).IsAssignableFrom(type) || typeof(Compilation).IsAssignableFrom(type), property.Name);
            }
        }
    }
}
