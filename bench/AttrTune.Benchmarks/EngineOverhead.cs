using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// Engine overhead on the "cont10" space (ten floats on [-5, 10], the rosenbrock10 box):
/// trials per second with a no-op objective and the random sampler, sequential, as Optuna's
/// reference Optuna figures (docs/benchmarks.md) were measured. A whole study per repeat (creation included); median of the repeats.
/// </summary>
public static class EngineOverhead
{
    public static void Run(string[] args)
    {
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        Console.WriteLine("| storage | trials | trials/s (median) | all repeats (trials/s) |");
        Console.WriteLine("|---|---:|---:|---|");
        Report("in-memory", 10_000, repeats, () => new InMemoryStorage());
        Report("sqlite, every finished trial synced", 1_000, repeats, () => new SqliteStorage(TempDatabase()));
        Report("sqlite, synced by the OS (SyncFinishedTrials = false)", 1_000, repeats, () => new SqliteStorage(TempDatabase(), new SqliteStorageOptions { SyncFinishedTrials = false }));
    }

    private static void Report(string name, int trials, int repeats, Func<IStudyStorage> storage)
    {
        // Warm-up: three full-size studies, so the repeats measure tier-1 code (tiered JIT promotes a method after 30
        // calls and a 100 ms delay; one short warm-up left the first repeats at tier 0, a bimodal spread of 3x).
        for (int i = 0; i < 3; i++)
        {
            Measure(trials, storage);
        }
        double[] rates = Enumerable.Range(0, repeats).Select(_ => Measure(trials, storage)).OrderBy(r => r).ToArray();
        string all = string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)));
        Console.WriteLine($"| {name} | {trials} | {rates[rates.Length / 2].ToString("F0", CultureInfo.InvariantCulture)} | {all} |");
    }

    private static double Measure(int trials, Func<IStudyStorage> createStorage)
    {
        using IStudyStorage storage = createStorage();
        var clock = Stopwatch.StartNew();
        var study = Study<Box10Rosenbrock>.CreateOrResume("overhead", new StudyOptions { Storage = storage, Sampler = new RandomSampler(1) });
        study.OptimizeAsync(_ => 0.0, new OptimizeOptions { MaxTrials = trials }).GetAwaiter().GetResult();
        clock.Stop();
        if (study.GetTrials().Count != trials)
        {
            throw new InvalidOperationException($"Expected {trials} trials, found {study.GetTrials().Count}.");
        }

        return trials / clock.Elapsed.TotalSeconds;
    }

    private static string TempDatabase() => Path.Combine(Directory.CreateTempSubdirectory("attrtune-overhead-").FullName, "study.db");
}
