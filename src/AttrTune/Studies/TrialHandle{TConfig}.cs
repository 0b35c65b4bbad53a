namespace AttrTune;

/// <summary>A trial handed out by <see cref="Study{TConfig}.Ask"/>: the typed config to evaluate and the trial to report to.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class TrialHandle<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    internal TrialHandle(TConfig config, Trial trial)
    {
        Config = config;
        Trial = trial;
    }

    /// <summary>The configuration to evaluate.</summary>
    public TConfig Config { get; }

    /// <summary>The running trial.</summary>
    public Trial Trial { get; }
}
