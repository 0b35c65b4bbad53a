using System.Collections.Generic;
using System.Linq;

namespace AttrTune.Scheduling;

/// <summary>The outcome of a population-based training run.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class PbtResult<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    internal PbtResult(IReadOnlyList<TrialResult<TConfig>> members, IReadOnlyDictionary<int, IReadOnlyList<PbtScheduleEntry<TConfig>>> schedules, IReadOnlyList<PbtExploit> exploits, int best)
    {
        Members = members;
        Schedules = schedules;
        Exploits = exploits;
        Best = members.Single(m => m.Number == best);
    }

    /// <summary>The members' trials, finished.</summary>
    public IReadOnlyList<TrialResult<TConfig>> Members { get; }

    /// <summary>Every exploitation, in order.</summary>
    public IReadOnlyList<PbtExploit> Exploits { get; }

    /// <summary>
    /// Each member's hyperparameter schedule, by trial number: the lineage of its final weights (a member that
    /// copied another's weights inherits that member's schedule up to the copy).
    /// </summary>
    public IReadOnlyDictionary<int, IReadOnlyList<PbtScheduleEntry<TConfig>>> Schedules { get; }

    /// <summary>The member with the best final metric.</summary>
    public TrialResult<TConfig> Best { get; }

    /// <summary>The best member's schedule.</summary>
    public IReadOnlyList<PbtScheduleEntry<TConfig>> BestSchedule => Schedules[Best.Number];
}
