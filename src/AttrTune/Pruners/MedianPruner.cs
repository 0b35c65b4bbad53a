namespace AttrTune.Pruners;

/// <summary>Stops a trial whose best value so far is worse than the median of the completed trials at the same step.</summary>
public sealed class MedianPruner : PercentilePruner
{
    /// <summary>Creates the pruner (see <see cref="PercentilePruner"/> for the arguments).</summary>
    public MedianPruner(int startupTrials = 5, long warmupSteps = 0, long intervalSteps = 1, int minimumTrials = 1)
        : base(50, startupTrials, warmupSteps, intervalSteps, minimumTrials)
    {
    }
}
