using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AttrTune.SourceGeneration.Tests;

/// <summary>
/// Breaks a config source the way editing and careless merges do: lines and tokens duplicated, deleted or swapped,
/// literals pushed to their limits, nameof pointed elsewhere, attributes and members repeated. Syntax is used only to
/// find where to cut; the edits are on the text, so the result is often not valid C#, which is the point.
/// </summary>
/// <remarks>The same seed and source always give the same mutant, so a failure is reproduced from its seed.</remarks>
internal sealed class SourceMutator
{
    // Constants at and past the edges of what the attributes take: NaN and infinities as constant expressions,
    // values just outside int and long, a subnormal, numbers the compiler rejects, and mixed types.
    private static readonly string[] Numbers =
    {
        "0", "-1", "1", "0.0 / 0.0", "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "-0.0",
        "1e308", "-1e308", "1e-320", "1e400", "double.MaxValue", "double.Epsilon", "float.MaxValue", "int.MaxValue",
        "int.MinValue", "2147483648", "long.MaxValue", "long.MinValue", "9223372036854775807", "-9223372036854775808",
        "18446744073709551615", "ulong.MaxValue", "9007199254740993", "0x7FFFFFFF", "1.5", "1e-5", "'a'", "\"1\"",
        "(byte)1", "(short)-1", "1m", "1f", "null", "true",
    };

    private static readonly string[] Strings =
    {
        "\"\"", "\"\\\"\"", "\"\\\\\"", "null", "\"a\"", "\"{0}\"", "\"\\0\"", "\"" + new string('x', 600) + "\"", "1",
        "nameof(Unknown)", "\"Unknown\"", "'a'", "@\"\"\"\"", "\"\\u00e9\"", "true",
    };

    private static readonly string[] Keywords =
    {
        "true", "false", "null", "0", "\"true\"", "default", "typeof(int)", "new[] { 1 }", "new object[] { null }",
    };

    // Tokens whose insertion turns a declaration into a different kind of (usually invalid) declaration.
    private static readonly string[] Inserts =
    {
        "static", "abstract", "required", "partial", "record", "struct", "file", "sealed", "readonly", "virtual",
        "init;", "set;", "get;", "?", "<T>", "{", "}", "[", "]", "(", ")", ",", ";", "=", "null!", "[Mutable]",
        "[SearchSpace]", "[Choice]", "[Uniform(0, 1)]", "[IntRange(1, 3)]", "[ActiveWhen(\"X\", 1)]", "public int X { get; set; }",
        "public C() { }", "public C(int x) { }", "=> 1;", "this[int i]", "operator", "new", "@class", "default",
    };

    private readonly Random _random;
    private readonly List<(string Name, Func<string, string?> Mutate)> _operators;

    public SourceMutator(int seed)
    {
        _random = new Random(seed);
        _operators = new()
        {
            ("duplicate line", DuplicateLine),
            ("delete line", DeleteLine),
            ("swap lines", SwapLines),
            ("duplicate token", DuplicateToken),
            ("delete token", DeleteToken),
            ("swap tokens", SwapTokens),
            ("insert token", InsertToken),
            ("change number", ChangeNumber),
            ("change string", ChangeString),
            ("change keyword literal", ChangeKeywordLiteral),
            ("retarget nameof", RetargetNameof),
            ("duplicate attribute", DuplicateAttribute),
            ("duplicate attribute list", DuplicateAttributeList),
            ("copy attribute list to another member", CopyAttributeList),
            ("delete argument", DeleteArgument),
            ("duplicate property", DuplicateProperty),
            ("rename property to another's name", RenamePropertyToCollide),
            ("duplicate type", DuplicateType),
        };
    }

    public static IReadOnlyList<string> OperatorNames { get; } = new SourceMutator(0)._operators.Select(o => o.Name).ToArray();

    /// <summary>Applies <paramref name="count"/> mutations (fewer when none applies); returns the text and what was done.</summary>
    public (string Source, IReadOnlyList<string> Steps) Mutate(string source, int count)
    {
        var steps = new List<string>();
        for (int attempts = 0; steps.Count < count && attempts < count * 20; attempts++)
        {
            (string name, Func<string, string?> mutate) = _operators[_random.Next(_operators.Count)];
            if (mutate(source) is { } mutated && mutated != source)
            {
                source = mutated;
                steps.Add(name);
            }
        }

        return (source, steps);
    }

