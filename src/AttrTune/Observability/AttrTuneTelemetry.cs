using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AttrTune.Observability;

/// <summary>
/// The names under which AttrTune reports traces and metrics, for OpenTelemetry or any
/// <see cref="ActivityListener"/> / <see cref="MeterListener"/>:
/// <list type="bullet">
/// <item>Activity source <c>AttrTune</c>: a <c>trial</c> span around each objective call of <c>OptimizeAsync</c>,
/// tagged with the study, the trial number, every active parameter (<c>attrtune.param.&lt;path&gt;</c>) and, when it
/// ends, its state and value; a failed trial's span has error status and the exception as an event. The user's own
/// spans inside the objective are its children.</item>
/// <item>Meter <c>AttrTune</c>: <c>attrtune.trials</c> (counter of finished trials, tagged <c>state</c>),
/// <c>attrtune.trial.duration</c> (histogram, seconds, tagged <c>state</c>) and <c>attrtune.sampler.duration</c>
/// (histogram, milliseconds: the sampler's time to propose one trial).</item>
/// </list>
/// Every measurement is tagged <c>attrtune.study</c> with the study's name.
/// </summary>
public static class AttrTuneTelemetry
{
    /// <summary>The name of AttrTune's <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string Name = "AttrTune";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Trials = Meter.CreateCounter<long>("attrtune.trials", unit: "{trial}", description: "Finished trials, by state.");

    internal static readonly Histogram<double> TrialDuration = Meter.CreateHistogram<double>("attrtune.trial.duration", unit: "s", description: "Wall time of a trial from start to finish.");

    internal static readonly Histogram<double> SamplerDuration = Meter.CreateHistogram<double>("attrtune.sampler.duration", unit: "ms", description: "The sampler's time to propose one trial.");
}
