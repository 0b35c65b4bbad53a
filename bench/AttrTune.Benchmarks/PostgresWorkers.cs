using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// Throughput of W workers on one PostgreSQL study (the settings of bench/optuna/postgres_workers.py: the cont10 space,
/// random sampler, a no-op objective). Each worker has its own <see cref="PostgresStorage"/> (its own connection pool)
/// and runs one trial at a time, as W processes would. Trials/s counts every worker's trials from the start of the
/// first to the end of the last; the median of the repeats is printed with every repeat.
/// </summary>
public static class PostgresWorkers
{
    public static void Run(string[] args)
    {
        string url = args.Length > 1 ? args[1] : throw new ArgumentException("usage: postgres <postgresql://url> [trials per worker] [repeats] [workers,...]");
        int trialsPerWorker = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 250;
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        int[] workerCounts = args.Length > 4 ? args[4].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 4, 8];
        Console.WriteLine($"| workers | trials | trials/s (median of {repeats}) | all repeats |");
        Console.WriteLine("|---:|---:|---:|---|");
        Measure(url, 1, 100);
        foreach (int workers in workerCounts)
        {
            double[] rates = Enumerable.Range(0, repeats).Select(_ => Measure(url, workers, trialsPerWorker)).OrderBy(r => r).ToArray();
            string all = string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)));
            Console.WriteLine($"| {workers} | {workers * trialsPerWorker} | {rates[rates.Length / 2].ToString("F0", CultureInfo.InvariantCulture)} | {all} |");
        }
    }

    private static double Measure(string url, int workers, int trialsPerWorker)
    {
        string name = "workers-" + Guid.NewGuid().ToString("N");
        var storages = Enumerable.Range(0, workers).Select(_ => new PostgresStorage(url)).ToArray();
        try
        {
            var studies = storages.Select((storage, i) => Study<Box10Rosenbrock>.CreateOrResume(name, new StudyOptions { Storage = storage, Sampler = new RandomSampler((ulong)i + 1) })).ToArray();
            var clock = Stopwatch.StartNew();
            Task.WaitAll(studies.Select(study => Task.Run(() => study.OptimizeAsync(_ => 0.0, new OptimizeOptions { MaxTrials = trialsPerWorker }))).ToArray());
            clock.Stop();
            int stored = studies[0].GetTrials().Count(t => t.State == TrialState.Complete);
            if (stored != workers * trialsPerWorker)
            {
                throw new InvalidOperationException($"Expected {workers * trialsPerWorker} complete trials, found {stored}.");
            }

            StudyStorage.DeleteStudy(storages[0], name);
            return stored / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (PostgresStorage storage in storages)
            {
                storage.Dispose();
            }
        }
    }
}
