using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using AttrTune.EndToEnd.Tests;

// The kill test's longer run (see README.md): the same driver and checks as the test suite's KillTests, with more
// workers, more kills and a bigger grid. Exit code 0 when every check holds, 1 on any violation (the folder with
// the database and the side logs is then kept and printed).
//
// Usage: dotnet run -c Release --project bench/killtest -- [--workers 4] [--kills 200] [--points-per-row 2 x kills]
//                                                          [--failure-rate 0.02] [--seed N] [--keep]
//                                                          [--max-finishes 20] [--worker path/to/KillWorker.dll]
// --worker reuses a worker built by an earlier run (kept with --keep) instead of packing and building one.
int workers = 4, kills = 200;
int? pointsPerRow = null;
double failureRate = 0.02;
int seed = Environment.TickCount;
bool keep = false;
string? worker = null;
int maxFinishes = new KillRunOptions().MaxFinishesPerLife;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--workers": workers = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--kills": kills = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--points-per-row": pointsPerRow = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--failure-rate": failureRate = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--keep": keep = true; break;
        case "--worker": worker = args[++i]; break;
        case "--max-finishes": maxFinishes = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: [--workers N] [--kills N] [--points-per-row N] [--failure-rate R] [--seed N] [--keep] [--max-finishes N] [--worker DLL]");
            return 2;
    }
}

var clock = Stopwatch.StartNew();
PackedPackage? package = null;
if (worker is null)
{
    package = new PackedPackage();
    Console.WriteLine($"packed AttrTune {package.Version} in {clock.Elapsed.TotalSeconds:0.0} s");
    clock.Restart();
    worker = KillDriver.BuildWorker(package);
    Console.WriteLine($"built the worker from the package in {clock.Elapsed.TotalSeconds:0.0} s: {worker}");
}

clock.Restart();
KillReport report = KillDriver.Run(
    worker,
    new KillRunOptions
    {
        Workers = workers,
        Kills = kills,
        // Each launch is killed within its first 20 finishes, so the kills use up at most ~10 x kills points on
        // average: a grid of 20 x kills leaves the finishing workers a good part of it (and its dead trials).
        PointsPerRow = pointsPerRow ?? Math.Max(60, 2 * kills),
        FailureRate = failureRate,
        MaxFinishesPerLife = maxFinishes,
        Seed = seed,
        KillPhaseDeadline = TimeSpan.FromMinutes(30),
        FinishDeadline = TimeSpan.FromMinutes(15),
    },
    line => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {line}"));
Console.WriteLine(report);
Console.WriteLine($"run {clock.Elapsed.TotalSeconds:0.0} s");

bool violated = report.Violations.Any();
if (violated || keep)
{
    Console.WriteLine($"database and side logs kept in {report.Directory}");
    if (package is not null)
    {
        Console.WriteLine($"worker kept in {package.WorkDirectory}");
    }
}
else
{
    System.IO.Directory.Delete(report.Directory, recursive: true);
    package?.Dispose();
}

return violated ? 1 : 0;
