namespace AttrTune.Samplers;

/// <summary>Which algorithm the <see cref="AutoSampler"/> runs on a space (<see cref="AutoSampler.Route"/>).</summary>
public enum AutoSamplerRoute
{
    /// <summary>No proposal was asked for yet, so no space was seen.</summary>
    NotChosen,

    /// <summary>Multivariate TPE with a constant liar: spaces without conditions where most parameters are choices.</summary>
    MultivariateTpe,

    /// <summary>CMA-ES whose every proposal is the best of several draws by a Gaussian process: every other space.</summary>
    SurrogateScreenedCmaEs,

    /// <summary>Plain CMA-ES: spaces too large for the Gaussian process to screen cheaply (<see cref="AutoSamplerOptions.MaxSurrogateParameters"/>).</summary>
    CmaEs,

    /// <summary>
    /// Conditional spaces: TPE that decides the branch-switching choices first, by a bandit that gives every branch
    /// trials before exploiting one, and models each branch on its own trials (<see cref="TpeOptions.Branching"/>);
    /// on spaces of few leaves, for the first 200 trials, with a Gaussian process per leaf that chooses the leaf and
    /// proposes every other trial in it (<see cref="TpeOptions.LeafGaussianProcessTrials"/>).
    /// </summary>
    BranchingTpe,
}
