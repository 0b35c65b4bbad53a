using System;
using System.Collections.Generic;

namespace AttrTune.Pruners;

/// <summary>What a pruner sees: the running trial with its reports so far, the study's trials and the direction.</summary>
public sealed class PrunerContext
{
    private readonly Func<IReadOnlyList<FrozenTrial>> _trials;
    private IReadOnlyList<FrozenTrial>? _snapshot;

    /// <summary>Creates a context; <paramref name="trials"/> is read once, and only if the pruner asks.</summary>
    public PrunerContext(FrozenTrial trial, StudyDirection direction, Func<IReadOnlyList<FrozenTrial>> trials)
    {
        Trial = trial;
        Direction = direction;
        _trials = trials;
    }

    /// <summary>The trial being decided, with its intermediate values.</summary>
    public FrozenTrial Trial { get; }

    /// <summary>Whether smaller or larger values are better.</summary>
    public StudyDirection Direction { get; }

    /// <summary>A snapshot of the study's trials (all states, the current one included).</summary>
    public IReadOnlyList<FrozenTrial> Trials => _snapshot ??= _trials();
}
