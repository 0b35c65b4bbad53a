using System.ComponentModel;
using System.Linq;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary><c>attrtune show STUDY</c>: the study's summary, its best trial and its search space.</summary>
[Description("Show a study: summary, best trial, search space.")]
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
        facts.AddRow("direction", study.Direction.ToString());
        facts.AddRow("config type", Markup.Escape(study.ConfigType));
        facts.AddRow("fingerprint", Markup.Escape(study.SpaceFingerprint));
        facts.AddRow("trials", SummaryText.Counts(summary));
        facts.AddRow("last activity", ValueText.Time(summary.LastActivity));
        console.Write(facts);
        console.WriteLine();

        if (summary.Best is { } best)
        {
            console.WriteLine($"Best trial: {best.Number} (value {ValueText.Exact(best.Value)}, {ValueText.Duration(best.Duration)})");
            var parameters = new Grid().AddColumn(new GridColumn().Padding(2, 0, 2, 0)).AddColumn();
            foreach ((string name, object? value) in ParameterValues.Of(space, ParameterValues.Names(space, [best]), best))
            {
                parameters.AddRow(Markup.Escape(name), Markup.Escape(ValueText.Exact(value)));
            }

            console.Write(parameters);
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
}
