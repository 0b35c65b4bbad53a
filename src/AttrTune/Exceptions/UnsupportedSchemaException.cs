namespace AttrTune;

/// <summary>
/// A storage was written by a newer AttrTune (its schema version is higher than this version reads). It is left
/// unchanged; upgrade AttrTune to open it.
/// </summary>
public sealed class UnsupportedSchemaException : AttrTuneException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="storage">The storage, as a user would name it (a file path, a server without password).</param>
    /// <param name="foundVersion">The schema version found in the storage.</param>
    /// <param name="supportedVersion">The newest schema version this AttrTune reads.</param>
    public UnsupportedSchemaException(string storage, long foundVersion, int supportedVersion)
        : base($"{storage} was written by AttrTune schema version {foundVersion}; this version reads up to {supportedVersion}. Upgrade AttrTune to open it (the file was not changed).")
    {
        Storage = storage;
        FoundVersion = foundVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The storage, as a user would name it.</summary>
    public string Storage { get; }

    /// <summary>The schema version found.</summary>
    public long FoundVersion { get; }

    /// <summary>The newest schema version this AttrTune reads.</summary>
    public int SupportedVersion { get; }
}
