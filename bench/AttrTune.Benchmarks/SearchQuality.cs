using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Linq;
using System.Threading.Tasks;
using AttrTune;
using AttrTune.Problems;

namespace AttrTune.Benchmarks;

/// <summary>
/// Search quality on the problems of shared/bench: median simple regret [IQR] over seeds, per sampler, problem
/// and budget, runs spread over the cores. Optuna's figures (shared/bench/problems.md) are printed beside ours.
/// </summary>
public static class SearchQuality
{
    // Optuna's figures from shared/bench/problems.md, used when bench/optuna/quality_results.json (written by
    // bench/optuna/quality.py on this machine) is absent: (problem, budget) -> (tpe, best sampler, best median).
    private static readonly Dictionary<(string Problem, int Budget), (double Tpe, string Best, double BestMedian)> SharedOptuna = new()
    {
        [("branin", 50)] = (0.1814, "tpe_mv", 0.1373), [("hartmann6", 50)] = (0.586, "tpe_mv", 0.3781),
        [("rosenbrock10", 50)] = (1.46e4, "cmaes", 9229), [("ackley10", 50)] = (17.46, "cmaes", 13.78), [("mixed_ml", 50)] = (0.0715, "tpe_mv", 0.05248),
        [("branin", 200)] = (0.007715, "cmaes", 1.34e-6), [("hartmann6", 200)] = (0.05646, "tpe", 0.05646),
        [("rosenbrock10", 200)] = (1524, "cmaes", 578.3), [("ackley10", 200)] = (12.45, "cmaes", 7.047), [("mixed_ml", 200)] = (0.03047, "tpe_mv", 0.01015),
    };

    private static Dictionary<(string Problem, int Budget), (double Tpe, string Best, double BestMedian)> LoadOptuna(out string source)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string path = Path.Combine(directory.FullName, "bench", "optuna", "quality_results.json");
            if (!File.Exists(path))
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            var cells = document.RootElement.GetProperty("cells").EnumerateObject()
                .Select(c => (Key: c.Name.Split('/'), Median: c.Value.GetProperty("median").GetDouble())).ToList();
            var table = new Dictionary<(string, int), (double, string, double)>();
            foreach (var group in cells.Where(c => c.Key[1] is "tpe" or "tpe_mv" or "cmaes").GroupBy(c => (c.Key[0], int.Parse(c.Key[2], CultureInfo.InvariantCulture))))
            {
                var best = group.OrderBy(c => c.Median).First();
                table[group.Key] = (group.Single(c => c.Key[1] == "tpe").Median, best.Key[1], best.Median);
            }

            source = $"{path} (Optuna {document.RootElement.GetProperty("optuna").GetString()}, {document.RootElement.GetProperty("seeds").GetInt32()} seeds)";
            return table;
        }

        source = "shared/bench/problems.md (run bench/optuna/quality.py to measure them here)";
        return SharedOptuna;
    }

    /// <summary>
    /// <c>quality [seeds] [--samplers a,b] [--budgets 50,200] [--problems x,y]</c>: every sampler on every problem, the
    /// seeds of one cell in parallel on all cores.
    /// </summary>
    public static void Run(string[] args)
    {
        int seeds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int parsed) ? parsed : 10;
        string? Option(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string[]? samplerFilter = Option("--samplers")?.Split(',');
        int[] budgets = Option("--budgets")?.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray() ?? new[] { 50, 200 };
        string[]? problemFilter = Option("--problems")?.Split(',');
        var samplers = AllSamplers.Where(s => samplerFilter is null || samplerFilter.Contains(s.Name)).ToArray();
        IProblem[] problems = BenchmarkProblems.All.Where(p => problemFilter is null || problemFilter.Contains(p.Name)).ToArray();
        var optuna = LoadOptuna(out string optunaSource);
        Console.WriteLine($"Optuna figures: {optunaSource}");
        var clock = Stopwatch.StartNew();
        foreach (int budget in budgets)
        {
            Console.WriteLine($"\nBudget {budget} trials, {seeds} seeds: median simple regret [IQR]");
            Console.WriteLine("| problem | " + string.Join(" | ", samplers.Select(s => s.Name)) + " | Optuna TPE | Optuna best | auto / best |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", samplers.Length + 3)));
            foreach (IProblem problem in problems)
            {
                double autoMedian = double.NaN;
                var cells = samplers.Select(sampler =>
                {
                    double[] regrets = Enumerable.Range(1, seeds).AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
                        .Select(seed => ProblemRunner.BestAfter(problem, sampler.Create((ulong)seed), budget) - problem.Optimum).OrderBy(r => r).ToArray();
                    if (Environment.GetEnvironmentVariable("ATTRTUNE_QUALITY_SEEDS") is not null)
                    {
                        Console.Error.WriteLine($"{sampler.Name} {problem.Name} {budget}: {string.Join(" ", regrets.Select(Format))}");
                    }

                    if (sampler.Name == "auto")
                    {
                        autoMedian = Quantile(regrets, 0.5);
                    }

                    return $"{Format(Quantile(regrets, 0.5))} [{Format(Quantile(regrets, 0.75) - Quantile(regrets, 0.25))}]";
                });
                string row = string.Join(" | ", cells.ToList());
                string reference = optuna.TryGetValue((problem.Name, budget), out var o) ? $"{Format(o.Tpe)} | {Format(o.BestMedian)} ({o.Best})" : "- | -";
                string ratio = double.IsNaN(autoMedian) || o.BestMedian <= 0 ? "-" : (autoMedian / o.BestMedian).ToString("G3", CultureInfo.InvariantCulture);
                Console.WriteLine($"| {problem.Name} | {row} | {reference} | {ratio} |");
            }
        }

        Console.WriteLine($"\nTotal wall time {clock.Elapsed.TotalSeconds:F1} s.");
    }

    private static readonly (string Name, Func<ulong, ISampler> Create)[] AllSamplers =
    {
        ("random", seed => new RandomSampler(seed)),
        ("sobol", seed => new SobolSampler(seed)),
        ("tpe", seed => new TpeSampler(seed)),
        ("gp", seed => new GpSampler(seed)),
        ("cmaes", seed => new CmaEsSampler(seed)),
        ("tpe_mv", seed => new TpeSampler(seed, new TpeOptions { Multivariate = true })),
        ("cmaes_gp", seed => new CmaEsSampler(seed, new CmaEsOptions { SurrogateCandidates = 10 })),
        ("ga", seed => new GeneticSampler(seed)),
        ("auto", seed => new AutoSampler(seed)),
    };

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 1000 ? "0.00e+00" : "G4", CultureInfo.InvariantCulture);
}
