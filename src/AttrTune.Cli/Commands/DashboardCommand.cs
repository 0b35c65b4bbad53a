using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Net;
using System.Threading;
using AttrTune.Analysis;
using AttrTune.Cli.Dashboard;
using AttrTune.Cli.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune dashboard</c>: serves the storage's studies to a browser (list, study pages with every plot and a
/// paged trial table, trial pages) and keeps them live while other processes run the studies, until Ctrl+C.
/// </summary>
[Description("Serve a live dashboard on http://127.0.0.1:8080/ (read-only by default) until Ctrl+C.")]
internal sealed class DashboardCommand : Command<DashboardSettings>
{
    public override int Execute(CommandContext context, DashboardSettings settings, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(settings.Host == "localhost" ? "127.0.0.1" : settings.Host, out IPAddress? address))
        {
            throw new CliException(ExitCodes.Usage, $"--host: '{settings.Host}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 for every interface).");
        }

        if (settings.Port is < 0 or > 65535)
        {
            throw new CliException(ExitCodes.Usage, $"--port: {settings.Port.ToString(CultureInfo.InvariantCulture)} is not a port (0 to 65535; 0 picks a free one).");
        }

        ImportanceEvaluator evaluator = Evaluators.Parse(settings.Evaluator);

        // Writes may migrate a file of an older schema; a read-only dashboard reads such a file from a copy instead.
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: !settings.AllowWrites);
        var views = new StudyViews(opened.Storage, new ImportanceOptions { Evaluator = evaluator });
        var server = new DashboardServer(views, opened.Display, address, settings.Port, settings.AllowWrites);
        try
        {
            try
            {
                server.StartAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (IOException failure)
            {
                throw new CliException(ExitCodes.Unexpected, $"Cannot listen on {address}:{settings.Port.ToString(CultureInfo.InvariantCulture)}: {failure.Message} (another program may use the port; --port picks another, --port 0 a free one).", failure);
            }

            if (!IPAddress.IsLoopback(address))
            {
                Console.Error.WriteLine($"attrtune: warning: listening on {address}, not on 127.0.0.1: anyone who can reach this machine can read every study in {opened.Display}{(settings.AllowWrites ? " and delete or rename it" : string.Empty)}. The dashboard has no login.");
            }

            if (opened.IsSnapshot)
            {
                Console.Error.WriteLine($"attrtune: {opened.Display} has an older release's schema, so the dashboard shows a copy taken now: it will not follow new trials. --allow-writes migrates the file instead (only when no program of the older release writes it).");
            }

            Console.Out.WriteLine($"AttrTune dashboard of {opened.Display}: {server.Url} ({(settings.AllowWrites ? "writes allowed" : "read-only")}; Ctrl+C to stop)");
            server.WaitForShutdownAsync(cancellationToken).GetAwaiter().GetResult();
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return ExitCodes.Success;
    }
}
