using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune importance</c>.</summary>
internal sealed class ImportanceSettings : StudySettings
{
    [CommandOption("-e|--evaluator <NAME>")]
    [Description("fanova (a random forest's variance decomposition) or ped-anova (the best trials against all).")]
    [DefaultValue("fanova")]
    public string Evaluator { get; init; } = "fanova";

    [CommandOption("--scale <SCALE>")]
    [Description("fANOVA's scale: parameter (each parameter in its declared scale, every decade of a log range weighing the same) or raw (raw values between the bounds, as Optuna 3.1's fANOVA, to compare with its numbers).")]
    [DefaultValue("parameter")]
    public string Scale { get; init; } = "parameter";

    [CommandOption("--seed <N>")]
    [Description("Seeds fANOVA's forest: the same seed gives the same importances.")]
    [DefaultValue(0UL)]
    public ulong Seed { get; init; }

    [CommandOption("-f|--format <FORMAT>")]
    [Description("table or json.")]
    [DefaultValue("table")]
    public string Format { get; init; } = "table";
}
