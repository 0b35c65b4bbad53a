namespace AttrTune.Pruners;

/// <summary>
/// Decides whether a running trial should stop early, from its intermediate values and the other trials'.
/// Objectives ask through <see cref="Trial.ShouldPrune"/> after each <see cref="Trial.Report"/> and stop by
/// throwing <see cref="TrialPrunedException"/>; the trial is recorded as pruned with its last value.
/// </summary>
/// <remarks>
/// Pruners in this library are stateless: every decision is derived from the stored trials, so it is the same in
/// every process sharing a study and after a resume. They are thread-safe.
/// </remarks>
public interface IPruner
{
    /// <summary>Whether the trial should stop now.</summary>
    bool ShouldPrune(PrunerContext context);
}
