using System;
using System.Collections.Generic;

namespace AttrTune;

/// <summary>A finished or running trial with its configuration as the user's type.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class TrialResult<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private TConfig? _config;

    internal TrialResult(FrozenTrial frozen) => Frozen = frozen;

    /// <summary>The stored trial.</summary>
    public FrozenTrial Frozen { get; }

    /// <summary>The trial's number.</summary>
    public int Number => Frozen.Number;

    /// <summary>The trial's state.</summary>
    public TrialState State => Frozen.State;

    /// <summary>The objective value (complete), or the last reported value (pruned).</summary>
    public double? Value => Frozen.Value;

    /// <summary>The configuration that was evaluated, typed.</summary>
    public TConfig Config => _config ??= TConfig.FromParameters(Frozen.ToParameterSet(TConfig.Descriptor));

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
