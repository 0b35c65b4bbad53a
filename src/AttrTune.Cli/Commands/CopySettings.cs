using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune copy</c>.</summary>
internal sealed class CopySettings : StudySettings
{
    [CommandOption("--to <URL>")]
    [Description("The storage to copy the study into (created if it is a new sqlite file).")]
    public string? To { get; init; }

    [CommandOption("--name <NAME>")]
    [Description("The copy's name (default: the study's own).")]
    public string? Name { get; init; }
}
