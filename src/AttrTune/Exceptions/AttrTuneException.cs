using System;

namespace AttrTune;

/// <summary>
/// The base of every failure AttrTune raises for a domain reason (an incompatible study, a storage it cannot read, a
/// sampler with nothing left), so a caller can catch ours apart from bugs. It derives from
/// <see cref="InvalidOperationException"/> because each of them is an operation the current state does not allow.
/// </summary>
public class AttrTuneException : InvalidOperationException
{
    /// <summary>Creates the exception with a message.</summary>
    public AttrTuneException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public AttrTuneException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
