using System;
using AttrTune.Storage;

namespace AttrTune.Analysis;

/// <summary>Builds a <see cref="StudyAnalysis"/> from a typed study.</summary>
public static class StudyAnalysisExtensions
{
    /// <summary>Analyses a snapshot of <paramref name="study"/>'s trials (read from its storage now).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="study"/> is null.</exception>
    public static StudyAnalysis Analyze<TConfig>(this Study<TConfig> study)
        where TConfig : class, ISearchSpace<TConfig>
    {
        ArgumentNullException.ThrowIfNull(study);
        return new StudyAnalysis(TConfig.Descriptor, study.Direction, StudyStorage.GetTrialsInCurrentSpace(study.Storage, study.Record));
    }
}
