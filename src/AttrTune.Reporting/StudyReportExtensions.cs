using System;

namespace AttrTune.Reporting;

/// <summary>Writes a typed study's report.</summary>
public static class StudyReportExtensions
{
    /// <summary>
    /// Writes a self-contained HTML report of <paramref name="study"/> (its trials read from storage now) to
    /// <paramref name="path"/>: plots, trial table, best configuration, importances and the search space, in one
    /// file that opens offline.
    /// </summary>
    /// <param name="study">The study.</param>
    /// <param name="path">The HTML file to create or replace.</param>
    /// <param name="options">The importance method and contour pair; the defaults when null.</param>
    /// <returns>The report, for its figures and best trial.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="study"/> or <paramref name="path"/> is null.</exception>
    public static StudyReport WriteReport<TConfig>(this Study<TConfig> study, string path, ReportOptions? options = null)
        where TConfig : class, ISearchSpace<TConfig>
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(path);
        var report = new StudyReport(study.Record with { SpaceJson = study.Record.SpaceJson ?? TConfig.Descriptor.ToJson() }, AttrTune.Storage.StudyStorage.GetTrialsInCurrentSpace(study.Storage, study.Record), options);
        report.WriteHtml(path);
        return report;
    }
}
