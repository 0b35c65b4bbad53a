namespace AttrTune;

/// <summary>Whether smaller or larger objective values are better.</summary>
public enum StudyDirection
{
    /// <summary>Smaller is better (losses, errors).</summary>
    Minimize = 0,

    /// <summary>Larger is better (accuracy, AUC).</summary>
    Maximize = 1,
}
