using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AttrTune;
using AttrTune.Reporting;
using AttrTune.Storage;
using Spectre.Console;
using TuneBreastCancer;

// Tunes a FastTree (gradient-boosted trees) classifier on the breast-cancer data with 5-fold cross-validation.
// Trial 0 is ML.NET's default configuration, so the gain is measured against it. The study lives in SQLite:
// run again with the same --study to resume it. With --pareto it trades log-loss against model size instead (two
// objectives and an accuracy floor) and prints the Pareto front.
int trials = IntArgument("--trials", 40);
int parallelism = IntArgument("--parallel", Math.Max(1, Environment.ProcessorCount));
string database = Argument("--db") ?? Path.Combine("artifacts", "breast-cancer.db");
string studyName = Argument("--study") ?? "fasttree-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
const int Folds = 5;

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(database))!);
var model = new BreastCancerModel(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"));
AnsiConsole.MarkupLine($"[bold]AttrTune[/]: FastTree on breast cancer ({model.TrainRows} training rows, {model.TestRows} held out), {Folds}-fold CV log-loss, {trials} trials, {parallelism} in parallel");
AnsiConsole.MarkupLine($"Study [blue]{studyName}[/] in [blue]{Markup.Escape(database)}[/]");
AnsiConsole.WriteLine(BoostedTreesConfig.Descriptor.ToString());

using var storage = new SqliteStorage(database);
if (args.Contains("--pareto"))
{
    await TradeOffRun.RunAsync(model, storage, studyName, trials, parallelism, Folds);
    return;
}

var study = Study<BoostedTreesConfig>.CreateOrResume(studyName, new StudyOptions { Storage = storage, Seed = 2026 });
if (study.GetTrials().Count == 0)
{
    study.EnqueueDefault();
}

var clock = Stopwatch.StartNew();
await AnsiConsole.Progress()
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
    .StartAsync(async progress =>
    {
        ProgressTask task = progress.AddTask("starting", maxValue: trials);

        // Each trial comes back as it finishes; a failed one is shown with the first line of its exception.
        await foreach (TrialResult<BoostedTreesConfig> finished in study.OptimizeStreamAsync(
            (config, trial, _) =>
            {
                (double logLoss, double accuracy) = model.CrossValidate(config, Folds);
                trial.SetAttribute("cv_accuracy", accuracy.ToString("R", CultureInfo.InvariantCulture));
                return ValueTask.FromResult(logLoss);
            },
            new OptimizeOptions { MaxTrials = trials, Parallelism = parallelism }))
        {
            task.Increment(1);
            if (finished.Frozen.Failure is { } failure)
            {
                AnsiConsole.MarkupLine($"[red]trial {finished.Number} failed[/]: {Markup.Escape(failure.Headline)}");
            }

            TrialResult<BoostedTreesConfig>? best = study.TryGetBest();
            task.Description = best is null ? "no result yet" : $"best CV log-loss {best.Value:F4} (trial {best.Number})";
        }
    });

TrialResult<BoostedTreesConfig> bestTrial = study.Best;
TrialResult<BoostedTreesConfig> defaultTrial = study.GetTrials()[0];
var bestTest = model.TestScore(bestTrial.Config);
var defaultTest = model.TestScore(defaultTrial.Config);

var table = new Table().AddColumns("", "default (trial 0)", $"best (trial {bestTrial.Number})");
table.AddRow("CV log-loss", F(defaultTrial.Value), F(bestTrial.Value));
table.AddRow("CV accuracy", defaultTrial.Attributes["cv_accuracy"][..6], bestTrial.Attributes["cv_accuracy"][..6]);
table.AddRow("held-out log-loss", F(defaultTest.LogLoss), F(bestTest.LogLoss));
table.AddRow("held-out accuracy", F(defaultTest.Accuracy), F(bestTest.Accuracy));
table.AddRow("held-out AUC", F(defaultTest.AreaUnderRocCurve), F(bestTest.AreaUnderRocCurve));
AnsiConsole.Write(table);
AnsiConsole.MarkupLine($"Best configuration: [green]{Markup.Escape(bestTrial.Config.ToString())}[/]");
AnsiConsole.MarkupLine($"{study.GetTrials().Count} trials in the study, {clock.Elapsed.TotalSeconds:F1} s for this run.");

// Everything above, and every plot, in one HTML file that opens offline; and the live view of the same file.
string report = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database))!, "report.html");
study.WriteReport(report);
string storageUrl = "sqlite:///" + Path.GetFullPath(database);
AnsiConsole.MarkupLine($"Report: [blue]{Markup.Escape(report)}[/]");
AnsiConsole.MarkupLine($"Dashboard: [blue]attrtune dashboard --storage {Markup.Escape(storageUrl)}[/]");
AnsiConsole.MarkupLine($"  (without the tool installed: [blue]dotnet run -c Release --project src/AttrTune.Cli -- dashboard --storage {Markup.Escape(storageUrl)}[/])");

static string F(double? value) => value?.ToString("F4", CultureInfo.InvariantCulture) ?? "-";

string? Argument(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int IntArgument(string name, int fallback)
{
    string? text = Argument(name);
    if (text is null)
    {
        return fallback;
    }

    if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < 1)
    {
        throw new ArgumentException($"{name} needs a positive whole number, got '{text}'.");
    }

    return value;
}
