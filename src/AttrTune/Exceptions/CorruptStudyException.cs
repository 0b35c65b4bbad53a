using System;

namespace AttrTune;

/// <summary>
/// A stored row holds a value its column cannot hold (a state that is no trial state, a missing value of a complete
/// trial, a timestamp that is no timestamp, text that is no UTF-8): the storage was changed by something other than
/// AttrTune, or damaged. The message names the storage, the study, the trial and the column; the rest of the study
/// stays readable (other trials can still be read one by one).
/// </summary>
public sealed class CorruptStudyException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storage">The storage, as a user would name it (a file path).</param>
    /// <param name="studyName">The study the row belongs to, if known.</param>
    /// <param name="trialNumber">The trial's number in its study, if the row belongs to a trial and its number is readable.</param>
    /// <param name="column">The column, as <c>table.column</c>.</param>
    /// <param name="message">What was found and what was expected.</param>
    /// <param name="innerException">The failure that revealed it, if any.</param>
    public CorruptStudyException(string storage, string? studyName, int? trialNumber, string column, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Storage = storage;
        StudyName = studyName;
        TrialNumber = trialNumber;
        Column = column;
    }

    /// <summary>The storage, as a user would name it.</summary>
    public string Storage { get; }

    /// <summary>The study the corrupt row belongs to, if known.</summary>
    public string? StudyName { get; }

    /// <summary>The trial the corrupt row belongs to, if known.</summary>
    public int? TrialNumber { get; }

    /// <summary>The column holding the bad value, as <c>table.column</c>.</summary>
    public string Column { get; }
}
