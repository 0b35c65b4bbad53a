using System.Collections.Generic;

namespace AttrTune;

/// <summary>A study was loaded by name and the storage has no study of that name.</summary>
public sealed class StudyNotFoundException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="studyName">The name that was asked for.</param>
    /// <param name="existingNames">The studies the storage does hold, so a misspelt name can be spotted.</param>
    /// <param name="message">The message.</param>
    public StudyNotFoundException(string studyName, IReadOnlyList<string> existingNames, string message)
        : base(message)
    {
        StudyName = studyName;
        ExistingNames = existingNames;
    }

    /// <summary>The name that was asked for.</summary>
    public string StudyName { get; }

    /// <summary>The studies the storage holds.</summary>
    public IReadOnlyList<string> ExistingNames { get; }
}
