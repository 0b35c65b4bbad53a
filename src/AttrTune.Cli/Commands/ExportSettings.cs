using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune export</c>.</summary>
internal sealed class ExportSettings : StudySettings
{
    [CommandOption("-o|--output <FILE>")]
    [Description("The file to write: .csv or .json (the extension chooses the format).")]
    public string? Output { get; init; }
}
