using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.Reporting;
using AttrTune.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary><c>attrtune studies</c>: every study in the storage, one row each.</summary>
[Description("List the studies: direction, trials by state, best value (or objectives), last activity.")]
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
                Direction(summary),
                Count(summary, TrialState.Complete),
                Count(summary, TrialState.Pruned),
                Count(summary, TrialState.Failed),
                Count(summary, TrialState.Running),
                Count(summary, TrialState.Waiting),
                Best(opened.Storage, summary),
                ValueText.Time(summary.LastActivity));
        }

        Terminal.Out.Write(table);
        return ExitCodes.Success;
    }

    // Each objective's direction for a study with several ("Minimize/Maximize").
    private static string Direction(StudySummary summary) =>
        summary.Study.Metrics is { HasSeveralObjectives: true } metrics ? string.Join("/", metrics.Directions) : summary.Direction.ToString();

    // Storage's best is by the first objective: with several objectives there is no one best value, so the column says
    // how many objectives there are (`show` prints the front); with constraints the best is among feasible trials.
    private static string Best(IStudyStorage storage, StudySummary summary)
    {
        if (summary.Study.Metrics is not { } metrics)
        {
            return summary.Best is { Value: { } best } ? ValueText.Short(best) : "-";
        }

        if (metrics.HasSeveralObjectives)
        {
            return metrics.Objectives.Count.ToString(CultureInfo.InvariantCulture) + " objectives";
        }

        return ParetoTrials.BestFeasible(metrics, storage.GetTrials(summary.Study.Id)) is { } feasible ? ValueText.Short(feasible.Values[0]) : "-";
    }

    private static string Count(StudySummary summary, TrialState state) => summary.Count(state).ToString(CultureInfo.InvariantCulture);
}
