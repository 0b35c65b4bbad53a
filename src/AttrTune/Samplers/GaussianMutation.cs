using System;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// Per-gene mutation with probability <see cref="Probability"/> (by default 1 / genes): coordinates move by a normal
/// step of <see cref="Scale"/> (reflected into the cube), choices are redrawn uniformly.
/// </summary>
/// <param name="Scale">The standard deviation of a coordinate's step on the unit cube.</param>
/// <param name="Probability">The per-gene mutation probability; null for 1 / genes.</param>
public sealed record GaussianMutation(double Scale = 0.1, double? Probability = null) : IMutation
{
    /// <inheritdoc />
    public void Mutate(double[] genes, GeneLayout layout, RandomSource random)
    {
        double probability = Probability ?? 1.0 / Math.Max(1, genes.Length);
        for (int k = 0; k < genes.Length; k++)
        {
            if (random.NextDouble() >= probability)
            {
                continue;
            }

            if (layout.IsChoice[k])
            {
                genes[k] = random.NextInt32(layout.ChoiceCounts[k]);
                continue;
            }

            double moved = genes[k] + Scale * random.NextGaussian();
            moved = moved < 0 ? -moved : moved > 1 ? 2 - moved : moved;
            genes[k] = Math.Clamp(moved, 0, 1);
        }
    }
}
