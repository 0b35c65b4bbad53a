namespace AttrTune.Samplers;

/// <summary>Settings of <see cref="AutoSampler"/>; the defaults are the ones measured in docs/benchmarks.md.</summary>
public sealed record AutoSamplerOptions
{
    /// <summary>
    /// Draws the GP pre-screens per CMA-ES proposal (see <see cref="CmaEsOptions.SurrogateCandidates"/>). 100 was
    /// measured against 10, 30, 300 and 1,000: more draws help hartmann6 at 50 trials a little and cost more per trial.
    /// </summary>
    public int SurrogateCandidates { get; init; } = 100;

    /// <summary>
    /// Above this many parameters the auto sampler runs CMA-ES without the Gaussian-process screening
    /// (<see cref="AutoSamplerRoute.CmaEs"/>): the GP's fit grows with the cube of the trials it keeps and linearly
    /// with the dimension, and at 300 parameters it cost 1.4 s per trial (docs/benchmarks.md), while with that many
    /// parameters and a few hundred trials its model is too thin to pick between draws anyway.
    /// </summary>
    public int MaxSurrogateParameters { get; init; } = 64;
}
