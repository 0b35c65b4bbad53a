using System;
using AttrTune.Randomness;
using AttrTune.Samplers;

namespace AttrTune.MultiObjective;

/// <summary>
/// Deb's bounded polynomial mutation (Deb and Goyal 1996, the form of NSGA-II's reference code) on unit-cube genes:
/// each coordinate moves with probability <see cref="Probability"/> (by default 1 / genes) by a step drawn from a
/// polynomial distribution of concentration <see cref="Eta"/> that shrinks towards the bound it approaches, so a child
/// never leaves [0, 1] and the bounds stay reachable. Choices are redrawn uniformly with the same probability.
/// </summary>
/// <param name="Eta">Larger values give smaller steps (20 is the usual NSGA-II setting).</param>
/// <param name="Probability">The per-gene probability; null for 1 / genes.</param>
internal sealed record PolynomialMutation(double Eta = 20, double? Probability = null) : IMutation
{
    public void Mutate(double[] genes, GeneLayout layout, RandomSource random)
    {
        double probability = Probability ?? 1.0 / Math.Max(1, genes.Length);
        double power = 1.0 / (Eta + 1);
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

            double x = Math.Clamp(genes[k], 0, 1);
            double u = random.NextDouble();
            double step;
            if (u < 0.5)
            {
                // Towards 0: the distance to the lower bound, x, bounds the step.
                double value = 2 * u + (1 - 2 * u) * Math.Pow(1 - x, Eta + 1);
                step = Math.Pow(value, power) - 1;
            }
            else
            {
                double value = 2 * (1 - u) + 2 * (u - 0.5) * Math.Pow(x, Eta + 1);
                step = 1 - Math.Pow(value, power);
            }

            genes[k] = Math.Clamp(x + step, 0, 1);
        }
    }
}
