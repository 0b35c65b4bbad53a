using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AttrTune.MultiObjective;
using AttrTune.Problems;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Benchmarks;

/// <summary>
/// Multi-objective search quality: <c>multiobjective [seeds] [--samplers a,b] [--problems x,y] [--budgets 100,300]</c>.
/// Each run is an ask/tell loop over a sampler core (the engine does not store several objectives yet) on a problem of
/// bench/AttrTune.Problems; a cell is the median hypervolume [IQR] over the seeds of the feasible points among the first
/// <c>budget</c> trials (for a single-objective constrained problem, the median best feasible value, lower is better). The seeds of a cell run in parallel; the cost per trial is then measured alone, one run per
/// sampler and problem.
/// </summary>
public static class MultiObjectiveQuality
{
    // Optuna 3.1 on this machine (median [IQR] of 10 seeds, TPE 5; ZDT against (1.1, 11), see MultiObjectiveProblems):
    // random, QMC, NSGA-II, TPE; NaN where a run did not finish.
    private static readonly Dictionary<(string Problem, int Budget), (double Median, double Iqr)[]> Optuna = new()
    {
        [("zdt1", 100)] = [(9.27, 0.16), (9.16, 0.12), (9.01, 0.33), (10.25, 0.11)],
        [("zdt1", 300)] = [(9.42, 0.13), (9.50, 0.19), (10.00, 0.31), (10.39, 0.14)],
        [("zdt2", 100)] = [(8.19, 0.23), (8.02, 0.23), (8.10, 0.49), (8.97, 0.76)],
        [("zdt2", 300)] = [(8.40, 0.20), (8.36, 0.22), (9.25, 0.38), (9.32, 0.72)],
        [("dtlz2", 100)] = [(0.261, 0.042), (0.282, 0.025), (0.249, 0.044), (double.NaN, double.NaN)],
        [("dtlz2", 300)] = [(0.366, 0.023), (0.380, 0.029), (0.461, 0.034), (double.NaN, double.NaN)],
        [("binh_korn", 100)] = [(5124, 28), (5133, 9.9), (5102, 25), (5058, 180)],
        [("binh_korn", 300)] = [(5203, 8.9), (5208, 4.3), (5192, 15), (5191, 42)],
    };

    private static readonly string[] OptunaSamplers = ["random", "qmc", "nsga2", "tpe"];

    /// <summary>The samplers by name: the cores as shipped, and the variants the design was measured against.</summary>
    internal static readonly Dictionary<string, Func<IMultiObjectiveProblem, IMultiObjectiveCore?>> Samplers = new()
    {
        ["random"] = _ => null,
        ["nsga2"] = _ => new NsgaIICore(),
        ["motpe"] = _ => new MotpeCore(),
        ["nsga2_p50"] = _ => new NsgaIICore { PopulationSize = 50 },
        ["nsga2_p10"] = _ => new NsgaIICore { PopulationSize = 10 },
        ["nsga2_p30"] = _ => new NsgaIICore { PopulationSize = 30 },
        ["motpe_mv"] = _ => new MotpeCore { Multivariate = true },
        ["motpe_c48"] = _ => new MotpeCore { Candidates = 48 },
        ["motpe_s20"] = _ => new MotpeCore { StartupTrials = 20 },
        ["default"] = _ => new AutoMultiObjectiveCore(),
        ["auto100"] = _ => new AutoMultiObjectiveCore { SwitchAfter = 100 },
        ["auto200"] = _ => new AutoMultiObjectiveCore { SwitchAfter = 200 },
        ["auto500"] = _ => new AutoMultiObjectiveCore { SwitchAfter = 500 },
        ["auto700"] = _ => new AutoMultiObjectiveCore { SwitchAfter = 700 },
    };

