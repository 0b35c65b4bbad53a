using System;
using System.Collections.Generic;
using System.Globalization;

namespace AttrTune;

/// <summary>A trial of a study with a metrics type, with its configuration and its metrics as the user's types.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
/// <typeparam name="TMetrics">The metrics type.</typeparam>
public sealed class TrialResult<TConfig, TMetrics>
    where TConfig : class, ISearchSpace<TConfig>
    where TMetrics : IMetrics<TMetrics>
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

    /// <summary>
    /// The configuration that was evaluated, typed (for a trial of an earlier space of the study, in the current space,
    /// as <see cref="TrialResult{TConfig}.Config"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The trial comes from an earlier space and one of its values does not fit the current one.</exception>
    public TConfig Config => _config ??=
        _projection is null || Frozen.SpaceVersion == _projection.CurrentVersion
            ? TConfig.FromParameters(Frozen.ToParameterSet(TConfig.Descriptor))
            : TConfig.FromValues(_projection.ValuesOf(Frozen, TrialDispatcher<TConfig>.DefaultValues));

    /// <summary>The metrics the objective returned, typed; null unless the trial is complete.</summary>
    public TMetrics? Metrics =>
        State == TrialState.Complete && Frozen.Values.Length == TMetrics.MetricsDescriptor.Objectives.Count && Frozen.ConstraintValues.Length == TMetrics.MetricsDescriptor.Constraints.Count
            ? TMetrics.FromValues(Frozen.Values.AsSpan(), Frozen.ConstraintValues.AsSpan())
            : default;

    /// <summary>The objective values in the order of the metrics type's objectives (empty unless complete).</summary>
    public IReadOnlyList<double> Values => Frozen.Values;

    /// <summary>Whether the trial is complete and every constraint holds.</summary>
    public bool IsFeasible => State == TrialState.Complete && Violation == 0;

    /// <summary>By how much the trial breaks its constraints (0 when it keeps them all; infinite unless complete).</summary>
    public double Violation =>
        State == TrialState.Complete && Frozen.ConstraintValues.Length == TMetrics.MetricsDescriptor.Constraints.Count
            ? TMetrics.MetricsDescriptor.Violation(Frozen.ConstraintValues.AsSpan())
            : double.PositiveInfinity;

    /// <summary>Wall time of the trial.</summary>
    public TimeSpan? Duration => Frozen.Duration;

    /// <summary>Why the trial failed, if it did.</summary>
    public string? FailReason => Frozen.FailReason;

    /// <summary>User attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes => Frozen.UserAttributes;

    /// <inheritdoc />
    public override string ToString() =>
        $"trial {Number.ToString(CultureInfo.InvariantCulture)} {State} {(State == TrialState.Complete ? MetricsText.Describe(TMetrics.MetricsDescriptor, Frozen) : "-")} {Frozen.ToParameterSet(TConfig.Descriptor)}";
}
