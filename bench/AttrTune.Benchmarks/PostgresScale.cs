using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// Whether a worker's per-trial storage cost grows with the study on PostgreSQL: one worker runs a long study with a
/// sampler that reads the whole trial history at every proposal (as model-based samplers do, through the storage's
/// incrementally refreshed snapshot), and the wall time of each trial (ask, snapshot, tell) is compared around trial
/// 100 and around the last trial.
/// </summary>
public static class PostgresScale
{
    public static void Run(string[] args)
    {
        string url = args.Length > 1 ? args[1] : throw new ArgumentException("usage: postgres-scale <postgresql://url> [trials]");
        int trials = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        using var storage = new PostgresStorage(url);
        string name = "scale-" + Guid.NewGuid().ToString("N");
        var sampler = new HistoryReadingSampler(new RandomSampler(1));
        var study = Study<Box10Rosenbrock>.CreateOrResume(name, new StudyOptions { Storage = storage, Sampler = sampler });
        var finishedAt = new List<long>(trials + 1) { Stopwatch.GetTimestamp() };
        study.OptimizeAsync(_ => 0.0, new OptimizeOptions { MaxTrials = trials }, _ => finishedAt.Add(Stopwatch.GetTimestamp())).GetAwaiter().GetResult();
        double[] milliseconds = finishedAt.Zip(finishedAt.Skip(1), (a, b) => Stopwatch.GetElapsedTime(a, b).TotalMilliseconds).ToArray();
        double early = Median(milliseconds.Skip(50).Take(100));
        double late = Median(milliseconds.Skip(trials - 100));
        Console.WriteLine($"postgres-scale: {trials} trials, the sampler read {sampler.Reads} snapshots (last one {sampler.LastCount} trials)");
        Console.WriteLine($"| trials 50-149 | ms per trial (median) | {early.ToString("F2", CultureInfo.InvariantCulture)} |");
        Console.WriteLine($"| last 100 trials | ms per trial (median) | {late.ToString("F2", CultureInfo.InvariantCulture)} |");
        Console.WriteLine($"| ratio | late / early | {(late / early).ToString("F2", CultureInfo.InvariantCulture)} |");
        StudyStorage.DeleteStudy(storage, name);
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    /// <summary>Random proposals, after reading every trial of the study as a model-based sampler would.</summary>
    private sealed class HistoryReadingSampler(ISampler inner) : ISampler
    {
        public int Reads { get; private set; }

        public int LastCount { get; private set; }

        public SampleProposal? Sample(SamplerContext context)
        {
            LastCount = context.Trials.Count;
            Reads++;
            return inner.Sample(context);
        }
    }
}
