using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune plot</c>.</summary>
internal sealed class PlotSettings : StudySettings
{
    [CommandArgument(1, "<PLOT>")]
    [Description("history, history-time, importance, slice, contour, parallel-coordinates, intermediate-values, edf, timeline, pbt-lineage, pbt-schedule or pareto-front.")]
    public string Plot { get; init; } = string.Empty;

    [CommandOption("-o|--output <FILE>")]
    [Description("The image to write: .png or .svg (the extension chooses the format).")]
    public string? Output { get; init; }

    [CommandOption("--param <NAME>")]
    [Description("slice and pbt-schedule: the parameter (needed when the space has more than one); pareto-front: the pair of objectives, \"A × B\" (the first two by default).")]
    public string? Parameter { get; init; }

    [CommandOption("--contour <X,Y>")]
    [Description("contour: the two parameters; by default the two most important.")]
    public string? Contour { get; init; }

    [CommandOption("-e|--evaluator <NAME>")]
    [Description("importance and contour: fanova or ped-anova.")]
    [DefaultValue("fanova")]
    public string Evaluator { get; init; } = "fanova";

    [CommandOption("--seed <N>")]
    [Description("Seeds the importance forest (and the contour's).")]
    [DefaultValue(0UL)]
    public ulong Seed { get; init; }

    [CommandOption("--width <PIXELS>")]
    [DefaultValue(800)]
    public int Width { get; init; } = 800;

    [CommandOption("--height <PIXELS>")]
    [DefaultValue(500)]
    public int Height { get; init; } = 500;
}
