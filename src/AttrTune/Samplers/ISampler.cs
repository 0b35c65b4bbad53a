using System;
using System.Collections.Generic;

namespace AttrTune;

/// <summary>What a sampler sees when asked for the next trial: the space, the direction and the study so far.</summary>
public sealed class SamplerContext
{
    private readonly Func<IReadOnlyList<FrozenTrial>> _trials;
    private IReadOnlyList<FrozenTrial>? _snapshot;

    /// <summary>Creates a context; <paramref name="trials"/> is read once, and only if the sampler asks (random search never does).</summary>
    public SamplerContext(SearchSpaceDescriptor descriptor, StudyDirection direction, Func<IReadOnlyList<FrozenTrial>> trials)
    {
        Descriptor = descriptor;
        Direction = direction;
        _trials = trials;
    }

    /// <summary>The search space.</summary>
    public SearchSpaceDescriptor Descriptor { get; }

    /// <summary>Whether smaller or larger values are better.</summary>
    public StudyDirection Direction { get; }

    /// <summary>A snapshot of the study's trials (all states), in number order; the same snapshot for the whole call.</summary>
    public IReadOnlyList<FrozenTrial> Trials => _snapshot ??= _trials();
}

/// <summary>A sampler's answer: the parameters, and optionally a claim key that must be unique in the study.</summary>
/// <param name="Parameters">A point of the space.</param>
/// <param name="ClaimKey">If set, the engine stores the trial only if no other trial holds the key (grid points).</param>
public sealed record SampleProposal(ParameterSet Parameters, string? ClaimKey = null);

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
