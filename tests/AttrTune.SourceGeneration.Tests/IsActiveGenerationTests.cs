using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// The generated IsActive where the golden files do not reach: a type that declares the name itself, and a nested
/// space from another assembly, with or without the method (an assembly generated before it existed).
/// </summary>
public class IsActiveGenerationTests
{
    private const string Legacy = """
        using AttrTune;
        namespace Lib;
        [SearchSpace]
        public partial class Legacy
        {
            [Choice] public bool On { get; set; }
            [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; }

            /// <summary>The user's own member of that name: nothing is generated under it.</summary>
            public string IsActive => "mine";
        }
        """;

    private const string Modern = """
        using AttrTune;
        namespace Lib;
        [SearchSpace]
        public partial class Modern
        {
            [Choice] public bool On { get; set; }
            [Uniform(0, 1)] [ActiveWhen(nameof(On), true)] public double X { get; set; }
        }
        """;

    private const string Outer = """
        using AttrTune;
        namespace App;
        [SearchSpace]
        public partial class Outer
        {
            [Choice("a", "b")] public string M { get; set; } = "a";
            [ActiveWhen(nameof(M), "a")] public Lib.Legacy L { get; set; } = new();
            [ActiveWhen(nameof(M), "a")] public Lib.Modern N { get; set; } = new();
        }
        """;

    [Fact]
    public void A_type_that_declares_the_name_gets_no_IsActive_and_a_space_nesting_it_asks_the_runtime()
    {
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(GeneratorHarness.Compile(Legacy, Modern, Outer));
        Assert.Empty(GeneratorHarness.Problems(output));
        string legacy = result.GeneratedSources.Single(s => s.HintName == "Lib.Legacy.g.cs").SourceText.ToString();
        string outer = result.GeneratedSources.Single(s => s.HintName == "App.Outer.g.cs").SourceText.ToString();
        Assert.DoesNotContain("public bool IsActive", legacy, StringComparison.Ordinal);
        Assert.Contains("SearchSpace.IsActive<global::Lib.Legacy>(__n1, parameterName.Substring(2))", outer, StringComparison.Ordinal);
        Assert.Contains("__n2.IsActive(parameterName.Substring(2))", outer, StringComparison.Ordinal);

        Assembly assembly = Load(output, "OneAssembly");
        AssertAnswers(assembly.GetType("App.Outer")!, assembly.GetType("Lib.Legacy")!, assembly.GetType("Lib.Modern")!);
    }

    // Nested spaces from a referenced assembly: the generator sees metadata, and must not call what is not there.
    [Fact]
    public void Nested_spaces_from_another_assembly_are_asked_as_their_assembly_allows()
    {
        (_, Compilation library) = GeneratorHarness.Run(GeneratorHarness.Compile(Legacy, Modern).WithAssemblyName("Lib"));
        Assert.Empty(GeneratorHarness.Problems(library));
        using var libraryImage = new MemoryStream();
        Assert.True(library.Emit(libraryImage).Success);

        Compilation app = GeneratorHarness.Compile(Outer).WithAssemblyName("App").AddReferences(MetadataReference.CreateFromImage(libraryImage.ToArray()));
        (GeneratorRunResult result, Compilation output) = GeneratorHarness.Run(app);
        Assert.Empty(GeneratorHarness.Problems(output));
        string outer = result.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("SearchSpace.IsActive<global::Lib.Legacy>(__n1, parameterName.Substring(2))", outer, StringComparison.Ordinal);
        Assert.Contains("__n2.IsActive(parameterName.Substring(2))", outer, StringComparison.Ordinal);

        var context = new AssemblyLoadContext("IsActive", isCollectible: true);
        try
        {
            libraryImage.Position = 0;
            Assembly lib = context.LoadFromStream(libraryImage);
            Assembly appAssembly = Load(output, null, context);
            AssertAnswers(appAssembly.GetType("App.Outer")!, lib.GetType("Lib.Legacy")!, lib.GetType("Lib.Modern")!);
        }
        finally
        {
            context.Unload();
        }
    }

    private static void AssertAnswers(Type outer, Type legacy, Type modern)
    {
        object config = Activator.CreateInstance(outer)!;
        Func<string, bool> isActive = name => (bool)outer.GetMethod("IsActive")!.Invoke(config, new object[] { name })!;
        foreach (Type nested in new[] { legacy, modern })
        {
            string name = nested == legacy ? "L" : "N";
            object inner = outer.GetProperty(name)!.GetValue(config)!;
            nested.GetProperty("On")!.SetValue(inner, true);
            Assert.True(isActive(name + ".X"));
            nested.GetProperty("On")!.SetValue(inner, false);
            Assert.False(isActive(name + ".X"));
            Assert.True(isActive(name + ".On"));
            nested.GetProperty("On")!.SetValue(inner, true);
        }

        outer.GetProperty("M")!.SetValue(config, "b");
        Assert.False(isActive("L.X"));
        Assert.False(isActive("N.On"));
        Assert.False(isActive("L"));
        var error = Assert.Throws<TargetInvocationException>(() => isActive("L.Y"));
        Assert.Equal("App.Outer has no parameter 'L.Y'; its parameters are M, L, L.On, L.X, N, N.On, N.X.", Assert.IsType<ArgumentException>(error.InnerException).Message.Split(" (Parameter")[0]);
    }

    private static Assembly Load(Compilation compilation, string? name, AssemblyLoadContext? context = null)
    {
        using var image = new MemoryStream();
        EmitResult emitted = (name is null ? compilation : compilation.WithAssemblyName(name)).Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return (context ?? new AssemblyLoadContext(name ?? "App", isCollectible: true)).LoadFromStream(image);
    }
}
