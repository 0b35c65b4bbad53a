namespace AttrTune.SourceGeneration.Model;

/// <summary>A type the search space is nested in.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name);
