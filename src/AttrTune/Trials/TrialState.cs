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

/// <summary>Whether smaller or larger objective values are better.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better (losses, errors).</summary>
    Minimize = 0,

    /// <summary>Larger is better (accuracy, AUC).</summary>
    Maximize = 1,
}

/// <summary>Helpers on <see cref="TrialState"/> and <see cref="StudyDirection"/>.</summary>
public static class TrialStateExtensions
{
    /// <summary>Whether the trial can no longer change.</summary>
    public static bool IsFinished(this TrialState state) => state is TrialState.Complete or TrialState.Pruned or TrialState.Failed;

    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this StudyDirection direction, double candidate, double incumbent) =>
        direction == StudyDirection.Minimize ? candidate < incumbent : candidate > incumbent;
}
