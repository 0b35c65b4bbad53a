using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AttrTune.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

public partial class Program;
