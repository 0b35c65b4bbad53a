using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using AttrTune.MultiObjective;
using AttrTune.Problems;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

[Metrics]
public partial record TwoObjectives
{
    [Minimize] public double F1 { get; init; }
    [Minimize] public double F2 { get; init; }
}

[Metrics]
public partial record ThreeObjectives
{
    [Minimize] public double F1 { get; init; }
    [Minimize] public double F2 { get; init; }
    [Minimize] public double F3 { get; init; }
}

[Metrics]
public partial record TwoObjectivesTwoConstraints
{
    [Minimize] public double F1 { get; init; }
    [Minimize] public double F2 { get; init; }
    [Constraint] public double C1 { get; init; }
    [Constraint] public double C2 { get; init; }
}

/// <summary>
/// The multi-objective problems run through the engine as a user runs them: <c>multiobjective-engine [seeds]
/// [--trials 300]</c>. Each run is a <c>Study&lt;TConfig, TMetrics&gt;</c> with the default sampler, in memory and in a
/// SQLite file; a cell gives the median hypervolume at 100 and at the last trial, how many seeds match the
/// sampler-core loop of <c>multiobjective</c> exactly (the engine must not change what the algorithm proposes), and
/// the median wall time per trial over the last 100 trials (engine, sampler and storage; the objectives are
/// microseconds).
/// </summary>
public static class MultiObjectiveEngine
{
    public static void Run(string[] args)
    {
        int seeds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int parsed) ? parsed : 5;
        int trials = Array.IndexOf(args, "--trials") is int i and >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : 300;
        int[] budgets = [100, trials];
        Console.WriteLine($"| problem | storage | HV @100 | HV @{trials} | same as the core loop | ms per trial (last 100), median [p90] |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row(MultiObjectiveProblems.Zdt1, (o, _) => new TwoObjectives { F1 = o[0], F2 = o[1] }, seeds, trials, budgets);
        Row(MultiObjectiveProblems.Zdt2, (o, _) => new TwoObjectives { F1 = o[0], F2 = o[1] }, seeds, trials, budgets);
        Row(MultiObjectiveProblems.Dtlz2, (o, _) => new ThreeObjectives { F1 = o[0], F2 = o[1], F3 = o[2] }, seeds, trials, budgets);
        Row(MultiObjectiveProblems.BinhKorn, (o, c) => new TwoObjectivesTwoConstraints { F1 = o[0], F2 = o[1], C1 = c[0], C2 = c[1] }, seeds, trials, budgets);
    }

    private static void Row<TConfig, TMetrics>(MultiObjectiveProblem<TConfig> problem, Func<double[], double[], TMetrics> metrics, int seeds, int trials, int[] budgets)
        where TConfig : class, ISearchSpace<TConfig>
        where TMetrics : IMetrics<TMetrics>
    {
        foreach (string storageKind in new[] { "memory", "sqlite" })
        {
            var hypervolumes = new List<double[]>();
            var times = new List<double>();
            int same = 0;
            for (ulong seed = 1; seed <= (ulong)seeds; seed++)
            {
                double[] engine = RunOnce(problem, metrics, storageKind, seed, trials, budgets, times);
                double[] core = MultiObjectiveQuality.Hypervolumes(problem, new AutoMultiObjectiveCore(), seed, trials, budgets, out _);
                same += engine.SequenceEqual(core) ? 1 : 0;
                hypervolumes.Add(engine);
            }

            string Median(int b) => SearchQuality.Quantile(hypervolumes.Select(h => h[b]).Order().ToArray(), 0.5).ToString("G5", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {problem.Name} | {storageKind} | {Median(0)} | {Median(1)} | {same}/{seeds} | {SearchQuality.Quantile(times.Order().ToArray(), 0.5):F2} [{SearchQuality.Quantile(times.Order().ToArray(), 0.9):F2}] |"));
        }
    }

    private static double[] RunOnce<TConfig, TMetrics>(MultiObjectiveProblem<TConfig> problem, Func<double[], double[], TMetrics> metrics, string storageKind, ulong seed, int trials, int[] budgets, List<double> times)
        where TConfig : class, ISearchSpace<TConfig>
        where TMetrics : IMetrics<TMetrics>
    {
        string? file = storageKind == "sqlite" ? Path.Combine(Path.GetTempPath(), $"attrtune-mo-{Guid.NewGuid():N}.db") : null;
        IStudyStorage storage = file is null ? new InMemoryStorage() : new SqliteStorage(file);
        try
        {
            var study = Study<TConfig, TMetrics>.CreateOrResume(problem.Name, new StudyOptions { Storage = storage, Seed = seed });
            for (int t = 0; t < trials; t++)
            {
                long start = Stopwatch.GetTimestamp();
                TrialHandle<TConfig> handle = study.Ask();
                (double[] objectives, double[] constraints) = problem.Evaluate(handle.Config);
                study.Tell(handle, metrics(objectives, constraints));
                if (t >= trials - 100)
                {
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }

            var complete = study.GetTrials();
            return budgets.Select(budget =>
            {
                var feasible = complete.Take(budget).Where(r => r.IsFeasible).Select(r => r.Frozen.Values.ToArray()).ToList();
                return Hypervolume.Compute(feasible, problem.Reference);
            }).ToArray();
        }
        finally
        {
            storage.Dispose();
            if (file is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (string path in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(path);
                }
            }
        }
    }
}
