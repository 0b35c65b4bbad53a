using System;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// Simulated binary crossover (SBX, Deb and Agrawal 1995) on coordinates: children spread around the parents with a
/// polynomial distribution whose concentration is <see cref="Eta"/>; choices come from either parent.
/// </summary>
/// <param name="Eta">Larger values keep children closer to their parents.</param>
public sealed record SimulatedBinaryCrossover(double Eta = 15) : CoordinateCrossover
{
    /// <inheritdoc />
    protected override double CrossCoordinate(double first, double second, RandomSource random)
    {
        double u = random.NextDouble();
        double beta = u <= 0.5 ? Math.Pow(2 * u, 1 / (Eta + 1)) : Math.Pow(1 / (2 * (1 - u)), 1 / (Eta + 1));
        double sign = random.NextDouble() < 0.5 ? 1 : -1;
        return 0.5 * (first + second) + sign * 0.5 * beta * Math.Abs(first - second);
    }
}
