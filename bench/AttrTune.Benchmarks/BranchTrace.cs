using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AttrTune;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// Why the default sampler misses a conditional problem's best branch: for every seed (1 .. n) whose best value stays
/// above the problem's best-branch threshold, the trials each branch got, its best value and the number of its first
/// trial, and the best trials inside the best branch. The quality harness says how often; this says which way.
/// </summary>
/// <example><c>branch-trace jenatton 50 200</c>, <c>branch-trace model_selection 50 200</c>; with ATTRTUNE_TRACE_ALL set,
/// model_selection lists every mlp trial of a missed seed in trial order instead of the best three.</example>
internal static class BranchTrace
{
    public static void Run(string[] args)
    {
        if (args.Length != 4 || args[1] is not ("jenatton" or "model_selection"))
        {
            throw new ArgumentException("usage: branch-trace jenatton|model_selection <trials> <seeds>");
        }

        string which = args[1];
        int budget = int.Parse(args[2], CultureInfo.InvariantCulture);
        int seeds = int.Parse(args[3], CultureInfo.InvariantCulture);
        IProblem problem = which == "jenatton" ? BenchmarkProblems.Jenatton : BenchmarkProblems.ModelSelection;
        int fails = 0;
        for (int seed = 1; seed <= seeds; seed++)
        {
            var sampler = new AutoSampler((ulong)seed);
            var storage = new InMemoryStorage();
            long study = storage.CreateOrLoadStudy("p", StudyDirection.Minimize, problem.Space.Fingerprint, problem.Space.TypeName).Id;
            double best = double.PositiveInfinity;
            for (int i = 0; i < budget; i++)
            {
                SampleProposal proposal = sampler.Sample(new SamplerContext(problem.Space, StudyDirection.Minimize, () => storage.GetTrials(study)))!;
                double value = problem.Evaluate(proposal.Parameters.Values);
                var parameters = proposal.Parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value);
                FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, parameters, proposal.ClaimKey))!;
                storage.FinishTrial(trial.Id, TrialState.Complete, value, null);
                sampler.OnTrialFinished(new SamplerContext(problem.Space, StudyDirection.Minimize, () => storage.GetTrials(study)), storage.GetTrial(trial.Id));
                best = Math.Min(best, value);
            }

            if (best < problem.BestBranchThreshold)
            {
                continue;
            }

            fails++;
            var trials = storage.GetTrials(study);
            string Leaf(FrozenTrial t) => which == "jenatton"
                ? (t.Parameters["X1"] == 0 ? "0" + (t.Parameters["X2"] == 0 ? "0" : "1") : "1" + (t.Parameters["X3"] == 0 ? "0" : "1"))
                : ((int)t.Parameters["Family"]).ToString(CultureInfo.InvariantCulture);
            var byLeaf = trials.GroupBy(Leaf).OrderBy(g => g.Key)
                .Select(g => $"{g.Key}:{g.Count()}/{g.Min(t => t.Value!.Value):F3}/first{g.Min(t => t.Number)}");
            Console.WriteLine($"seed {seed} best {best:F4}  " + string.Join("  ", byLeaf));
            if (which == "jenatton")
            {
                var best00 = trials.Where(t => Leaf(t) == "00").OrderBy(t => t.Value).Take(3)
                    .Select(t => $"(x4 {t.Parameters["X4"]:F2}, r8 {t.Parameters["R8"]:F2} #{t.Number})");
                Console.WriteLine("      best in 00: " + string.Join(" ", best00));
            }
            else
            {
                var mlp = trials.Where(t => Leaf(t) == "3").OrderBy(t => Environment.GetEnvironmentVariable("ATTRTUNE_TRACE_ALL") is null ? t.Value!.Value : t.Number).Take(Environment.GetEnvironmentVariable("ATTRTUNE_TRACE_ALL") is null ? 3 : 1000)
                    .Select(t => $"(lr {Math.Log10(t.Parameters["MlpLr"]):F2}, layers {t.Parameters["MlpLayers"]}, drop {t.Parameters["MlpDropout"]:F2}, act {t.Parameters["MlpActivation"]} #{t.Number} = {t.Value:F3})");
                Console.WriteLine("      best mlp: " + string.Join("\n      ", mlp));
            }
        }

        Console.WriteLine($"failed {fails}/{seeds}");
    }
}
