using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using AttrTune.Analysis;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.Reporting.Plots;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune plot STUDY PLOT -o FILE.png|svg</c>: one of the report's figures as a static image (ScottPlot), for
/// documents and papers.
/// </summary>
[Description("Write one plot of a study as a PNG or SVG image (-o history.png).")]
internal sealed class PlotCommand : Command<PlotSettings>
{
    private static readonly string[] Plots = ["history", "history-time", "importance", "slice", "contour", "parallel-coordinates", "intermediate-values", "edf", "timeline", "pbt-lineage", "pbt-schedule", "pareto-front"];

    public override int Execute(CommandContext context, PlotSettings settings, CancellationToken cancellationToken)
    {
        string kind = settings.Plot.ToLowerInvariant();
        if (!Plots.Contains(kind))
        {
            throw new CliException(ExitCodes.Usage, $"'{settings.Plot}' is not a plot; use one of {string.Join(", ", Plots)}.");
        }

        if (string.IsNullOrWhiteSpace(settings.Output) || Path.GetExtension(settings.Output).ToLowerInvariant() is not (".png" or ".svg"))
        {
            throw new CliException(ExitCodes.Usage, "plot needs -o <file> ending in .png or .svg, which chooses the format.");
        }

        if (settings.Width is < 100 or > 10_000 || settings.Height is < 100 or > 10_000)
        {
            throw new CliException(ExitCodes.Usage, "--width and --height: between 100 and 10000 pixels.");
        }

        var importance = new ImportanceOptions { Evaluator = Evaluators.Parse(settings.Evaluator), Seed = settings.Seed };
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        SearchSpaceDescriptor space = OpenedStorage.SpaceOf(study)
            ?? throw new CliException(ExitCodes.NoStoredSpace, $"Study '{study.Name}' in {opened.Display} was stored by a release that did not keep its search space, and a plot needs it (parameter names, scales, choices).");
        var analysis = new StudyAnalysis(space, study.Direction, StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study));
        string objective = StudyFigures.ObjectiveTitleOf(study.Metrics);
        Figure figure = kind switch
        {
            "history" => StudyFigures.History(analysis.GetHistory(), byTime: false, study.Metrics, analysis.Trials),
            "history-time" => StudyFigures.History(analysis.GetHistory(), byTime: true, study.Metrics, analysis.Trials),
            "pareto-front" => Pareto(settings, study, analysis),
            "importance" => StudyFigures.Importance(Importances(analysis, study, opened, importance)),
            "slice" => StudyFigures.Slice(analysis.GetSlice(Parameter(settings, space.Parameters.Select(p => p.Name).ToArray())), objective),
            "contour" => StudyFigures.Contour(Contour(analysis, study, opened, importance, settings.Contour), objective),
            "parallel-coordinates" => StudyFigures.ParallelCoordinates(analysis.GetParallelCoordinates(), objective),
            "intermediate-values" => StudyFigures.IntermediateValues(analysis.GetIntermediateValues()),
            "edf" => StudyFigures.EmpiricalDistribution(analysis.GetEmpiricalDistribution(), objective),
            "timeline" => StudyFigures.Timeline(analysis.Trials),
            _ => Pbt(kind, settings, space, analysis, study),
        };

