using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune delete</c>.</summary>
internal sealed class DeleteSettings : StudySettings
{
    [CommandOption("-y|--yes")]
    [Description("Delete without asking (needed when there is no terminal to ask on).")]
    public bool Yes { get; init; }
}
