namespace AttrTune;

/// <summary>
/// <see cref="Study{TConfig}.Ask"/> was called and the sampler has no point left to propose (every grid point or
/// Sobol index is claimed). <see cref="Study{TConfig}.TryAsk"/> reports the same condition without throwing.
/// </summary>
public sealed class SamplerExhaustedException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="studyName">The study whose sampler is exhausted.</param>
    /// <param name="message">The message.</param>
    public SamplerExhaustedException(string studyName, string message)
        : base(message)
    {
        StudyName = studyName;
    }

    /// <summary>The study whose sampler is exhausted.</summary>
    public string StudyName { get; }
}
