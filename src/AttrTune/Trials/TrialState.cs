namespace AttrTune;

/// <summary>The life cycle of a trial. Only <see cref="Waiting"/> and <see cref="Running"/> trials can change.</summary>
public enum TrialState
{
    /// <summary>Enqueued with known parameters, not yet started.</summary>
    Waiting = 0,

    /// <summary>Being evaluated by a worker.</summary>
    Running = 1,

    /// <summary>Finished with a finite objective value.</summary>
    Complete = 2,

    /// <summary>Stopped early by a pruner; its last reported value is kept.</summary>
    Pruned = 3,

    /// <summary>The objective threw, returned a non-finite value, was cancelled, or its worker died.</summary>
    Failed = 4,
}
