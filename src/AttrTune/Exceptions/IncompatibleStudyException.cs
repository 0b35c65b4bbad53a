namespace AttrTune;

/// <summary>
/// A stored study cannot be resumed as asked: it has another direction, another config type or another search space.
/// Resuming would mix trials that do not belong together, so nothing is written.
/// </summary>
public sealed class IncompatibleStudyException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="studyName">The study that was asked for.</param>
    /// <param name="message">What differs, with both the stored and the requested value.</param>
    public IncompatibleStudyException(string studyName, string message)
        : base(message)
    {
        StudyName = studyName;
    }

    /// <summary>The study that was asked for.</summary>
    public string StudyName { get; }
}
