using System;
using AttrTune.Analysis;

namespace AttrTune.Reporting;

/// <summary>What a <see cref="StudyReport"/> computes: the importance method and the contour's parameters.</summary>
public sealed record ReportOptions
{
    /// <summary>The defaults: fANOVA with seed 0, the contour of the two most important parameters.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>How importances are computed (fANOVA by default); their forest also fits the contour.</summary>
    public ImportanceOptions Importance { get; init; } = ImportanceOptions.Default;

    /// <summary>The contour's horizontal parameter; with <see cref="ContourY"/>, or null for the most important pair.</summary>
    public string? ContourX { get; init; }

    /// <summary>The contour's vertical parameter, or null for the most important pair.</summary>
    public string? ContourY { get; init; }

    /// <summary>The time a report says it was written; now when null.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }
}
