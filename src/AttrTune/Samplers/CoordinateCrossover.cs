using System;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>Crossovers that treat each coordinate gene by a rule of their own and take choices from either parent.</summary>
public abstract record CoordinateCrossover : ICrossover
{
    /// <inheritdoc />
    public double[] Cross(double[] first, double[] second, GeneLayout layout, RandomSource random)
    {
        var child = new double[first.Length];
        for (int k = 0; k < child.Length; k++)
        {
            child[k] = layout.IsChoice[k]
                ? (random.NextDouble() < 0.5 ? first[k] : second[k])
                : Math.Clamp(CrossCoordinate(first[k], second[k], random), 0, 1);
        }

        return child;
    }

    /// <summary>A child coordinate from the parents' coordinates (clamped to [0, 1] by the caller).</summary>
    protected abstract double CrossCoordinate(double first, double second, RandomSource random);
}
