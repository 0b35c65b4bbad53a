using System.Collections.Generic;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// The algorithm of a multi-objective sampler without the engine around it: given the space and the finished trials,
/// the next point. Stateless between calls (everything is recomputed from <c>observations</c>), so a study resumed
/// from storage, or shared by workers, proposes as if it had never stopped; the randomness comes from the caller.
/// </summary>
internal interface IMultiObjectiveCore
{
    /// <summary>
    /// The next point of <paramref name="space"/> given <paramref name="observations"/> (the finished trials in the order
    /// they were created; observations with a non-finite objective are ignored).
    /// </summary>
    ParameterSet Propose(SearchSpaceDescriptor space, IReadOnlyList<MultiObjectiveObservation> observations, RandomSource random);
}
