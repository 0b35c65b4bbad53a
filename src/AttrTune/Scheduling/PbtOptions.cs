using System;
using System.Collections.Generic;
using System.Linq;

namespace AttrTune.Scheduling;

/// <summary>Settings of <see cref="PopulationBasedTraining{TConfig}"/>.</summary>
public sealed record PbtOptions
{
    /// <summary>How many members train side by side.</summary>
    public int PopulationSize { get; init; } = 8;

    /// <summary>Training steps of every member.</summary>
    public int TotalSteps { get; init; } = 20;

    /// <summary>Exploit and explore every this many steps.</summary>
    public int Interval { get; init; } = 4;

    /// <summary>The metric (a key of <see cref="ITrainable{TConfig}.Step"/>'s result) the study's direction applies to.</summary>
    public string Metric { get; init; } = "accuracy";

    /// <summary>The bottom fraction that copies the top fraction at each interval.</summary>
    public double Quantile { get; init; } = 0.25;

    /// <summary>The chance that a mutable choice is drawn anew when explored.</summary>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>Mutable numbers are multiplied by one of these when explored (then kept in bounds and on step).</summary>
    public IReadOnlyList<double> PerturbationFactors { get; init; } = new[] { 0.8, 1.2 };

    /// <summary>How many members train at once.</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Seed of exploitation and exploration.</summary>
    public ulong Seed { get; init; } = 1;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(PopulationSize, 2, nameof(PopulationSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalSteps, 1, nameof(TotalSteps));
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, 1, nameof(Interval));
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        if (Quantile is <= 0 or > 0.5 || double.IsNaN(Quantile))
        {
            throw new ArgumentOutOfRangeException(nameof(Quantile), Quantile, "Quantile must be in (0, 0.5].");
        }

        if (ResampleProbability is < 0 or > 1 || double.IsNaN(ResampleProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(ResampleProbability), ResampleProbability, "ResampleProbability must be in [0, 1].");
        }

        if (PerturbationFactors.Count == 0 || PerturbationFactors.Any(f => !(f > 0) || !double.IsFinite(f)))
        {
            throw new ArgumentOutOfRangeException(nameof(PerturbationFactors), "PerturbationFactors needs at least one positive, finite factor.");
        }
    }
}
