using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AttrTune;
using AttrTune.Pruners;
using AttrTune.Reporting;
using AttrTune.Samplers;
using AttrTune.Scheduling;
using DigitsEarlyStopping;

// Two claims, measured on a small MLP trained epoch by epoch on the digits data (70% train, 30% validation):
//   1. ASHA spends far fewer epochs than training every trial to the end, for (nearly) the same best accuracy.
//   2. Population-based training finds a learning-rate schedule that beats the best fixed learning rate for the
//      same total number of epochs.
// Usage: dotnet run -c Release --project samples/DigitsEarlyStopping [-- asha|pbt]
MathNet.Numerics.Control.UseSingleThread();
var data = new Digits(Path.Combine(AppContext.BaseDirectory, "data", "digits.csv"));
string experiment = args.Length > 0 ? args[0] : "all";
Console.WriteLine($"Digits: {data.TrainX.RowCount} training rows, {data.ValidX.RowCount} validation rows.");

if (experiment is "all" or "asha")
{
    const int Trials = 30, MaxEpochs = 27;
    Console.WriteLine($"\n== ASHA: {Trials} trials of up to {MaxEpochs} epochs, the same {Trials} configurations with and without pruning ==");
    (int epochs, TrialResult<MlpConfig> best) full = await Tune(null);
    (int epochs, TrialResult<MlpConfig> best) asha = await Tune(new SuccessiveHalvingPruner(minResource: 3, reductionFactor: 2));
    (int epochs, TrialResult<MlpConfig> best) hyperband = await Tune(new HyperbandPruner(minResource: 1, maxResource: MaxEpochs, reductionFactor: 3));
    Console.WriteLine("| run | epochs trained | best validation accuracy | best trial |");
    Console.WriteLine("|---|---:|---:|---|");
    Console.WriteLine($"| every trial to {MaxEpochs} epochs | {full.epochs} | {full.best.Value:P2} | {full.best.Number} |");
    Console.WriteLine($"| ASHA (rungs 3, 6, 12, 24; eta = 2) | {asha.epochs} | {asha.best.Value:P2} | {asha.best.Number} |");
    Console.WriteLine($"| Hyperband (1 to {MaxEpochs} epochs, eta = 3, 4 brackets) | {hyperband.epochs} | {hyperband.best.Value:P2} | {hyperband.best.Number} |");
    Console.WriteLine($"ASHA used {(double)asha.epochs / full.epochs:P1} of the epochs; best accuracy {(asha.best.Value - full.best.Value) * 100:+0.00;-0.00} points.");
    Console.WriteLine($"Hyperband used {(double)hyperband.epochs / full.epochs:P1} of the epochs; best accuracy {(hyperband.best.Value - full.best.Value) * 100:+0.00;-0.00} points.");

    async Task<(int Epochs, TrialResult<MlpConfig> Best)> Tune(IPruner? pruner)
    {
        int epochs = 0;
        var study = Study<MlpConfig>.CreateOrResume(pruner?.GetType().Name ?? "full", new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new SobolSampler(11), Pruner = pruner });
        int pruned = 0;
        await foreach (TrialResult<MlpConfig> finished in study.OptimizeStreamAsync(
            (config, trial, _) =>
            {
                using var model = new MlpTrainable(data, seed: trial.Number + 1);
                model.Setup(config);
                double best = 0;
                for (int epoch = 1; epoch <= MaxEpochs; epoch++)
                {
                    double accuracy = model.Step(CancellationToken.None)["accuracy"];
                    Interlocked.Increment(ref epochs);
                    best = Math.Max(best, accuracy);
                    trial.Report(epoch, accuracy);
                    if (epoch < MaxEpochs)
                    {
                        trial.ThrowIfShouldPrune();
                    }
                }

                return ValueTask.FromResult(best);
            },
            new OptimizeOptions { MaxTrials = Trials, Parallelism = 2 }))
        {
            pruned += finished.State == TrialState.Pruned ? 1 : 0;
        }

        Console.WriteLine($"{study.Name}: {Trials - pruned} trials trained to the end, {pruned} pruned");
        if (pruner is SuccessiveHalvingPruner)
        {
            // The learning curves, each pruned trial marked where ASHA stopped it.
            Console.WriteLine($"Report of the ASHA study: {WriteReport(study, "digits-asha.html")}");
        }

        return (epochs, study.Best);
    }
}