        string written = AtomicFile.Write(settings.Output, stream =>
        {
            // ScottPlot writes to a path: render beside the target, then copy into the stream being written.
            string scratch = Path.Combine(Path.GetTempPath(), $"attrtune-plot-{Guid.NewGuid():N}{Path.GetExtension(settings.Output)}");
            try
            {
                FigureImage.Save(figure, scratch, settings.Width, settings.Height);
                using FileStream rendered = File.OpenRead(scratch);
                rendered.CopyTo(stream);
            }
            finally
            {
                File.Delete(scratch);
            }
        });
        Console.Out.WriteLine(written);
        Console.Error.WriteLine($"Wrote the {kind} plot of study '{study.Name}' ({figure.PointCount.ToString(CultureInfo.InvariantCulture)} points) to {written}.");
        return ExitCodes.Success;
    }

    private static ParameterImportances Importances(StudyAnalysis analysis, StudyRecord study, OpenedStorage opened, ImportanceOptions options) =>
        analysis.CompleteTrialCount >= 2
            ? analysis.GetImportance(options)
            : throw new CliException(ExitCodes.TooFewCompleteTrials, $"Study '{study.Name}' in {opened.Display} has {analysis.CompleteTrialCount} complete trials; importance needs at least two.");

    private static ContourPlot Contour(StudyAnalysis analysis, StudyRecord study, OpenedStorage opened, ImportanceOptions options, string? pair)
    {
        string x, y;
        if (pair is not null)
        {
            string[] names = pair.Split(',', StringSplitOptions.TrimEntries);
            if (names.Length != 2 || names.Any(n => !analysis.Descriptor.TryGetIndex(n, out _)) || names[0] == names[1])
            {
                throw new CliException(ExitCodes.Usage, $"--contour: '{pair}' is not two different parameters of the space ({string.Join(", ", analysis.Descriptor.Parameters.Select(p => p.Name))}), separated by a comma.");
            }

            (x, y) = (names[0], names[1]);
        }
        else
        {
            ParameterImportances importances = Importances(analysis, study, opened, options);
            if (importances.Parameters.Length < 2)
            {
                throw new CliException(ExitCodes.Usage, "contour: the space has one parameter; a contour needs two.");
            }

            (x, y) = (importances.Parameters[0].Name, importances.Parameters[1].Name);
        }

        return analysis.GetContour(x, y, options: options);
    }

    private static string Parameter(PlotSettings settings, string[] choices)
    {
        if (settings.Parameter is { } name)
        {
            return choices.Contains(name, StringComparer.Ordinal)
                ? name
                : throw new CliException(ExitCodes.Usage, $"--param: '{name}' is not one of {string.Join(", ", choices)}.");
        }

        return choices.Length == 1 ? choices[0] : throw new CliException(ExitCodes.Usage, $"{settings.Plot} needs --param, one of {string.Join(", ", choices)}.");
    }

    // The first two objectives, or with --param the pair named "A × B".
    private static Figure Pareto(PlotSettings settings, StudyRecord study, StudyAnalysis analysis)
    {
        if (study.Metrics is not { HasSeveralObjectives: true } metrics)
        {
            throw new CliException(ExitCodes.Usage, $"Study '{study.Name}' has one objective: it has no pareto-front plot.");
        }

        var figures = StudyFigures.ParetoFronts(metrics, analysis.Trials);
        if (string.IsNullOrEmpty(settings.Parameter))
        {
            return figures[0];
        }

        return figures.FirstOrDefault(f => f.Parameter == settings.Parameter)
            ?? throw new CliException(ExitCodes.Usage, $"pareto-front: --param '{settings.Parameter}' is not a pair of objectives; use one of {string.Join(", ", figures.Select(f => "'" + f.Parameter + "'"))}.");
    }

    private static Figure Pbt(string kind, PlotSettings settings, SearchSpaceDescriptor space, StudyAnalysis analysis, StudyRecord study)
    {
        var figures = StudyFigures.PbtLineage(space, analysis.Trials);
        if (figures.IsEmpty)
        {
            throw new CliException(ExitCodes.Usage, $"Study '{study.Name}' was not run by population-based training: it has no {kind} plot.");
        }

        if (kind == "pbt-lineage")
        {
            return figures.Single(f => f.Key == "pbt-lineage");
        }

        string name = Parameter(settings, figures.Where(f => f.Key == "pbt-schedule").Select(f => f.Parameter!).ToArray());
        return figures.Single(f => f.Key == "pbt-schedule" && f.Parameter == name);
    }
}
