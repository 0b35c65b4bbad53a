using System;

namespace AttrTune;

/// <summary>Passed to the callback after each trial: the result, and a way to stop the study.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class TrialFinishedContext<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly Action _stop;

    internal TrialFinishedContext(Study<TConfig> study, TrialResult<TConfig> trial, Action stop)
    {
        Study = study;
        Trial = trial;
        _stop = stop;
    }

    /// <summary>The study.</summary>
    public Study<TConfig> Study { get; }

    /// <summary>The trial that just finished.</summary>
    public TrialResult<TConfig> Trial { get; }

    /// <summary>Starts no further trial; running ones finish.</summary>
    public void Stop() => _stop();
}
