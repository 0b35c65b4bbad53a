using System;
using System.Collections.Generic;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

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

    /// <summary>
    /// Whether a sampler may propose a configuration the study already holds (complete, running or waiting). False by
    /// default: on a deterministic objective a repeat spends a trial on a known answer, so samplers draw again. Set for
    /// noisy objectives (<c>StudyOptions.NoisyObjective</c>), where evaluating a good configuration again is
    /// information.
    /// </summary>
    public bool AllowRepeats { get; init; }

    /// <summary>
    /// The study's objectives and constraints when its objective returns a metrics type (complete trials then carry
    /// <see cref="FrozenTrial.Values"/> and <see cref="FrozenTrial.ConstraintValues"/>); null for a study with one value per
    /// trial. Samplers that read it implement <see cref="IMultiObjectiveSampler"/>.
    /// </summary>
    public MultiObjective.MetricsDescriptor? Metrics { get; init; }

    /// <summary>A snapshot of the study's trials (all states), in number order; the same snapshot for the whole call.</summary>
    public IReadOnlyList<FrozenTrial> Trials => _snapshot ??= _trials();
}
