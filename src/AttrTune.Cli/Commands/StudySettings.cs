using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of a command about one study, named by the first positional argument.</summary>
internal class StudySettings : StorageSettings
{
    [CommandArgument(0, "<STUDY>")]
    [Description("The study's name.")]
    public string Study { get; init; } = string.Empty;
}
