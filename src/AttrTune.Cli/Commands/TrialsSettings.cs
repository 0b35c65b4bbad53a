using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune trials</c>.</summary>
internal sealed class TrialsSettings : StudySettings
{
    [CommandOption("-f|--format <FORMAT>")]
    [Description("table, csv or json.")]
    [DefaultValue("table")]
    public string Format { get; init; } = "table";

    [CommandOption("--state <STATES>")]
    [Description("Only trials in these states, comma-separated: complete, pruned, failed, running, waiting.")]
    public string? State { get; init; }

    [CommandOption("--sort <KEY>")]
    [Description("number, value or duration (trials without one come last).")]
    [DefaultValue("number")]
    public string Sort { get; init; } = "number";

    [CommandOption("--desc")]
    [Description("Sort descending.")]
    public bool Descending { get; init; }
}
