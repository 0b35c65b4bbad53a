using System;
using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>
/// What the analyzer needs to judge a tuned property's initial value (its constant initializer, or the type's default
/// when it has none) against the parameter's values, read by the parser from the same attribute it generates from.
/// Holds symbols, so it is for the analyzer only and never enters the generator's pipeline.
/// </summary>
internal sealed class InitialValueRule
{
    public InitialValueRule(IPropertySymbol property, Func<object?, string?> explain, Func<object?, string> display, Func<object?, string> code, object? firstValue, bool hasDefault, object? defaultValue, Func<object?, object?, bool> same)
    {
        Property = property;
        Explain = explain;
        Display = display;
        Code = code;
        FirstValue = firstValue;
        HasDefault = hasDefault;
        DefaultValue = defaultValue;
        Same = same;
    }

    public IPropertySymbol Property { get; }

    /// <summary>Null when the value is one of the parameter's values; otherwise why not ("outside [1, 5]").</summary>
    public Func<object?, string?> Explain { get; }

    /// <summary>A value as a message shows it (culture-invariant, as written in source).</summary>
    public Func<object?, string> Display { get; }

    /// <summary>A value as C# code assigning it to the property (a code fix pastes it).</summary>
    public Func<object?, string> Code { get; }

    /// <summary>The first of the parameter's values: the low bound, or the first choice.</summary>
    public object? FirstValue { get; }

    public bool HasDefault { get; }

    public object? DefaultValue { get; }

    /// <summary>Whether two constants are the same value of the parameter.</summary>
    public Func<object?, object?, bool> Same { get; }
}