    public static void Run(string[] args)
    {
        int seeds = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int parsed) ? parsed : 10;
        string? Option(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        string[] samplers = Option("--samplers")?.Split(',') ?? ["random", "nsga2", "motpe"];
        int[] budgets = Option("--budgets")?.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray() ?? [100, 300];
        string[]? problemFilter = Option("--problems")?.Split(',');
        bool skipCost = args.Contains("--no-cost");
        IMultiObjectiveProblem[] problems = MultiObjectiveProblems.All.Where(p => problemFilter is null || problemFilter.Contains(p.Name)).ToArray();
        foreach (string name in samplers)
        {
            if (!Samplers.ContainsKey(name))
            {
                throw new ArgumentException($"Unknown sampler '{name}'; known: {string.Join(", ", Samplers.Keys)}.");
            }
        }

        int trials = budgets.Max();
        var clock = Stopwatch.StartNew();
        var results = new Dictionary<(string Problem, string Sampler), double[][]>();
        foreach (IMultiObjectiveProblem problem in problems)
        {
            foreach (string sampler in samplers)
            {
                // hypervolumes[seed][budget index]
                results[(problem.Name, sampler)] = Enumerable.Range(1, seeds).AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
                    .Select(seed => Hypervolumes(problem, Samplers[sampler](problem), (ulong)seed, trials, budgets, out _)).ToArray();
            }
        }

        for (int b = 0; b < budgets.Length; b++)
        {
            Console.WriteLine($"\n{budgets[b]} trials, {seeds} seeds: median hypervolume [IQR]");
            Console.WriteLine("| problem | " + string.Join(" | ", samplers) + " | Optuna random / QMC / NSGA-II / TPE | Optuna best |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", samplers.Length + 2)));
            foreach (IMultiObjectiveProblem problem in problems)
            {
                var cells = samplers.Select(s => Cell(results[(problem.Name, s)].Select(h => h[b]).ToArray()));
                string optuna = "-", best = "-";
                if (Optuna.TryGetValue((problem.Name, budgets[b]), out var reference))
                {
                    optuna = string.Join(" / ", reference.Select(r => double.IsNaN(r.Median) ? "dnf" : $"{Format(r.Median)} [{Format(r.Iqr)}]"));
                    int top = Enumerable.Range(0, reference.Length).Where(i => !double.IsNaN(reference[i].Median)).MaxBy(i => reference[i].Median);
                    best = $"{Format(reference[top].Median)} ({OptunaSamplers[top]})";
                }

                string name = problem.HeldOut ? problem.Name + " (held out)" : problem.Name;
                Console.WriteLine($"| {name} | {string.Join(" | ", cells)} | {optuna} | {best} |");
            }
        }

        Console.WriteLine($"\nQuality runs: {clock.Elapsed.TotalSeconds:F1} s wall.");
        if (skipCost)
        {
            return;
        }

        // Alone (no parallel seeds), and the least disturbed of three runs: the machine is shared, and another process
        // only ever adds time to a proposal.
        Console.WriteLine($"\nCost per trial (seed 1, {trials} trials, sampler time only, best of 3 runs): median [90th percentile] of the last 50 proposals, mean of all");
        Console.WriteLine("| problem | " + string.Join(" | ", samplers.Where(s => s != "random")) + " |");
        Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", samplers.Count(s => s != "random"))));
        foreach (IMultiObjectiveProblem problem in problems)
        {
            var cells = samplers.Where(s => s != "random").Select(s =>
            {
                double[][] runs = Enumerable.Range(0, 3).Select(_ =>
                {
                    Hypervolumes(problem, Samplers[s](problem), 1, trials, budgets, out double[] times);
                    return times;
                }).ToArray();
                double[] best = runs.MinBy(times => SearchQuality.Quantile(times[^50..].Order().ToArray(), 0.5))!;
                double[] last = best[^50..].Order().ToArray();
                return string.Create(CultureInfo.InvariantCulture, $"{SearchQuality.Quantile(last, 0.5):F2} ms [{SearchQuality.Quantile(last, 0.9):F2}], mean {best.Average():F2}");
            });
            Console.WriteLine($"| {problem.Name} | {string.Join(" | ", cells.ToList())} |");
        }
    }

    /// <summary>One run: the hypervolume after each budget, and the time of each proposal in milliseconds.</summary>
    internal static double[] Hypervolumes(IMultiObjectiveProblem problem, IMultiObjectiveCore? core, ulong seed, int trials, int[] budgets, out double[] times)
    {
        var random = new RandomSource(seed);
        var observations = new List<MultiObjectiveObservation>(trials);
        var feasible = new List<double[]>(trials);
        var hypervolumes = new double[budgets.Length];
        times = new double[trials];
        SearchSpaceDescriptor space = problem.Space;
        var values = new double[space.Count];
        for (int t = 0; t < trials; t++)
        {
            long start = Stopwatch.GetTimestamp();
            ParameterSet proposal;
            if (core is null)
            {
                space.SampleValues(random, values);
                proposal = ParameterSet.Create(space, values);
            }
            else
            {
                proposal = core.Propose(space, observations, random);
            }

            times[t] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            (double[] objectives, double[] constraints) = problem.Evaluate(proposal.Values);
            var parameters = proposal.ActiveValues.ToDictionary(p => p.Key, p => p.Value);
            var observation = new MultiObjectiveObservation(parameters, objectives, constraints.Length > 0 ? constraints : null);
            observations.Add(observation);
            if (observation.IsFeasible)
            {
                feasible.Add(objectives);
            }

            int b = Array.IndexOf(budgets, t + 1);
            if (b >= 0)
            {
                hypervolumes[b] = problem.ObjectiveCount == 1 ? feasible.Select(f => f[0]).DefaultIfEmpty(double.PositiveInfinity).Min()
                    : Hypervolume.Compute(feasible, problem.Reference);
            }
        }

        return hypervolumes;
    }

    private static string Cell(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        double median = SearchQuality.Quantile(sorted, 0.5);
        double iqr = SearchQuality.Quantile(sorted, 0.75) - SearchQuality.Quantile(sorted, 0.25);
        int feasible = values.Count(double.IsFinite);
        string cell = double.IsFinite(median) ? $"{Format(median)} [{(double.IsFinite(iqr) ? Format(iqr) : "-")}]" : "none";
        // Only single-objective runs report +∞ (no feasible point found).
        return feasible < values.Length ? $"{cell} ({feasible}/{values.Length} feasible)" : cell;
    }

    private static string Format(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "F0" : Math.Abs(value) >= 1 ? "F2" : Math.Abs(value) >= 0.1 || value == 0 ? "F3" : "G4", CultureInfo.InvariantCulture);
}
