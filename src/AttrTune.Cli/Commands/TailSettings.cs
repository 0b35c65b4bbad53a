using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune tail</c>.</summary>
internal sealed class TailSettings : StudySettings
{
    [CommandOption("--interval <SECONDS>")]
    [Description("How often to read the study, in seconds.")]
    [DefaultValue(1.0)]
    public double Interval { get; init; } = 1.0;

    [CommandOption("--rows <N>")]
    [Description("How many of the newest trials the table shows.")]
    [DefaultValue(20)]
    public int Rows { get; init; } = 20;
}
