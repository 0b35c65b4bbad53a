namespace AttrTune.Samplers;

/// <summary>Settings of <see cref="CmaEsSampler"/>.</summary>
public sealed record CmaEsOptions
{
    /// <summary>Quasi-random trials before the first generation; the search then starts from the best of them.</summary>
    public int StartupTrials { get; init; }

    /// <summary>Initial step size on the unit cube (Optuna's default: a sixth of the range).</summary>
    public double InitialSigma { get; init; } = 1.0 / 6.0;

    /// <summary>Population size of the first run; by default 4 + ⌊3 ln n⌋.</summary>
    public int? PopulationSize { get; init; }

    /// <summary>
    /// Restart with a doubled population (IPOP-CMA-ES, Auger and Hansen 2005) when a run stagnates, from a fresh random
    /// mean: escapes the local optima one run converges to.
    /// </summary>
    public bool RestartWithLargerPopulation { get; init; } = true;

    /// <summary>
    /// With a value above 1, each proposal is pre-screened: this many points are drawn from the search distribution
    /// and a Gaussian process of the recent trials keeps the one with the lowest predicted value (surrogate-assisted
    /// CMA-ES). The distribution already explores, so the model only ranks; ranking by expected improvement instead
    /// was measured worse on Ackley (docs/benchmarks.md). It costs a GP fit per trial on at most 300 recent trials
    /// and roughly halves the trials CMA-ES needs on the benchmark problems; 1 turns it off.
    /// </summary>
    public int SurrogateCandidates { get; init; } = 1;

    /// <summary>
    /// The shortest step offered to the pre-screening, as a fraction of the current step size σ: each drawn point's
    /// step is scaled by a factor log-uniform in [this, 1], so the surrogate chooses the step length as well as the
    /// direction. CMA-ES's own step-size control shrinks σ by at most about a fifth per generation, too slowly for a
    /// budget of a few dozen trials; when the model sees the better points closer to the mean it now picks short
    /// steps, and the step-size control, seeing short steps, shrinks σ in turn. Steps are only ever shortened, which
    /// keeps the injected points safe for the covariance update. 1 draws every point at σ (plain pre-screening).
    /// Only used when <see cref="SurrogateCandidates"/> is above 1.
    /// </summary>
    public double SurrogateShortestStep { get; init; } = 0.25;
}
