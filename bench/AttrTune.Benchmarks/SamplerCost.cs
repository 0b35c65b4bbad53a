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
/// What a sampler costs per trial when the objective costs nothing: <c>cost [samplers]</c>. Each run is a sequential
/// study on the problem's space (in-memory storage); the time of every <see cref="ISampler.Sample"/> call is recorded
/// and the median and mean of the last 100 trials printed, the figure the reference Optuna measurement reports (docs/benchmarks.md).
/// </summary>
public static class SamplerCost
{
    public static void Run(string[] args)
    {
        string[]? filter = args.Length > 1 ? args[1].Split(',') : null;
        var runs = new (string Name, IProblem Problem, string Space, int Trials, Func<ISampler> Create)[]
        {
            ("tpe", BenchmarkProblems.Rosenbrock10, "cont10", 1000, () => new TpeSampler(1)),
            ("tpe", BenchmarkProblems.Mixed, "mixed", 1000, () => new TpeSampler(1)),
            ("tpe_mv", BenchmarkProblems.Rosenbrock10, "cont10", 1000, () => new TpeSampler(1, new TpeOptions { Multivariate = true })),
            ("gp", BenchmarkProblems.Rosenbrock10, "cont10", 500, () => new GpSampler(1)),
            ("gp", BenchmarkProblems.Mixed, "mixed", 500, () => new GpSampler(1)),
            ("cmaes", BenchmarkProblems.Rosenbrock10, "cont10", 1000, () => new CmaEsSampler(1)),
            ("cmaes_gp", BenchmarkProblems.Rosenbrock10, "cont10", 1000, () => new CmaEsSampler(1, new CmaEsOptions { SurrogateCandidates = 10 })),
            ("ga", BenchmarkProblems.Mixed, "mixed", 1000, () => new GeneticSampler(1)),
            ("auto", BenchmarkProblems.Hartmann6, "hartmann6", 500, () => new AutoSampler(1)),
            ("auto", BenchmarkProblems.ModelSelection, "model_selection", 1000, () => new AutoSampler(1)),
            ("auto", BenchmarkProblems.Jenatton, "jenatton", 1000, () => new AutoSampler(1)),
        };
        Console.WriteLine("| sampler | space | trials | median ms/trial (last 100) | mean ms/trial (last 100) | mean ms/trial (all) | wall s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var run in runs.Where(r => filter is null || filter.Contains(r.Name)))
        {
            var storage = new InMemoryStorage();
            IProblem problem = run.Problem;
            long study = storage.CreateOrLoadStudy("cost", StudyDirection.Minimize, problem.Space.Fingerprint, problem.Space.TypeName).Id;
            ISampler sampler = run.Create();
            var times = new double[run.Trials];
            var wall = Stopwatch.StartNew();
            for (int i = 0; i < run.Trials; i++)
            {
                long start = Stopwatch.GetTimestamp();
                SampleProposal proposal = sampler.Sample(new SamplerContext(problem.Space, StudyDirection.Minimize, () => storage.GetTrials(study)))!;
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                var parameters = proposal.Parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value);
                FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, parameters, proposal.ClaimKey))!;
                storage.FinishTrial(trial.Id, TrialState.Complete, problem.Evaluate(proposal.Parameters.Values), null);
            }

            double[] last = times[^100..].Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Name} | {run.Space} | {run.Trials} | {(last[49] + last[50]) / 2:F3} | {last.Average():F3} | {times.Average():F3} | {wall.Elapsed.TotalSeconds:F1} |"));
        }
    }
}
