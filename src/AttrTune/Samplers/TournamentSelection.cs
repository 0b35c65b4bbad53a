using System.Collections.Generic;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>Tournament selection: the best of <see cref="Size"/> members drawn at random.</summary>
/// <param name="Size">The tournament size; larger means more selection pressure.</param>
public sealed record TournamentSelection(int Size = 2) : ISelection
{
    /// <inheritdoc />
    public Individual Select(IReadOnlyList<Individual> population, RandomSource random)
    {
        Individual best = population[random.NextInt32(population.Count)];
        for (int i = 1; i < Size; i++)
        {
            Individual other = population[random.NextInt32(population.Count)];
            if (other.Score < best.Score)
            {
                best = other;
            }
        }

        return best;
    }
}