    private string? DuplicateLine(string source)
    {
        List<string> lines = source.Split('\n').ToList();
        int i = _random.Next(lines.Count);
        lines.Insert(i, lines[i]);
        return string.Join("\n", lines);
    }

    private string? DeleteLine(string source)
    {
        List<string> lines = source.Split('\n').ToList();
        if (lines.Count < 2)
        {
            return null;
        }

        lines.RemoveAt(_random.Next(lines.Count));
        return string.Join("\n", lines);
    }

    private string? SwapLines(string source)
    {
        string[] lines = source.Split('\n');
        if (lines.Length < 2)
        {
            return null;
        }

        int i = _random.Next(lines.Length);
        int j = _random.Next(2) == 0 ? Math.Min(i + 1, lines.Length - 1) : _random.Next(lines.Length);
        (lines[i], lines[j]) = (lines[j], lines[i]);
        return string.Join("\n", lines);
    }

    private string? DuplicateToken(string source) =>
        PickToken(Tokens(source)) is { } token ? Replace(source, new TextSpan(token.Span.End, 0), " " + token.Text) : null;

    private string? DeleteToken(string source) =>
        PickToken(Tokens(source)) is { } token ? Replace(source, token.Span, string.Empty) : null;

    private string? SwapTokens(string source)
    {
        List<SyntaxToken> tokens = Tokens(source);
        if (tokens.Count < 2)
        {
            return null;
        }

        int i = _random.Next(tokens.Count - 1);
        int j = _random.Next(2) == 0 ? i + 1 : _random.Next(i + 1, tokens.Count);
        SyntaxToken first = tokens[i];
        SyntaxToken second = tokens[j];

        // The later span first, so the earlier one has not moved.
        string swapped = Replace(source, second.Span, first.Text);
        return Replace(swapped, first.Span, second.Text);
    }

    private string? InsertToken(string source) =>
        PickToken(Tokens(source)) is { } token ? Replace(source, new TextSpan(token.Span.Start, 0), Pick(Inserts) + " ") : null;

    private string? ChangeNumber(string source) => ChangeToken(source, t => t.IsKind(SyntaxKind.NumericLiteralToken), Numbers, negate: true);

    private string? ChangeString(string source) => ChangeToken(source, t => t.IsKind(SyntaxKind.StringLiteralToken), Strings, negate: false);

    private string? ChangeKeywordLiteral(string source) =>
        ChangeToken(source, t => t.IsKind(SyntaxKind.TrueKeyword) || t.IsKind(SyntaxKind.FalseKeyword) || t.IsKind(SyntaxKind.NullKeyword), Keywords, negate: false);

    private string? ChangeToken(string source, Func<SyntaxToken, bool> filter, string[] replacements, bool negate)
    {
        if (PickToken(Tokens(source).Where(filter).ToList()) is not { } token)
        {
            return null;
        }

        string replacement = negate && _random.Next(4) == 0 ? "-" + token.Text : Pick(replacements)!;
        return Replace(source, token.Span, replacement);
    }

