using System;
using System.ComponentModel;
using System.Threading;
using AttrTune.Analysis;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.Reporting;
using AttrTune.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune report STUDY -o report.html</c>: the study as one self-contained HTML file (plots, trial table, best
/// configuration, importances, the search space with its fingerprint) that opens offline, for a pull request or an
/// email. The library's <c>study.WriteReport(path)</c> writes the same file.
/// </summary>
[Description("Write a self-contained HTML report of a study (plots, trials, best configuration; opens offline).")]
internal sealed class ReportCommand : Command<ReportSettings>
{
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
    {
        ImportanceEvaluator evaluator = Evaluators.Parse(settings.Evaluator);
        (string? contourX, string? contourY) = ParseContour(settings.Contour);
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        if (study.SpaceJson is null)
        {
            throw new CliException(ExitCodes.NoStoredSpace, $"Study '{study.Name}' in {opened.Display} was stored by a release that did not keep its search space, and a report needs the space (parameter names, scales, choices).");
        }

        StudyReport report;
        try
        {
            report = new StudyReport(study, StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study), new ReportOptions
            {
                Importance = new ImportanceOptions { Evaluator = evaluator, Seed = settings.Seed },
                ContourX = contourX,
                ContourY = contourY,
            });
        }
        catch (ArgumentException bad) when (contourX is not null)
        {
            throw new CliException(ExitCodes.Usage, "--contour: " + bad.Message.Replace(" (Parameter 'options')", string.Empty, StringComparison.Ordinal), bad);
        }

        string written = AtomicFile.Write(settings.Output, report.WriteHtml);
        Console.Out.WriteLine(written);
        Console.Error.WriteLine($"Wrote the report of study '{study.Name}' ({report.Analysis.Trials.Length} trials, {AtomicFile.Size(written)}) to {written}.");
        return ExitCodes.Success;
    }

    private static (string? X, string? Y) ParseContour(string? contour)
    {
        if (contour is null)
        {
            return (null, null);
        }

        string[] names = contour.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 2 || names[0].Length == 0 || names[1].Length == 0)
        {
            throw new CliException(ExitCodes.Usage, $"--contour: '{contour}' is not two parameter names separated by a comma (e.g. --contour LearningRate,MaxDepth).");
        }

        return (names[0], names[1]);
    }
}
