using System;
using System.Linq;
using System.Reflection;
using System.Threading;
using AttrTune.Cli.Commands;
using Spectre.Console.Cli;

namespace AttrTune.Cli;

/// <summary>
/// The <c>attrtune</c> tool: looks at AttrTune studies in a storage. Each command is a class of its own under
/// Commands/, registered here, so a command that serves more than text (the planned <c>dashboard</c>, an ASP.NET
/// Core app) is one more registration.
/// </summary>
internal static class Program
{
    private static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static int Main(string[] args)
    {
        // Before the parser runs, so that a bad command line is reported as verbosely as asked for too.
        // Only the long form: -v is Spectre's --version at the top level.
        bool verbose = args.Contains("--verbose");
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("attrtune");

            // The package version (the informational version without the commit id), so a bug report can say which build it was.
            config.SetApplicationVersion(Version);
            config.SetHelpProvider(new ExitCodeHelpProvider(config.Settings));
            config.ConfigureConsole(Output.Terminal.Out);

            // Every failure comes back here and is reported by ErrorReport with its exit code.
            config.PropagateExceptions();
            config.AddCommand<StudiesCommand>("studies").WithExample("studies", "--storage", "sqlite:///studies.db");
            config.AddCommand<ShowCommand>("show").WithExample("show", "my-study", "--storage", "sqlite:///studies.db");
            config.AddCommand<TrialsCommand>("trials").WithExample("trials", "my-study", "--state", "complete", "--sort", "value", "--desc", "--format", "csv");
            config.AddCommand<BestCommand>("best").WithExample("best", "my-study", "--storage", "sqlite:///studies.db");
            config.AddCommand<ImportanceCommand>("importance").WithExample("importance", "my-study");
            config.AddCommand<ExportCommand>("export").WithExample("export", "my-study", "-o", "trials.csv");
            config.AddCommand<DeleteCommand>("delete").WithExample("delete", "my-study", "--yes");
            config.AddCommand<CopyCommand>("copy").WithExample("copy", "my-study", "--to", "sqlite:///backup.db", "--name", "my-study-2");
            config.AddCommand<TailCommand>("tail").WithExample("tail", "my-study");
            config.AddCommand<ReportCommand>("report").WithExample("report", "my-study", "-o", "report.html");
            config.AddCommand<PlotCommand>("plot").WithExample("plot", "my-study", "history", "-o", "history.png");
            config.AddCommand<DashboardCommand>("dashboard").WithExample("dashboard", "--storage", "sqlite:///studies.db");
        });

        try
        {
            return app.Run(args, CancellationToken.None);
        }
        catch (Exception failure)
        {
            return ErrorReport.Write(failure, verbose);
        }
    }
}
