namespace AttrTune.Samplers;

/// <summary>Settings of <see cref="GpSampler"/>.</summary>
public sealed record GpOptions
{
    /// <summary>Quasi-random (Sobol) trials before the model is used; by default clamp(d + 1, 5, 20) for d parameters.</summary>
    public int? StartupTrials { get; init; }

    /// <summary>Random candidates scored by the acquisition function before the best few are refined by gradient.</summary>
    public int Candidates { get; init; } = 1024;

    /// <summary>How many of the best candidates are refined with L-BFGS-B and discrete local search.</summary>
    public int LocalSearches { get; init; } = 4;

    /// <summary>
    /// Above this many observations the kernel hyperparameters are fitted on a subset (the best half and a seeded
    /// random sample of the rest), and refitted only every n / 25 trials: the fit is O(n³) per likelihood evaluation,
    /// and on hundreds of points it barely moves.
    /// </summary>
    public int HyperparameterFitLimit { get; init; } = 150;

    /// <summary>Warp outputs with a shifted logarithm before standardising when their distribution is heavy-tailed.</summary>
    public bool WarpOutputs { get; init; } = true;

    /// <summary>
    /// Treat running trials as already observed at the model's predicted mean (the "kriging believer"), so parallel
    /// workers propose different points: the uncertainty at a running point collapses and the acquisition looks elsewhere.
    /// </summary>
    public bool ConstantLiar { get; init; } = true;

    /// <summary>Inputs whose fitted lengthscale (in unit-cube terms) is above this are drawn at random; null keeps the acquisition's value.</summary>
    internal double? WeakInputLengthscale { get; init; }
}
