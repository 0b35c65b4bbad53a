using System.ComponentModel;
using System.Globalization;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary><c>attrtune studies</c>: every study in the storage, one row each.</summary>
[Description("List the studies: direction, trials by state, best value, last activity.")]
internal sealed class StudiesCommand : Command<StorageSettings>
{
    public override int Execute(CommandContext context, StorageSettings settings, CancellationToken cancellationToken)
    {
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        var names = opened.Storage.GetStudyNames();
        if (names.Count == 0)
        {
            Terminal.Out.WriteLine($"No studies in {opened.Display}.");
            return ExitCodes.Success;
        }

        var table = new Table()
            .AddColumn("study")
            .AddColumn("direction")
            .AddColumn(new TableColumn("complete").RightAligned())
            .AddColumn(new TableColumn("pruned").RightAligned())
            .AddColumn(new TableColumn("failed").RightAligned())
            .AddColumn(new TableColumn("running").RightAligned())
            .AddColumn(new TableColumn("waiting").RightAligned())
            .AddColumn(new TableColumn("best value").RightAligned())
            .AddColumn("last activity");
        foreach (string name in names)
        {
            if (opened.Storage.FindStudy(name) is not { } study)
            {
                continue; // deleted by another process since the names were read
            }

            StudySummary summary = StudySummary.Read(opened.Storage, study);
            table.AddRow(
                Markup.Escape(name),
                study.Direction.ToString(),
                Count(summary, TrialState.Complete),
                Count(summary, TrialState.Pruned),
                Count(summary, TrialState.Failed),
                Count(summary, TrialState.Running),
                Count(summary, TrialState.Waiting),
                summary.Best is { Value: { } best } ? ValueText.Short(best) : "-",
                ValueText.Time(summary.LastActivity));
        }

        Terminal.Out.Write(table);
        return ExitCodes.Success;
    }

    private static string Count(StudySummary summary, TrialState state) => summary.Counts[state].ToString(CultureInfo.InvariantCulture);
}
