using System.Collections.Generic;
using System.Collections.Immutable;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.MultiObjective;
using AttrTune.Reporting;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune show STUDY</c>: the study's summary, its best trial (the best feasible one with constraints, the Pareto
/// front with several objectives) and its search space.
/// </summary>
[Description("Show a study: summary, best trial or Pareto front, search space.")]
internal sealed class ShowCommand : Command<StudySettings>
{
    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancellationToken)
    {
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        SearchSpaceDescriptor? space = OpenedStorage.SpaceOf(study);
        StudySummary summary = StudyStorage.GetStudySummary(opened.Storage, study.Name);
        IAnsiConsole console = Terminal.Out;

        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("study", Markup.Escape(study.Name));
        facts.AddRow("storage", Markup.Escape(opened.Display));
        MetricsDescriptor? metrics = study.Metrics;
        if (metrics is null)
        {
            facts.AddRow("direction", study.Direction.ToString());
        }
        else
        {
            facts.AddRow("metrics", Markup.Escape(string.Join(", ", metrics.Metrics.Select(m => m.ToString()))));
        }

        facts.AddRow("config type", Markup.Escape(study.ConfigType));
        facts.AddRow("fingerprint", Markup.Escape(study.SpaceFingerprint));
        IReadOnlyList<FrozenTrial> stored = study.SpaceVersion == 0 ? [] : opened.Storage.GetTrials(study.Id);
        if (study.SpaceVersion > 0)
        {
            // Which trials came from which space: the study was resumed with a changed space.
            facts.AddRow("spaces", Markup.Escape(string.Join(
                "; ",
                opened.Storage.GetSpaceHistory(study.Id).Select(s =>
                    $"v{s.Version} {s.Fingerprint} from {ValueText.Time(s.Adopted)}: {stored.Count(t => t.SpaceVersion == s.Version)} trials"))));
        }

        facts.AddRow("trials", SummaryText.Counts(summary));
        facts.AddRow("last activity", ValueText.Time(summary.LastActivity));
        console.Write(facts);
        console.WriteLine();

        // Storage's best is by the first objective alone: right for one value per trial, wrong with constraints (it may
        // be infeasible) and meaningless with several objectives.
        IReadOnlyList<FrozenTrial> trials = metrics is null && study.SpaceVersion == 0 ? [] : StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);
        if (metrics is { HasSeveralObjectives: true })
        {
            WriteFront(console, space, metrics, ParetoTrials.Front(metrics, trials), trials.Any(t => ParetoTrials.HasValues(metrics, t)));
        }
        else if ((metrics is null ? (study.SpaceVersion == 0 ? summary.Best : trials.FirstOrDefault(t => t.Id == summary.Best?.Id)) : ParetoTrials.BestFeasible(metrics, trials)) is { } best)
        {
            console.WriteLine($"Best {(metrics is { Constraints.Count: > 0 } ? "feasible trial" : "trial")}: {best.Number} (value {ValueText.Exact(best.Value)}, {ValueText.Duration(best.Duration)})");
            var parameters = new Grid().AddColumn(new GridColumn().Padding(2, 0, 2, 0)).AddColumn();
            foreach ((string name, object? value) in ParameterValues.Of(space, ParameterValues.Names(space, [best]), best))
            {
                parameters.AddRow(Markup.Escape(name), Markup.Escape(ValueText.Exact(value)));
            }

            console.Write(parameters);
        }
        else if (metrics is { Constraints.Count: > 0 } && summary.Count(TrialState.Complete) > 0)
        {
            console.WriteLine("Best feasible trial: none (no complete trial keeps every constraint)");
        }
        else
        {
            console.WriteLine("Best trial: none (no trial has completed)");
        }

        console.WriteLine();
        if (space is null)
        {
            // A study stored by an older release kept only a readable description of its space.
            console.WriteLine("Space (as described when the study was created; values are shown as stored, a choice as its index):");
            foreach (string line in study.SpaceDescription.Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
            {
                console.WriteLine(line);
            }

            return ExitCodes.Success;
        }

        console.WriteLine($"Space: {space.TypeName}, {space.Count} parameters");
        var table = new Table().AddColumn("parameter").AddColumn("distribution").AddColumn("default").AddColumn("active");
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            table.AddRow(
                Markup.Escape(parameter.Name),
                Markup.Escape(parameter.Distribution.CanonicalText),
                Markup.Escape(parameter.HasDefault ? parameter.Distribution.FormatValue(parameter.DefaultValue) : "-"),
                Markup.Escape(space.DescribeCondition(parameter)));
        }

        console.Write(table);
        return ExitCodes.Success;
    }

    // A row per trial of the front: its number, every metric (objectives, then constraints) and its parameters.
    private static void WriteFront(IAnsiConsole console, SearchSpaceDescriptor? space, MetricsDescriptor metrics, ImmutableArray<FrozenTrial> front, bool anyValues)
    {
        if (front.IsEmpty)
        {
            console.WriteLine(anyValues
                ? "Pareto front: none (no complete trial keeps every constraint)"
                : "Pareto front: none (no trial has completed)");
            return;
        }

        console.WriteLine($"Pareto front: {front.Length} trial{(front.Length == 1 ? "" : "s")} (no other feasible trial is as good in every objective and better in one)");
        IReadOnlyList<string> names = ParameterValues.Names(space, front);
        var table = new Table().AddColumn(new TableColumn("trial").RightAligned());
        foreach (MetricDescriptor metric in metrics.Objectives.Concat(metrics.Constraints))
        {
            table.AddColumn(new TableColumn(Markup.Escape(metric.ToString())).RightAligned());
        }

        foreach (string name in names)
        {
            table.AddColumn(Markup.Escape(name));
        }

        foreach (FrozenTrial trial in front)
        {
            var cells = new List<string> { trial.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            cells.AddRange(trial.Values.Select(v => ValueText.Short(v)));
            cells.AddRange(trial.ConstraintValues.Select(v => ValueText.Short(v)));
            cells.AddRange(ParameterValues.Of(space, names, trial).Select(p => Markup.Escape(ValueText.Short(p.Value))));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
    }
}