if (experiment is "all" or "pbt")
{
    const int Population = 8, Epochs = 24, Interval = 4;
    Console.WriteLine($"\n== PBT: {Population} members x {Epochs} epochs (exploit/explore every {Interval}) against the same {Population} starting learning rates kept fixed ==");
    var study = Study<LearningRateConfig>.CreateOrResume("pbt", new StudyOptions { Direction = StudyDirection.Maximize, Sampler = new SobolSampler(21) });
    var pbt = new PopulationBasedTraining<LearningRateConfig>(
        study,
        () => new LearningRateTrainable(data),
        new PbtOptions { PopulationSize = Population, TotalSteps = Epochs, Interval = Interval, Metric = "accuracy", Seed = 3, Parallelism = 2 });
    PbtResult<LearningRateConfig> result = await pbt.RunAsync();

    var fixedRuns = result.Members.Select(m => m.Config).AsParallel().WithDegreeOfParallelism(2)
        .Select(config => (config.LearningRate, Accuracy: PopulationBasedTraining<LearningRateConfig>.Replay(new[] { new PbtScheduleEntry<LearningRateConfig>(0, config, null) }, () => new LearningRateTrainable(data), Epochs, "accuracy")[^1]))
        .OrderByDescending(r => r.Accuracy).ToList();
    double replayed = PopulationBasedTraining<LearningRateConfig>.Replay(result.BestSchedule, () => new LearningRateTrainable(data), Epochs, "accuracy")[^1];

    Console.WriteLine("| run | total epochs | final validation accuracy |");
    Console.WriteLine("|---|---:|---:|");
    Console.WriteLine($"| best fixed learning rate ({fixedRuns[0].LearningRate:G3}) of {Population} | {Population * Epochs} | {fixedRuns[0].Accuracy:P2} |");
    Console.WriteLine($"| PBT, best member (trial {result.Best.Number}) | {Population * Epochs} | {result.Best.Value:P2} |");
    Console.WriteLine($"| its lineage's schedule replayed from scratch | {Epochs} | {replayed:P2} |");
    Console.WriteLine("Best member's learning-rate schedule (the lineage of its weights; epoch: rate):");
    foreach (PbtScheduleEntry<LearningRateConfig> entry in result.BestSchedule)
    {
        Console.WriteLine($"  {entry.Step,3}: {entry.Config.LearningRate.ToString("G4", CultureInfo.InvariantCulture)}{(entry.CopiedFromTrial is { } donor ? $"  (weights of trial {donor})" : string.Empty)}");
    }

    Console.WriteLine("Fixed learning rates: " + string.Join(", ", fixedRuns.Select(r => $"{r.LearningRate:G3} -> {r.Accuracy:P2}")));

    // The lineage (which member copied which, at which epoch), the learning-rate schedules and the learning curves.
    Console.WriteLine($"Report of the PBT study: {WriteReport(study, "digits-pbt.html")}");
}

// A self-contained HTML report under artifacts/, which opens offline in any browser.
static string WriteReport<TConfig>(Study<TConfig> study, string name)
    where TConfig : class, ISearchSpace<TConfig>
{
    string path = Path.GetFullPath(Path.Combine("artifacts", name));
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    study.WriteReport(path);
    return path;
}

/// <summary>The MLP with everything but the learning rate fixed, for the PBT experiment.</summary>
internal sealed class LearningRateTrainable : ITrainable<LearningRateConfig>
{
    private readonly MlpTrainable _model;

    public LearningRateTrainable(Digits data) => _model = new MlpTrainable(data, seed: 1);

    public void Setup(LearningRateConfig config) => _model.Setup(config.ToMlp());

    public IReadOnlyDictionary<string, double> Step(CancellationToken cancellationToken) => _model.Step(cancellationToken);

    public byte[] Save() => _model.Save();

    public void Restore(byte[] checkpoint) => _model.Restore(checkpoint);

    public void Dispose() => _model.Dispose();
}
