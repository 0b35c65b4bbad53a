using System;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AttrTune;
using AttrTune.Storage;
using Spectre.Console;

namespace TuneBreastCancer;

/// <summary>What a FastTree configuration costs and gives: two objectives to trade against each other, and a floor.</summary>
[Metrics]
public partial record ModelTradeOff
{
    /// <summary>Cross-validated log-loss (on the held-out fold of each split).</summary>
    [Minimize]
    public double LogLoss { get; init; }

    /// <summary>Trees times leaves: what the model costs to store and to evaluate per prediction.</summary>
    [Minimize]
    public int ModelSize { get; init; }

    /// <summary>A model below this cross-validated accuracy is of no use however small it is.</summary>
    [Constraint(Min = 0.93)]
    public double Accuracy { get; init; }
}

/// <summary>The <c>--pareto</c> run: log-loss against model size, with an accuracy floor, and the Pareto front as a table.</summary>
internal static class TradeOffRun
{
    public static async Task RunAsync(BreastCancerModel model, IStudyStorage storage, string studyName, int trials, int parallelism, int folds)
    {
        AnsiConsole.MarkupLine($"[bold]Pareto run[/]: {Markup.Escape(ModelTradeOff.MetricsDescriptor.ToString())}");
        var study = Study<BoostedTreesConfig, ModelTradeOff>.CreateOrResume(studyName, new StudyOptions { Storage = storage, Seed = 2026 });
        if (study.GetTrials().Count == 0)
        {
            study.EnqueueDefault();
        }

        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                ProgressTask task = progress.AddTask("starting", maxValue: trials);
                await foreach (TrialResult<BoostedTreesConfig, ModelTradeOff> finished in study.OptimizeStreamAsync(
                    (config, _, _) =>
                    {
                        (double logLoss, double accuracy) = model.CrossValidate(config, folds);
                        return ValueTask.FromResult(new ModelTradeOff { LogLoss = logLoss, ModelSize = config.NumberOfTrees * config.NumberOfLeaves, Accuracy = accuracy });
                    },
                    new OptimizeOptions { MaxTrials = trials, Parallelism = parallelism }))
                {
                    task.Increment(1);
                    if (finished.Frozen.Failure is { } failure)
                    {
                        AnsiConsole.MarkupLine($"[red]trial {finished.Number} failed[/]: {Markup.Escape(failure.Headline)}");
                    }

                    task.Description = $"{study.ParetoFront.Count} trials on the front";
                }
            });

        // The front from the smallest model up: each row buys a lower log-loss with a larger model.
        var table = new Table().AddColumns("trial", "trees", "leaves", "model size", "CV log-loss", "CV accuracy", "held-out log-loss");
        foreach (TrialResult<BoostedTreesConfig, ModelTradeOff> trial in study.ParetoFront.OrderBy(t => t.Metrics!.ModelSize))
        {
            ModelTradeOff metrics = trial.Metrics!;
            table.AddRow(
                trial.Number.ToString(CultureInfo.InvariantCulture),
                trial.Config.NumberOfTrees.ToString(CultureInfo.InvariantCulture),
                trial.Config.NumberOfLeaves.ToString(CultureInfo.InvariantCulture),
                metrics.ModelSize.ToString(CultureInfo.InvariantCulture),
                metrics.LogLoss.ToString("F4", CultureInfo.InvariantCulture),
                metrics.Accuracy.ToString("F4", CultureInfo.InvariantCulture),
                model.TestScore(trial.Config).LogLoss.ToString("F4", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        int feasible = study.GetTrials().Count(t => t.IsFeasible);
        double hypervolume = study.Hypervolume(1.0, 400 * 128);
        AnsiConsole.MarkupLine($"{study.GetTrials().Count} trials, {feasible} above the accuracy floor; hypervolume against (log-loss 1.0, size 51,200): {hypervolume.ToString("N0", CultureInfo.InvariantCulture)}");
    }
}
