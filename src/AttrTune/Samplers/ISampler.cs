namespace AttrTune.Samplers;

/// <summary>
/// Chooses the parameters of new trials. Sampling is joint: one call proposes a whole point of the space, with
/// the conditional structure known from the descriptor (Bayesian and evolutionary samplers model it instead of
/// sampling conditional parameters independently).
/// </summary>
/// <remarks>
/// The contract, checked by the abstract contract suite every sampler inherits: every proposal is a valid point of
/// the space (bounds, steps, choices, inactive parameters absent); the same seed gives the same proposals for the
/// same sequence of calls; the engine calls <see cref="Sample"/>, <see cref="OnTrialStarted"/> and
/// <see cref="OnTrialFinished"/> under one lock, so implementations need not be thread-safe themselves.
/// </remarks>
public interface ISampler
{
    /// <summary>The next point to evaluate, or null when the sampler has nothing left (an exhausted grid).</summary>
    SampleProposal? Sample(SamplerContext context);

    /// <summary>
    /// Called when a trial starts running (sampled, or an enqueued one claimed), before its objective runs; samplers
    /// that keep state per running trial (constant liars for parallel Bayesian optimisation) record it here.
    /// </summary>
    void OnTrialStarted(SamplerContext context, FrozenTrial trial)
    {
    }

    /// <summary>Called after a trial finishes (complete, pruned or failed), before the next <see cref="Sample"/>.</summary>
    void OnTrialFinished(SamplerContext context, FrozenTrial trial)
    {
    }
}
