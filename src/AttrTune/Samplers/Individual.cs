namespace AttrTune.Samplers;

/// <summary>One member of a genetic population: its genes and its value (smaller is better, whatever the direction).</summary>
/// <param name="Genes">Choice indices and unit-cube coordinates.</param>
/// <param name="Score">The objective value, negated for maximisation.</param>
public sealed record Individual(double[] Genes, double Score);
