namespace AttrTune.SourceGeneration.Model;

/// <summary>How a parameter is represented.</summary>
internal enum ParameterKind
{
    Float,
    Int,
    Categorical,
    Nested,
}
