using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using AttrTune.SourceGeneration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Markup: <c>{|AT0001:text|}</c> marks the exact span where a diagnostic is expected. Sources are compiled with
/// the generator's output (as in the IDE), then analyzed.
/// </summary>
internal static partial class AnalyzerHarness
{
    public static (string Source, List<(string Id, TextSpan Span)> Expected) ParseMarkup(string markup)
    {
        var expected = new List<(string, TextSpan)>();
        var source = new StringBuilder();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                Match match = MarkupStart().Match(markup, i);
                open.Push((match.Groups[1].Value, source.Length));
                i += match.Length - 1;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}')
            {
                (string id, int start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }

        return (source.ToString(), expected);
    }

    public static ImmutableArray<Diagnostic> Analyze(params string[] sources)
    {
        Compilation output = GeneratorHarness.Run(GeneratorHarness.Compile(sources)).Output;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SearchSpaceAnalyzer());
        ImmutableArray<Diagnostic> diagnostics = output.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.Where(d => d.Id.StartsWith("AT", StringComparison.Ordinal)).ToImmutableArray();
    }

    /// <summary>Asserts exactly the marked diagnostics, at exactly the marked spans (all in the first source).</summary>
    public static ImmutableArray<Diagnostic> Verify(string markup, params string[] otherSources)
    {
        var (source, expected) = ParseMarkup(markup);
        ImmutableArray<Diagnostic> actual = Analyze(new[] { source }.Concat(otherSources).ToArray());
        string Describe(IEnumerable<(string Id, TextSpan Span)> items) =>
            string.Join("\n", items.OrderBy(x => x.Span.Start).Select(x => $"{x.Id} at {x.Span} '{source.Substring(x.Span.Start, Math.Min(x.Span.Length, 60))}'"));
        var actualSet = actual.Where(d => d.Location.SourceTree?.FilePath == "Source0.cs").Select(d => (d.Id, d.Location.SourceSpan)).ToList();
        Assert.True(
            expected.OrderBy(x => x.Span.Start).ThenBy(x => x.Id).SequenceEqual(actualSet.OrderBy(x => x.SourceSpan.Start).ThenBy(x => x.Id)),
            $"expected:\n{Describe(expected)}\nactual:\n{Describe(actualSet)}\nmessages:\n{string.Join("\n", actual.Select(d => d.ToString()))}");
        return actual;
    }

    [GeneratedRegex(@"\{\|(AT\d{4}):")]
    private static partial Regex MarkupStart();
}
