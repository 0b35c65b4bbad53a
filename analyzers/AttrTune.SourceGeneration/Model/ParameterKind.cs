namespace AttrTune.SourceGeneration.Model;

/// <summary>How a parameter is represented.</summary>
internal enum ParameterKind
{
    Float,
    Int,
    Categorical,
    Nested,

    /// <summary>A list of a nested space, one instance per value of a count parameter ([RepeatedBy]).</summary>
    Repeated,
}
