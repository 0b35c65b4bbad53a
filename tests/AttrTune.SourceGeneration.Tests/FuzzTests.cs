using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// The generator and the analyzer run on every keystroke, on whatever the editor holds, and a crash shows as CS8785
/// or AD0001 instead of the diagnostics the user needs; a code fix that throws does so when the light bulb opens.
/// Every test input, golden files and analyzer cases alike, is mutated here and run through all three; any exception
/// fails the test and prints the mutant.
/// </summary>
/// <remarks>
/// Seeds are fixed, so a run is reproducible and the normal suite stays fast. For a longer search set
/// ATTRTUNE_FUZZ_MUTANTS (e.g. 5000) and, to look somewhere new, ATTRTUNE_FUZZ_SEED.
/// </remarks>
public class FuzzTests
{
    /// <summary>Enough for every input to be mutated a few times while the test stays well under 20 s.</summary>
    private const int DefaultMutants = 300;

    private const int DefaultFixMutants = 100;

    private const int DefaultSeed = 20_240_601;

    private static readonly Regex Markup = new(@"\{\|[^:{}|]+:|\|\}", RegexOptions.CultureInvariant);

    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Mutated_configs_never_crash_the_generator_or_the_analyzer()
    {
        int mutants = EnvironmentInt("ATTRTUNE_FUZZ_MUTANTS") ?? DefaultMutants;
        int seed = EnvironmentInt("ATTRTUNE_FUZZ_SEED") ?? DefaultSeed;
        IReadOnlyList<(string Name, string Source)> corpus = Corpus();
        var failures = new string?[mutants];
        var stopwatch = Stopwatch.StartNew();

        Parallel.For(0, mutants, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            (string name, string original) = corpus[i % corpus.Count];

            // Each input in turn, with one, two, then three mutations on later passes over the corpus.
            int count = 1 + (i / corpus.Count % 3);
            (string source, IReadOnlyList<string> steps) = new SourceMutator(seed + i).Mutate(original, count);
            if (CrashProbe.Run(source) is { } crash)
            {
                failures[i] = $"mutant {i} (seed {seed + i}) of '{name}' [{string.Join(", ", steps)}]: {crash}\n--- mutated source ---\n{source}\n---";
            }
        });

        string[] found = failures.OfType<string>().ToArray();
        _output.WriteLine($"{mutants} mutants of {corpus.Count} inputs (seeds {seed}..{seed + mutants - 1}) in {stopwatch.Elapsed.TotalSeconds:F1} s: {found.Length} crashed");

        // One line per crash, so that a long run shows every kind of crash, not only the first few in full.
        foreach (string failure in found)
        {
            _output.WriteLine(failure.Substring(0, failure.IndexOf('\n', StringComparison.Ordinal)));
        }

        if (found.Length > 0)
        {
            var message = new StringBuilder($"{found.Length} of {mutants} mutants crashed the generator or the analyzer; the first {Math.Min(5, found.Length)}:\n");
            foreach (string failure in found.Take(5))
            {
                message.Append('\n').Append(failure).Append('\n');
            }

            Assert.Fail(message.ToString());
        }
    }

    // Fewer by default than for the analyzer: each mutant needs a workspace, and only some raise a fixable diagnostic.
    [Fact]
    public async Task Mutated_configs_never_crash_a_code_fix()
    {
        int mutants = EnvironmentInt("ATTRTUNE_FUZZ_MUTANTS") ?? DefaultFixMutants;
        int seed = EnvironmentInt("ATTRTUNE_FUZZ_SEED") ?? DefaultSeed;
        IReadOnlyList<(string Name, string Source)> corpus = Corpus();
        var found = new List<string>();
        int fixes = 0;
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < mutants; i++)
        {
            (string name, string original) = corpus[i % corpus.Count];
            (string source, IReadOnlyList<string> steps) = new SourceMutator(seed + i).Mutate(original, 1 + (i / corpus.Count % 3));
            (int computed, string? crash) = await CodeFixProbe.RunAsync(source);
            fixes += computed;
            if (crash is not null)
            {
                found.Add($"mutant {i} (seed {seed + i}) of '{name}' [{string.Join(", ", steps)}]: {crash}\n--- mutated source ---\n{source}\n---");
            }
        }

        _output.WriteLine($"{mutants} mutants, {fixes} fixes computed in {stopwatch.Elapsed.TotalSeconds:F1} s: {found.Count} crashed");
        Assert.True(found.Count == 0, string.Join("\n\n", found.Take(5)));
    }

    [Fact]
    public void The_mutator_is_deterministic_and_every_operator_applies_to_the_corpus()
    {
        IReadOnlyList<(string Name, string Source)> corpus = Corpus();
        Assert.True(corpus.Count > 100, $"only {corpus.Count} inputs");
        (string Source, IReadOnlyList<string> Steps) first = new SourceMutator(7).Mutate(GoldenFileTests.AllParameterKinds, 3);
        (string Source, IReadOnlyList<string> Steps) again = new SourceMutator(7).Mutate(GoldenFileTests.AllParameterKinds, 3);
        Assert.Equal(first.Source, again.Source);
        Assert.Equal(first.Steps, again.Steps);

        // An operator that never finds anything to change would silently shrink the search. The loop stops as soon as
        // every operator has applied, so its bound only has to be generous: which operator a seed picks shifts
        // whenever a case joins the corpus.
        var applied = new HashSet<string>();
        for (int i = 0; i < 4000 && applied.Count < SourceMutator.OperatorNames.Count; i++)
        {
            applied.UnionWith(new SourceMutator(i).Mutate(corpus[i % corpus.Count].Source, 1).Steps);
        }

        Assert.Empty(SourceMutator.OperatorNames.Except(applied));
    }

    /// <summary>
    /// Every source the other tests feed the generator and the analyzer, markup removed: the golden-file scenarios,
    /// the analyzer cases (bad and corrected), the message cases and the robustness inputs.
    /// </summary>
    internal static IReadOnlyList<(string Name, string Source)> Corpus()
    {
        var corpus = new List<(string Name, string Source)>(GoldenFileTests.Sources);
        foreach (object[] row in AnalyzerTests.Cases)
        {
            corpus.Add(($"AnalyzerTests {row[0]} (bad)", AnalyzerTests.Header + Strip((string)row[1])));
            corpus.Add(($"AnalyzerTests {row[0]} (corrected)", AnalyzerTests.Header + Strip((string)row[2])));
        }

        foreach (object[] row in DiagnosticMessageTests.Messages)
        {
            corpus.Add(($"DiagnosticMessageTests {row[1]}: {row[0]}", AnalyzerTests.Header + "[SearchSpace] public partial class C { " + Strip((string)row[0]) + " }"));
        }

        foreach (object[] row in RobustnessTests.HalfTypedCode.Concat<object[]>(RobustnessTests.InvalidSpaces))
        {
            corpus.Add(("RobustnessTests: " + row[0], (string)row[0]));
        }

        return corpus;
    }

    private static string Strip(string markup) => Markup.Replace(markup, string.Empty);

    private static int? EnvironmentInt(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;
}
