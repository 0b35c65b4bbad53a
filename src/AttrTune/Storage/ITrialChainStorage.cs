using System;

namespace AttrTune.Storage;

/// <summary>
/// A backend that can finish a worker's trial and start its next one in one atomic step, so a worker that goes straight
/// on to another trial pays one round trip and one durable commit per trial instead of two. The optimize loop uses it
/// when the backend offers it; <see cref="IStudyStorage"/>'s own calls stay the contract every backend keeps.
/// </summary>
internal interface ITrialChainStorage
{
    /// <summary>
    /// Completes the running trial <paramref name="trialId"/> with <paramref name="value"/> (and <paramref name="metrics"/>)
    /// and, in the same commit, creates <paramref name="next"/> as the study's next trial. The finish is kept whatever
    /// becomes of the creation. <c>Next</c> is null, and nothing is created, when the study has waiting trials (the
    /// worker claims those first), when the next trial's claim key is taken, or when the study is gone.
    /// </summary>
    /// <exception cref="TrialStateException">The trial is not running; nothing is written.</exception>
    /// <param name="trialId">The running trial to complete.</param>
    /// <param name="value">Its value (the first objective's with <paramref name="metrics"/>).</param>
    /// <param name="metrics">Every objective's and constraint's value, for a study with a metrics type.</param>
    /// <param name="studyId">The study of both trials.</param>
    /// <param name="next">The worker's next trial, running.</param>
    /// <param name="at">The finish's completion time and the next trial's start (the storage's clock, read by the caller),
    /// by which the caller finds the next trial if the reply is lost.</param>
    (FrozenTrial Finished, FrozenTrial? Next) CompleteAndCreateTrial(long trialId, double value, MetricValues? metrics, long studyId, NewTrial next, DateTimeOffset at);

    /// <summary>
    /// Whether this instance knows the study had no waiting trial at its last finish there: only then does a worker
    /// chain, since waiting trials are claimed before new ones are sampled. Answered without a round trip.
    /// </summary>
    bool KnowsNothingWaiting(long studyId);

    /// <summary>
    /// Puts a running trial that its worker created ahead but will not run (the study stopped in the meantime) back in
    /// the queue as waiting, with its parameters and claim key, so the next worker to ask runs it. A trial that is no
    /// longer running (another worker judged this one dead) is left as it is.
    /// </summary>
    void ReturnToQueue(long trialId);
}
