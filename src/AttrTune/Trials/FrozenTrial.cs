using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using AttrTune.SearchSpaces;

namespace AttrTune;

/// <summary>
/// An immutable snapshot of a trial as stored: parameters in internal form, value, intermediate values, user
/// attributes, timings and the failure reason. Samplers and pruners read these; they never see the config type.
/// </summary>
public sealed record FrozenTrial
{
    /// <summary>The storage's identifier of the trial, unique across studies.</summary>
    public required long Id { get; init; }

    /// <summary>The trial's number within its study: 0, 1, 2, ... in creation order.</summary>
    public required int Number { get; init; }

    /// <summary>The trial's state.</summary>
    public required TrialState State { get; init; }

    /// <summary>The parameters (internal values by parameter path; inactive parameters are absent).</summary>
    public required ImmutableDictionary<string, double> Parameters { get; init; }

    /// <summary>The objective value of a complete trial, or the last reported value of a pruned one.</summary>
    public double? Value { get; init; }

    /// <summary>
    /// The objective values of a complete trial of a study with a metrics type (<see cref="IMetrics{TSelf}"/>), in the
    /// order of its objectives and as the objective returned them; empty for other studies' trials, whose one value is
    /// <see cref="Value"/>. For such a trial <see cref="Value"/> holds the first objective, so tools that read one value
    /// still read a meaningful one.
    /// </summary>
    public ImmutableArray<double> Values { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>
    /// The constraint properties' values of a complete trial of a study with constraints, in the order of its
    /// constraints and as the objective returned them (<see cref="MultiObjective.MetricsDescriptor.ConstraintFunctions"/>
    /// says whether each holds); empty otherwise.
    /// </summary>
    public ImmutableArray<double> ConstraintValues { get; init; } = ImmutableArray<double>.Empty;

    /// <summary>Values reported with <c>Report(step, value)</c>, by step.</summary>
    public ImmutableSortedDictionary<long, double> IntermediateValues { get; init; } = ImmutableSortedDictionary<long, double>.Empty;

    /// <summary>User key/values.</summary>
    public ImmutableDictionary<string, string> UserAttributes { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>A claim that makes the trial unique in its study (a grid point, for example), or null.</summary>
    public string? ClaimKey { get; init; }

    /// <summary>When the trial started running.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>When the trial finished.</summary>
    public DateTimeOffset? Completed { get; init; }

    /// <summary>Why the trial failed: the exception's full text (type, message, stack trace), or another reason.</summary>
    public string? FailReason { get; init; }

    /// <summary>
    /// The exception that failed the trial, field by field; null when something else failed it (its worker died) or
    /// when a release before this field stored it (then <see cref="FailReason"/> holds the text).
    /// </summary>
    public TrialFailure? Failure { get; init; }

    /// <summary>
    /// The version of the study's space the trial was evaluated in (0 unless the study was resumed with a changed space;
    /// <see cref="Storage.IStudyStorage.GetSpaceHistory"/> holds each version).
    /// </summary>
    public int SpaceVersion { get; init; }

    /// <summary>The worker that ran (or runs) the trial.</summary>
    public string? Worker { get; init; }

    /// <summary>Wall time from start to finish.</summary>
    public TimeSpan? Duration => Started is { } s && Completed is { } c ? c - s : null;

    /// <summary>The parameters as a checked parameter set of <paramref name="descriptor"/>.</summary>
    public ParameterSet ToParameterSet(SearchSpaceDescriptor descriptor) => ParameterSet.FromNamed(descriptor, Parameters);

    /// <summary>
    /// The trial as a person reads it: "Trial 3: Complete, value 0.125, parameters { Depth = 6, LearningRate = 0.001 }"
    /// (parameters in internal form, sorted by path; a choice shows its index).
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Trial ").Append(Number.ToString(CultureInfo.InvariantCulture)).Append(": ").Append(State);
        if (Value is { } value)
        {
            text.Append(State == TrialState.Pruned ? ", last value " : ", value ").Append(value.ToString("R", CultureInfo.InvariantCulture));
        }

        text.Append(", parameters { ");
        text.AppendJoin(", ", Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {p.Value.ToString("R", CultureInfo.InvariantCulture)}"));
        text.Append(Parameters.IsEmpty ? "}" : " }");
        if (FailReason is { } reason)
        {
            int end = reason.IndexOfAny(['\r', '\n']);
            text.Append(", failed: ").Append(end < 0 ? reason : reason[..end]);
        }

        return text.ToString();
    }

    /// <summary>The last reported intermediate value, if any.</summary>
    public KeyValuePair<long, double>? LastIntermediate => IntermediateValues.Count == 0 ? null : System.Linq.Enumerable.Last(IntermediateValues);
}
