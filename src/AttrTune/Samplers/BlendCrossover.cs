using System;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// Blend crossover (BLX-α, Eshelman and Schaffer 1993) on coordinates: each gene uniform on the parents' interval
/// widened by α on both sides; choices are taken from either parent.
/// </summary>
/// <param name="Alpha">How far beyond the parents' interval children may land, as a fraction of its width.</param>
public sealed record BlendCrossover(double Alpha = 0.5) : CoordinateCrossover
{
    /// <inheritdoc />
    protected override double CrossCoordinate(double first, double second, RandomSource random)
    {
        double low = Math.Min(first, second);
        double width = Math.Max(first, second) - low;
        return low - Alpha * width + random.NextDouble() * (1 + 2 * Alpha) * width;
    }
}
