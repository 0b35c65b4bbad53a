using System;
using System.Collections.Generic;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// The default for studies with several objectives or with constraints, chosen by measurement (docs/benchmarks.md,
/// "Several objectives and constraints"): several objectives get multivariate MOTPE for the first
/// <see cref="SwitchAfter"/> trials and NSGA-II after, seeded by the whole history; a single constrained objective gets
/// univariate constrained TPE.
/// </summary>
internal sealed class AutoMultiObjectiveCore : IMultiObjectiveCore
{
    private readonly MotpeCore _motpe = new() { Multivariate = true };
    private readonly MotpeCore _constrainedTpe = new();
    private readonly NsgaIICore _nsga = new();

    /// <summary>Trials after which a study with several objectives moves from MOTPE to NSGA-II (null: never).</summary>
    public int? SwitchAfter { get; init; } = 300;

    /// <summary>The core that proposes the next point for this history.</summary>
    public IMultiObjectiveCore Choose(IReadOnlyList<MultiObjectiveObservation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        int objectives = observations.Count > 0 ? observations[0].Objectives.Length : 0;
        if (objectives == 1)
        {
            return _constrainedTpe;
        }

        return SwitchAfter is int trials && observations.Count >= trials ? _nsga : _motpe;
    }

    /// <inheritdoc />
    public ParameterSet Propose(SearchSpaceDescriptor space, IReadOnlyList<MultiObjectiveObservation> observations, RandomSource random) =>
        Choose(observations).Propose(space, observations, random);
}
