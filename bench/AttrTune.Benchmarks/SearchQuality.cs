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

    public static void Run(string[] args)
    {
        int seeds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var samplers = new (string Name, Func<ulong, ISampler> Create)[]
        {
            ("random", seed => new RandomSampler(seed)),
            ("sobol", seed => new SobolSampler(seed)),
            ("tpe", seed => new TpeSampler(seed)),
        };
        var clock = Stopwatch.StartNew();
        foreach (int budget in new[] { 50, 200 })
        {
            Console.WriteLine($"\nBudget {budget} trials, {seeds} seeds: median simple regret [IQR]");
            Console.WriteLine("| problem | " + string.Join(" | ", samplers.Select(s => s.Name)) + " | Optuna TPE |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", samplers.Length + 1)));
            foreach (IProblem problem in BenchmarkProblems.All)
            {
                var cells = samplers.Select(sampler =>
                {
                    double[] regrets = Enumerable.Range(1, seeds).AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
                        .Select(seed => ProblemRunner.BestAfter(problem, sampler.Create((ulong)seed), budget) - problem.Optimum).OrderBy(r => r).ToArray();
                    return $"{Format(Quantile(regrets, 0.5))} [{Format(Quantile(regrets, 0.75) - Quantile(regrets, 0.25))}]";
                });
                Console.WriteLine($"| {problem.Name} | {string.Join(" | ", cells)} | {OptunaTpe[(problem.Name, budget)]} |");
            }
        }

        Console.WriteLine($"\nTotal wall time {clock.Elapsed.TotalSeconds:F1} s.");
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 1000 ? "0.00e+00" : "G4", CultureInfo.InvariantCulture);
}
