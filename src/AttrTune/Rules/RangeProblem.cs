// This file is compiled into both the runtime (AttrTune) and the source generator (AttrTune.SourceGeneration),
// so a range the analyzers accept is exactly a range the runtime accepts. Keep it netstandard2.0-compatible.
namespace AttrTune.Rules;

/// <summary>A broken range rule and the message that names the values.</summary>
internal sealed class RangeProblem
{
    public RangeProblem(RangeRule rule, string message)
    {
        Rule = rule;
        Message = message;
    }

    public RangeRule Rule { get; }

    public string Message { get; }
}
