using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using AttrTune.Analysis;
using AttrTune.Export;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// Parameter importance on the benchmark problems.
/// <c>importance-export &lt;dir&gt; [trials] [seed] [parameter|raw]</c>: a study of each problem sampled at random (RandomSampler(seed)),
/// written with the JSON export (<c>&lt;problem&gt;.json</c>) beside our fANOVA and PED-ANOVA importances
/// (<c>&lt;problem&gt;.importance.json</c>: fANOVA with the seed, PED-ANOVA, and fANOVA averaged over seeds seed..seed+4), for <c>bench/optuna/importance.py</c> to compare with Optuna's.
/// The last argument is fANOVA's <see cref="ImportanceScale"/>: <c>parameter</c> (the default) or <c>raw</c> (log-scale
/// parameters on raw values, as Optuna 3.1).
/// <c>importance-cost [repeats] [trials]</c>: the time of one importance evaluation on 10-parameter studies (median of
/// the repeats, after one warm-up).
/// </summary>
public static class AnalysisBench
{
    public static void Export(string[] args)
    {
        string directory = args.Length > 1 ? args[1] : "importance-studies";
        int trials = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        ulong seed = args.Length > 3 ? ulong.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        ImportanceScale scale = args.Length <= 4 ? ImportanceScale.Parameter : args[4] switch
        {
            "parameter" => ImportanceScale.Parameter,
            "raw" => ImportanceScale.Raw,
            _ => throw new ArgumentException($"importance-export: the scale '{args[4]}' is not parameter or raw."),
        };
        Directory.CreateDirectory(directory);
        foreach (IProblem problem in BenchmarkProblems.All)
        {
            (StudyRecord record, IReadOnlyList<FrozenTrial> study) = RandomStudy(problem, trials, seed);
            using (FileStream stream = File.Create(Path.Combine(directory, problem.Name + ".json")))
            {
                StudyExport.WriteJson(problem.Space, record, study, stream);
            }

            var analysis = new StudyAnalysis(problem.Space, StudyDirection.Minimize, study);
            var importances = new Dictionary<string, Dictionary<string, double>>
            {
                ["fanova"] = ToDictionary(analysis.GetImportance(new ImportanceOptions { Seed = seed, Scale = scale })),
                ["ped_anova"] = ToDictionary(analysis.GetImportance(new ImportanceOptions { Evaluator = ImportanceEvaluator.PedAnova })),
                ["fanova_mean5"] = Enumerable.Range(0, 5)
                    .SelectMany(k => analysis.GetImportance(new ImportanceOptions { Seed = seed + (ulong)k, Scale = scale }).Parameters)
                    .GroupBy(p => p.Name)
                    .ToDictionary(g => g.Key, g => g.Average(p => p.Importance)),
            };
            File.WriteAllText(Path.Combine(directory, problem.Name + ".importance.json"), JsonSerializer.Serialize(importances, new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"{problem.Name}: {study.Count} trials; fANOVA ({scale} scale) " + string.Join(", ", importances["fanova"].Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:F3}"))));
        }
    }

    public static void Cost(string[] args)
    {
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        int trials = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        Console.WriteLine("| space | parameters | trials | evaluator | median ms | min ms | max ms |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|");
        foreach (IProblem problem in new IProblem[] { BenchmarkProblems.Rosenbrock10, BenchmarkProblems.ModelSelection, BenchmarkProblems.Mixed })
        {
            (_, IReadOnlyList<FrozenTrial> study) = RandomStudy(problem, trials, 1);
            var analysis = new StudyAnalysis(problem.Space, StudyDirection.Minimize, study);
            foreach (ImportanceOptions options in new[] { ImportanceOptions.Default, new ImportanceOptions { Evaluator = ImportanceEvaluator.PedAnova } })
            {
                analysis.GetImportance(options);
                var times = new double[repeats];
                for (int r = 0; r < repeats; r++)
                {
                    long start = Stopwatch.GetTimestamp();
                    analysis.GetImportance(options with { Seed = (ulong)r });
                    times[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                Array.Sort(times);
                double median = repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {problem.Name} | {problem.Space.Count} | {trials} | {options.Evaluator} | {median:F1} | {times[0]:F1} | {times[^1]:F1} |"));
            }
        }
    }

    private static Dictionary<string, double> ToDictionary(ParameterImportances importances) =>
        importances.Parameters.ToDictionary(p => p.Name, p => p.Importance);

    private static (StudyRecord Record, IReadOnlyList<FrozenTrial> Trials) RandomStudy(IProblem problem, int trials, ulong seed)
    {
        var storage = new InMemoryStorage();
        StudyRecord record = storage.CreateOrLoadStudy(problem.Name, StudyDirection.Minimize, problem.Space.Fingerprint, problem.Space.TypeName);
        var sampler = new RandomSampler(seed);
        for (int i = 0; i < trials; i++)
        {
            SampleProposal proposal = sampler.Sample(new SamplerContext(problem.Space, StudyDirection.Minimize, () => storage.GetTrials(record.Id)))!;
            var parameters = proposal.Parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value);
            FrozenTrial trial = storage.TryCreateTrial(record.Id, new NewTrial(TrialState.Running, parameters, proposal.ClaimKey))!;
            storage.FinishTrial(trial.Id, TrialState.Complete, problem.Evaluate(proposal.Parameters.Values), null);
        }

        return (record, storage.GetTrials(record.Id));
    }
}
