namespace AttrTune;

/// <summary>Helpers on <see cref="TrialState"/> and <see cref="StudyDirection"/>.</summary>
public static class TrialStateExtensions
{
    /// <summary>Whether the trial can no longer change.</summary>
    public static bool IsFinished(this TrialState state) => state is TrialState.Complete or TrialState.Pruned or TrialState.Failed;

    /// <summary>Whether <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public static bool IsBetter(this StudyDirection direction, double candidate, double incumbent) =>
        direction == StudyDirection.Minimize ? candidate < incumbent : candidate > incumbent;
}
