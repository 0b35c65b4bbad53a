using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AttrTune.Benchmarks -- --filter '*'     (BenchmarkDotNet micro-benchmarks)
// dotnet run -c Release --project bench/AttrTune.Benchmarks -- engine [repeats] (engine overhead, trials/s)
if (args.Length > 0 && args[0] == "engine")
{
    AttrTune.Benchmarks.EngineOverhead.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
