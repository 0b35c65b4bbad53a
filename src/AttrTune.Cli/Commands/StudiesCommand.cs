using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.Storage;
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
        IReadOnlyList<StudySummary> summaries = StudyStorage.GetStudySummaries(opened.Storage);
        if (summaries.Count == 0)
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
        foreach (StudySummary summary in summaries)
        {
            table.AddRow(
                Markup.Escape(summary.Name),
                summary.Direction.ToString(),
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

    private static string Count(StudySummary summary, TrialState state) => summary.Count(state).ToString(CultureInfo.InvariantCulture);
}
