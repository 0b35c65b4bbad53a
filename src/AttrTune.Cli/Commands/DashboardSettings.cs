using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options of <c>attrtune dashboard</c>.</summary>
internal sealed class DashboardSettings : StorageSettings
{
    [CommandOption("--host <ADDRESS>")]
    [Description("The address to listen on. Only this machine can connect to the default, 127.0.0.1; another address (0.0.0.0, a LAN address) exposes every study in the storage to the network, without a login, and prints a warning.")]
    [DefaultValue("127.0.0.1")]
    public string Host { get; init; } = "127.0.0.1";

    [CommandOption("-p|--port <PORT>")]
    [Description("The port; 0 picks a free one (the URL printed says which).")]
    [DefaultValue(8080)]
    public int Port { get; init; } = 8080;

    [CommandOption("--allow-writes")]
    [Description("Let the dashboard delete and rename studies. Without it the dashboard only reads.")]
    public bool AllowWrites { get; init; }

    [CommandOption("-e|--evaluator <NAME>")]
    [Description("Importance: fanova or ped-anova (much faster on studies of thousands of trials).")]
    [DefaultValue("fanova")]
    public string Evaluator { get; init; } = "fanova";
}
