using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AttrTune.Benchmarks -- --filter '*'     (BenchmarkDotNet micro-benchmarks)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- engine [repeats] (engine overhead, trials/s)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- quality [seeds]  (search quality, median regret)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- cost [samplers]   (sampler cost per trial)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- scale [parts] [repeats] (cost per trial in long studies)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- importance-export <dir> [trials] [seed] [parameter|raw] (studies for bench/optuna/importance.py; raw: fANOVA on raw values, as Optuna 3.1)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- importance-cost [repeats] [trials] (parameter importance cost)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- postgres <url> [trials per worker] [repeats] [workers] (PostgreSQL workers, trials/s)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- postgres-scale <url> [trials] (per-trial cost at trial 100 and 10,000)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- multiobjective [seeds] (hypervolume of the multi-objective samplers, cost per trial)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- dashboard [trials] [requests] [evaluator] (the dashboard's API and the report on a large study; build src/AttrTune.Cli in Release first)
if (args.Length > 0 && args[0] == "engine")
{
    AttrTune.Benchmarks.EngineOverhead.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "cost")
{
    AttrTune.Benchmarks.SamplerCost.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "scale")
{
    AttrTune.Benchmarks.Scale.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "importance-export")
{
    AttrTune.Benchmarks.AnalysisBench.Export(args);
    return;
}

if (args.Length > 0 && args[0] == "importance-cost")
{
    AttrTune.Benchmarks.AnalysisBench.Cost(args);
    return;
}

if (args.Length > 0 && args[0] == "postgres")
{
    AttrTune.Benchmarks.PostgresWorkers.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "postgres-scale")
{
    AttrTune.Benchmarks.PostgresScale.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "multiobjective-engine")
{
    AttrTune.Benchmarks.MultiObjectiveEngine.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "multiobjective")
{
    AttrTune.Benchmarks.MultiObjectiveQuality.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "dashboard")
{
    AttrTune.Benchmarks.DashboardBench.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "branch-trace")
{
    AttrTune.Benchmarks.BranchTrace.Run(args);
    return;
}

if (args.Length > 0 && args[0] == "quality")
{
    AttrTune.Benchmarks.SearchQuality.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
