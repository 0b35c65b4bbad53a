using System;
using System.Collections.Generic;

namespace AttrTune;

/// <summary>A finished or running trial with its configuration as the user's type.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class TrialResult<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly SearchSpaces.SpaceProjection? _projection;
    private TConfig? _config;

    internal TrialResult(FrozenTrial frozen, SearchSpaces.SpaceProjection? projection = null)
    {
        Frozen = frozen;
        _projection = projection;
    }

    /// <summary>The stored trial.</summary>
    public FrozenTrial Frozen { get; }

    /// <summary>The trial's number.</summary>
    public int Number => Frozen.Number;

    /// <summary>The trial's state.</summary>
    public TrialState State => Frozen.State;

    /// <summary>The objective value (complete), or the last reported value (pruned).</summary>
    public double? Value => Frozen.Value;

    /// <summary>
    /// The configuration that was evaluated, typed. For a trial of an earlier space of the study (its
    /// <see cref="FrozenTrial.SpaceVersion"/> is not the current one), the configuration in the current space: parameters
    /// the earlier space did not have take their defaults.
    /// </summary>
    /// <exception cref="InvalidOperationException">The trial comes from an earlier space and one of its values does not fit the current one.</exception>
    public TConfig Config => _config ??=
        _projection is null || Frozen.SpaceVersion == _projection.CurrentVersion
            ? TConfig.FromParameters(Frozen.ToParameterSet(TConfig.Descriptor))
            : TConfig.FromValues(_projection.ValuesOf(Frozen, TrialDispatcher<TConfig>.DefaultValues));

    /// <summary>Wall time of the trial.</summary>
    public TimeSpan? Duration => Frozen.Duration;

    /// <summary>Why the trial failed, if it did.</summary>
    public string? FailReason => Frozen.FailReason;

    /// <summary>User attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes => Frozen.UserAttributes;

    /// <summary>Intermediate values by step.</summary>
    public IReadOnlyDictionary<long, double> IntermediateValues => Frozen.IntermediateValues;

    /// <inheritdoc />
    public override string ToString() => $"trial {Number} {State} value={Value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {Frozen.ToParameterSet(TConfig.Descriptor)}";
}
