namespace AttrTune;

/// <summary>
/// A trial was asked to change in a way its state forbids: finishing or reporting to a trial that is not running,
/// or changing a finished trial (finished trials are immutable).
/// </summary>
public sealed class TrialStateException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="trialNumber">The trial's number in its study.</param>
    /// <param name="state">The state the trial is in.</param>
    /// <param name="message">What was attempted and why it is refused.</param>
    public TrialStateException(int trialNumber, TrialState state, string message)
        : base(message)
    {
        TrialNumber = trialNumber;
        State = state;
    }

    /// <summary>The trial's number in its study.</summary>
    public int TrialNumber { get; }

    /// <summary>The state the trial is in.</summary>
    public TrialState State { get; }
}
