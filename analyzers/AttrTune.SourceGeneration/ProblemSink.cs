using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>
/// Receives a problem found while reading a search space; the analyzers turn each into a diagnostic. The arguments
/// fill the descriptor's message format, already formatted (culture-invariant).
/// </summary>
internal delegate void ProblemSink(DiagnosticDescriptor descriptor, Location? location, string[] messageArgs);
