using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune report</c>.</summary>
internal sealed class ReportSettings : StudySettings
{
    [CommandOption("-o|--output <FILE>")]
    [Description("The HTML file to write (replaced if it exists).")]
    [DefaultValue("report.html")]
    public string Output { get; init; } = "report.html";

    [CommandOption("-e|--evaluator <NAME>")]
    [Description("Importance: fanova (a random forest's variance decomposition) or ped-anova (faster on large studies).")]
    [DefaultValue("fanova")]
    public string Evaluator { get; init; } = "fanova";

    [CommandOption("--seed <N>")]
    [Description("Seeds the importance forest (and the contour's): the same seed gives the same report.")]
    [DefaultValue(0UL)]
    public ulong Seed { get; init; }

    [CommandOption("--contour <X,Y>")]
    [Description("The contour's two parameters; by default the two most important.")]
    public string? Contour { get; init; }
}
