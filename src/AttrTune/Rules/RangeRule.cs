// This file is compiled into both the runtime (AttrTune) and the source generator (AttrTune.SourceGeneration),
// so a range the analyzers accept is exactly a range the runtime accepts. Keep it netstandard2.0-compatible.
namespace AttrTune.Rules;

/// <summary>Which range rule was broken; the analyzers map each to its own diagnostic.</summary>
internal enum RangeRule
{
    NotFinite,
    Reversed,
    NonPositiveLog,
    InvalidStep,
    StepDoesNotDivide,
    OutsideExactRange,
}