    // nameof(X) and the string naming a condition's parent, pointed at an unknown name, another member or the type.
    private string? RetargetNameof(string source)
    {
        SyntaxNode root = Parse(source);
        var targets = root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is IdentifierNameSyntax { Identifier.Text: "nameof" } && i.ArgumentList.Arguments.Count == 1)
            .Select(i => i.ArgumentList.Arguments[0].Expression.Span)
            .Concat(root.DescendantNodes().OfType<AttributeSyntax>()
                .Where(a => a.Name.ToString().Contains("ActiveWhen", StringComparison.Ordinal) && a.ArgumentList?.Arguments.Count > 0)
                .Select(a => a.ArgumentList!.Arguments[0].Expression)
                .Where(e => e.IsKind(SyntaxKind.StringLiteralExpression))
                .Select(e => e.Span))
            .ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        TextSpan span = targets[_random.Next(targets.Count)];
        bool isString = source[span.Start] == '"';
        var names = MemberNames(root).Concat(TypeNames(root)).Append("Unknown").Append("ToString").ToList();
        string name = Pick(names)!;
        return Replace(source, span, isString ? "\"" + name + "\"" : name);
    }

    private string? DuplicateAttribute(string source) =>
        Pick(Parse(source).DescendantNodes().OfType<AttributeSyntax>().ToList()) is { } attribute
            ? Replace(source, new TextSpan(attribute.Span.End, 0), ", " + attribute)
            : null;

    private string? DuplicateAttributeList(string source) =>
        Pick(Parse(source).DescendantNodes().OfType<AttributeListSyntax>().ToList()) is { } list
            ? Replace(source, new TextSpan(list.Span.End, 0), " " + list)
            : null;

    private string? CopyAttributeList(string source)
    {
        SyntaxNode root = Parse(source);
        AttributeListSyntax? list = Pick(root.DescendantNodes().OfType<AttributeListSyntax>().ToList());
        MemberDeclarationSyntax? member = Pick(root.DescendantNodes().OfType<MemberDeclarationSyntax>().Where(m => m is not BaseNamespaceDeclarationSyntax).ToList());
        if (list is null || member is null || member.AttributeLists.Contains(list))
        {
            return null;
        }

        var insert = (new TextSpan(member.SpanStart, 0), list + " ");

        // Half the time it moves rather than copies: the original place loses it.
        return _random.Next(2) == 0 ? Apply(source, insert) : Apply(source, insert, (list.Span, string.Empty));
    }

    private string? DeleteArgument(string source)
    {
        SyntaxNode root = Parse(source);
        if (Pick(root.DescendantNodes().OfType<AttributeArgumentListSyntax>().Where(l => l.Arguments.Count > 0).ToList()) is not { } list)
        {
            return null;
        }

        int i = _random.Next(list.Arguments.Count);
        TextSpan span = i < list.Arguments.SeparatorCount
            ? TextSpan.FromBounds(list.Arguments[i].SpanStart, list.Arguments.GetSeparator(i).Span.End)
            : list.Arguments[i].Span;
        return Replace(source, span, string.Empty);
    }

    private string? DuplicateProperty(string source) =>
        Pick(Parse(source).DescendantNodes().OfType<PropertyDeclarationSyntax>().ToList()) is { } property
            ? Replace(source, new TextSpan(property.Span.End, 0), " " + property)
            : null;

    private string? RenamePropertyToCollide(string source)
    {
        List<PropertyDeclarationSyntax> properties = Parse(source).DescendantNodes().OfType<PropertyDeclarationSyntax>().ToList();
        if (properties.Count < 2)
        {
            return null;
        }

        PropertyDeclarationSyntax renamed = properties[_random.Next(properties.Count)];
        PropertyDeclarationSyntax other = properties[_random.Next(properties.Count)];
        return Replace(source, renamed.Identifier.Span, other.Identifier.Text);
    }

    private string? DuplicateType(string source) =>
        Pick(Parse(source).DescendantNodes().OfType<BaseTypeDeclarationSyntax>().ToList()) is { } type
            ? Replace(source, new TextSpan(type.Span.End, 0), "\n" + type)
            : null;

    private static SyntaxNode Parse(string source) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot();

    private static List<SyntaxToken> Tokens(string source) =>
        Parse(source).DescendantTokens().Where(t => t.Span.Length > 0).ToList();

    private static IEnumerable<string> MemberNames(SyntaxNode root) =>
        root.DescendantNodes().OfType<PropertyDeclarationSyntax>().Select(p => p.Identifier.Text);

    private static IEnumerable<string> TypeNames(SyntaxNode root) =>
        root.DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text);

    private static string Replace(string source, TextSpan span, string text) =>
        source.Substring(0, span.Start) + text + source.Substring(span.End);

    // Edits given against the original text, applied from the last so the earlier spans have not moved.
    private static string Apply(string source, params (TextSpan Span, string Text)[] edits) =>
        edits.OrderByDescending(e => e.Span.Start).Aggregate(source, (text, edit) => Replace(text, edit.Span, edit.Text));

    private SyntaxToken? PickToken(IReadOnlyList<SyntaxToken> tokens) => tokens.Count == 0 ? null : tokens[_random.Next(tokens.Count)];

    private T? Pick<T>(IReadOnlyList<T> items)
        where T : class => items.Count == 0 ? null : items[_random.Next(items.Count)];
}
