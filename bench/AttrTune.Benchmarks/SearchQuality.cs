using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
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
    private static readonly Dictionary<(string Problem, int Budget), string> OptunaTpe = new()
    {
        [("branin", 50)] = "0.1814", [("hartmann6", 50)] = "0.586", [("rosenbrock10", 50)] = "1.46e+04", [("ackley10", 50)] = "17.46", [("mixed_ml", 50)] = "0.0715",
        [("branin", 200)] = "0.007715", [("hartmann6", 200)] = "0.05646", [("rosenbrock10", 200)] = "1524", [("ackley10", 200)] = "12.45", [("mixed_ml", 200)] = "0.03047",
    };

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
        var clock = Stopwatch.StartNew();
        foreach (int budget in budgets)
        {
            Console.WriteLine($"\nBudget {budget} trials, {seeds} seeds: median simple regret [IQR]");
            Console.WriteLine("| problem | " + string.Join(" | ", samplers.Select(s => s.Name)) + " | Optuna TPE |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", samplers.Length + 1)));
            foreach (IProblem problem in problems)
            {
                var cells = samplers.Select(sampler =>
                {
                    double[] regrets = Enumerable.Range(1, seeds).AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
                        .Select(seed => ProblemRunner.BestAfter(problem, sampler.Create((ulong)seed), budget) - problem.Optimum).OrderBy(r => r).ToArray();
                    if (Environment.GetEnvironmentVariable("ATTRTUNE_QUALITY_SEEDS") is not null)
                    {
                        Console.Error.WriteLine($"{sampler.Name} {problem.Name} {budget}: {string.Join(" ", regrets.Select(Format))}");
                    }

                    return $"{Format(Quantile(regrets, 0.5))} [{Format(Quantile(regrets, 0.75) - Quantile(regrets, 0.25))}]";
                });
                Console.WriteLine($"| {problem.Name} | {string.Join(" | ", cells)} | {OptunaTpe.GetValueOrDefault((problem.Name, budget), "-")} |");
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
