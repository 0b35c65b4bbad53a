using System;
using System.Linq;

namespace AttrTune.Samplers;

/// <summary>Settings of <see cref="AutoSampler"/>; the defaults are the ones measured in docs/benchmarks.md.</summary>
public sealed record AutoSamplerOptions
{
    /// <summary>
    /// Draws the GP pre-screens per CMA-ES proposal (see <see cref="CmaEsOptions.SurrogateCandidates"/>). 100 was
    /// measured against 10, 30, 300 and 1,000: more draws help hartmann6 at 50 trials a little and cost more per trial.
    /// </summary>
    public int SurrogateCandidates { get; init; } = 100;
}
