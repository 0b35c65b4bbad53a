using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>Uniform crossover: each gene from either parent with equal probability.</summary>
public sealed record UniformCrossover : ICrossover
{
    /// <inheritdoc />
    public double[] Cross(double[] first, double[] second, GeneLayout layout, RandomSource random)
    {
        var child = new double[first.Length];
        for (int k = 0; k < child.Length; k++)
        {
            child[k] = random.NextDouble() < 0.5 ? first[k] : second[k];
        }

        return child;
    }
}
