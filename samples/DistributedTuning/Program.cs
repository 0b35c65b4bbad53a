using System;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using AttrTune;
using AttrTune.Storage;
using TuneBreastCancer;

// One worker of a study shared by many processes and machines. Start it as often as you like, anywhere, against the
// same storage URL: every worker joins the same study, takes trials no other worker has, and a killed worker's running
// trial is failed by the others (and retried with --retry-dead). run-workers.sh starts N local workers.
//
//   dotnet DistributedTuning.dll --storage postgresql://tuner:secret@db:5432/studies --trials 20
string storageUrl = Argument("--storage") ?? Environment.GetEnvironmentVariable("ATTRTUNE_STORAGE")
    ?? throw new ArgumentException("Give the shared storage: --storage postgresql://user:password@host:5432/db (or ATTRTUNE_STORAGE).");
string studyName = Argument("--study") ?? "breast-cancer-distributed";
int trials = int.Parse(Argument("--trials") ?? "10", CultureInfo.InvariantCulture);
bool retryDead = Array.IndexOf(args, "--retry-dead") >= 0;

using IStudyStorage storage = StudyStorage.Open(storageUrl);
var study = Study<BoostedTreesConfig>.CreateOrResume(studyName, new StudyOptions { Storage = storage, Seed = (ulong)Environment.ProcessId, RetryTrialsOfDeadWorkers = retryDead });
study.EnqueueDefault();   // queued once, whichever worker starts first: ML.NET's defaults as the baseline
var model = new BreastCancerModel(Path.Combine(AppContext.BaseDirectory, "data", "breast_cancer.csv"));
Console.WriteLine($"worker {Environment.ProcessId}: study '{studyName}' in {storage}, {study.GetTrials().Count} trials so far");

await foreach (TrialResult<BoostedTreesConfig> trial in study.OptimizeStreamAsync(
    (config, _, _) => ValueTask.FromResult(model.CrossValidate(config, folds: 5).LogLoss),
    new OptimizeOptions { MaxTrials = trials }))
{
    string value = trial.Value?.ToString("F4", CultureInfo.InvariantCulture) ?? "-";
    Console.WriteLine($"worker {Environment.ProcessId}: trial {trial.Number} {trial.State} {value}{(trial.Frozen.Failure is { } failure ? " " + failure.Headline : string.Empty)}");
}

TrialResult<BoostedTreesConfig> best = study.Best;
Console.WriteLine($"worker {Environment.ProcessId} done; best so far: trial {best.Number}, CV log-loss {best.Value:F4}: {best.Config}");

string? Argument(string name)
{
    int index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
