using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
#if !ATTRTUNE_OLD_API
using AttrTune.Distributions;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
#endif

namespace AttrTune.Benchmarks;

/// <summary>
/// How the engine's cost per trial grows with the study: <c>scale [grid,best,sqlite,auto] [repeats]</c>.
/// <list type="bullet">
/// <item><c>grid</c>: an in-memory study of <see cref="ScaleGrid"/> (27,000 grid points) with <see cref="GridSampler"/>,
/// 20,100 trials; µs per trial (time between two consecutive trial ends) around trials 5,000 and 20,000.</item>
/// <item><c>best</c>: an in-memory random-sampler study of <see cref="ScaleBox"/> whose per-trial callback reads
/// <c>Study.Best</c>, 20,100 trials; µs per trial around trials 10,000 and 20,000, beside the same study without the read.</item>
/// <item><c>sqlite</c>: 20,000 random trials into a SQLite file (<c>SyncFinishedTrials = false</c>), then the first
/// <c>Best</c> read in the same process, and after reopening the file (open, first and second read timed apart).</item>
/// <item><c>auto</c>: the auto sampler on a 300-parameter and a 60-parameter box (floats on [-5, 10], sphere
/// objective), the loop of <c>cost</c> (in-memory storage; Sample, OnTrialStarted and OnTrialFinished timed): 40 trials
/// after the first parameters + 2, which are unscreened whatever the route (the GP's minimum).</item>
/// </list>
/// The file compiles against the release before the engine split too (bench/scale-old.sh defines ATTRTUNE_OLD_API),
/// so old and new can be measured with the same harness.
/// </summary>
public static class Scale
{
    private const int GridTrials = 20_100;
    private const int BestTrials = 20_100;
    private const int SqliteTrials = 20_000;
    private const int AutoTrials = 40;

    public static void Run(string[] args)
    {
        string[] parts = args.Length > 1 ? args[1].Split(',') : new[] { "grid", "best", "sqlite", "auto" };
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        Console.WriteLine($"scale: {string.Join(",", parts)}, {repeats} repeat(s), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        for (int r = 0; r < repeats; r++)
        {
            if (parts.Contains("grid"))
            {
                Grid();
            }

            if (parts.Contains("best"))
            {
                Best(readBest: true);
                Best(readBest: false);
            }

            if (parts.Contains("sqlite"))
            {
                Sqlite();
            }

            if (parts.Contains("loop"))
            {
                Loop();
            }

            if (parts.Contains("auto"))
            {
                Auto(300);
                Auto(60);
            }
        }
    }

    // Median of the gaps between consecutive trial ends whose later trial number is in [center - 100, center + 100).
    private static double MedianMicroseconds(long[] ends, int center)
    {
        double[] gaps = Enumerable.Range(center - 100, 200)
            .Select(i => (ends[i] - ends[i - 1]) * 1e6 / Stopwatch.Frequency)
            .Order()
            .ToArray();
        return (gaps[99] + gaps[100]) / 2;
    }

    private static string F(double value, string format = "F1") => value.ToString(format, CultureInfo.InvariantCulture);

    // The engine-overhead loop of `engine` (random sampler, no-op objective, in memory) on a longer study, so that JIT
    // tiering and GC warm-up weigh less than in the 10,000-trial repeats: the A/B check for engine regressions.
    private static void Loop()
    {
        const int trials = 200_000;
        var rates = new double[Environment.GetEnvironmentVariable("SCALE_SHORT_REPEATS") is null ? 7 : 0];
        for (int r = 0; r < rates.Length; r++)
        {
            var clock = Stopwatch.StartNew();
            var study = Study<AttrTune.Problems.Box10Rosenbrock>.CreateOrResume("loop", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new RandomSampler(1) });
            study.OptimizeAsync(_ => 0.0, new OptimizeOptions { MaxTrials = trials }).GetAwaiter().GetResult();
            rates[r] = trials / clock.Elapsed.TotalSeconds;
        }

        int shortRepeats = Environment.GetEnvironmentVariable("SCALE_SHORT_REPEATS") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 15;
        var create = new double[shortRepeats];
        var run = new double[shortRepeats];
        double bytesPerTrial = 0;
        for (int r = 0; r < create.Length; r++)
        {
            long start = Stopwatch.GetTimestamp();
            var study = Study<AttrTune.Problems.Box10Rosenbrock>.CreateOrResume("short", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new RandomSampler(1) });
            create[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            study.OptimizeAsync(_ => 0.0, new OptimizeOptions { MaxTrials = 10_000 }).GetAwaiter().GetResult();
            run[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            bytesPerTrial = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 10_000.0;
        }

        Console.WriteLine($"short studies (10,000 trials, 15 repeats): CreateOrResume ms median {F(create.Order().ElementAt(shortRepeats / 2), "F3")} (first {F(create[0], "F1")}); OptimizeAsync ms median {F(run.Order().ElementAt(shortRepeats / 2), "F1")}; allocated {F(bytesPerTrial, "F0")} B/trial; gen0/1/2 collections so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        if (rates.Length == 0)
        {
            return;
        }

        Array.Sort(rates);
        Console.WriteLine($"loop (in memory, random, 10 floats, {trials} trials, 7 repeats): trials/s median {F(rates[3], "F0")}; all {string.Join(", ", rates.Select(x => F(x, "F0")))}");
    }

    private static void Grid()
    {
        var ends = new long[GridTrials];
        var clock = Stopwatch.StartNew();
        var study = Study<ScaleGrid>.CreateOrResume("grid", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new GridSampler() });
        study.OptimizeAsync(c => c.A + c.B + c.C, new OptimizeOptions { MaxTrials = GridTrials }, ctx => ends[ctx.Trial.Number] = Stopwatch.GetTimestamp())
            .GetAwaiter().GetResult();
        Console.WriteLine($"grid (in memory, 27,000 points, {GridTrials} trials): µs/trial median around 5,000: {F(MedianMicroseconds(ends, 5_000))}; around 20,000: {F(MedianMicroseconds(ends, 20_000))}; wall {F(clock.Elapsed.TotalSeconds)} s");
    }

    private static void Best(bool readBest)
    {
        var ends = new long[BestTrials];
        double sink = 0;
        var clock = Stopwatch.StartNew();
        var study = Study<ScaleBox>.CreateOrResume("best", new StudyOptions { Storage = new InMemoryStorage(), Sampler = new RandomSampler(1) });
        study.OptimizeAsync(c => c.X0 * c.X0 + c.X1 * c.X1, new OptimizeOptions { MaxTrials = BestTrials }, ctx =>
        {
            if (readBest)
            {
                sink += ctx.Study.Best.Value ?? 0;
            }

            ends[ctx.Trial.Number] = Stopwatch.GetTimestamp();
        }).GetAwaiter().GetResult();
        string what = readBest ? "reading study.Best in the callback" : "without reading Best (baseline)";
        Console.WriteLine($"best, {what} (in memory, random, {BestTrials} trials): µs/trial median around 10,000: {F(MedianMicroseconds(ends, 10_000))}; around 20,000: {F(MedianMicroseconds(ends, 20_000))}; wall {F(clock.Elapsed.TotalSeconds)} s{(sink < 0 ? "!" : "")}");
    }

    private static void Sqlite()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("attrtune-scale-").FullName, "study.db");
        var options = new SqliteStorageOptions { SyncFinishedTrials = false };
        var clock = Stopwatch.StartNew();
        double warmFirst, warmSecond;
        using (var storage = new SqliteStorage(path, options))
        {
            var study = Study<ScaleBox>.CreateOrResume("sqlite", new StudyOptions { Storage = storage, Sampler = new RandomSampler(1) });
            study.OptimizeAsync(c => c.X0 * c.X0 + c.X1 * c.X1, new OptimizeOptions { MaxTrials = SqliteTrials }).GetAwaiter().GetResult();
            long start = Stopwatch.GetTimestamp();
            _ = study.Best;
            warmFirst = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            _ = study.Best;
            warmSecond = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        double build = clock.Elapsed.TotalSeconds;
        double open, coldFirst, coldSecond;
        int number;
        using (var storage = new SqliteStorage(path, options))
        {
            long start = Stopwatch.GetTimestamp();
            var study = Study<ScaleBox>.CreateOrResume("sqlite", new StudyOptions { Storage = storage, Sampler = new RandomSampler(1) });
            open = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            number = study.Best.Number;
            coldFirst = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            start = Stopwatch.GetTimestamp();
            _ = study.Best;
            coldSecond = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        // For reference: one full read of the trials from a fresh connection (what the old Best did on a cold cache).
        double fullRead;
        using (var storage = new SqliteStorage(path, options))
        {
            long id = storage.FindStudy("sqlite")!.Id;
            long start = Stopwatch.GetTimestamp();
            int count = storage.GetTrials(id).Count;
            fullRead = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (count != SqliteTrials)
            {
                throw new InvalidOperationException($"Expected {SqliteTrials} trials, found {count}.");
            }
        }

        Console.WriteLine($"sqlite ({SqliteTrials} trials, built in {F(build)} s, one full GetTrials from a fresh connection {F(fullRead, "F2")} ms): Best in the same process: first {F(warmFirst, "F2")} ms, second {F(warmSecond, "F2")} ms; after reopening: open (CreateOrResume) {F(open, "F2")} ms, first Best {F(coldFirst, "F2")} ms (trial {number}), second {F(coldSecond, "F2")} ms");
        File.Delete(path);
    }

    private static void Auto(int dimensions)
    {
        var builder = new SearchSpaceDescriptorBuilder("ScaleBox" + dimensions.ToString(CultureInfo.InvariantCulture));
        for (int i = 0; i < dimensions; i++)
        {
            builder.Add("x" + i.ToString(CultureInfo.InvariantCulture), new FloatDistribution(-5, 10));
        }

        SearchSpaceDescriptor space = builder.Build();
        var storage = new InMemoryStorage();
        long study = storage.CreateOrLoadStudy("auto", StudyDirection.Minimize, space.Fingerprint, space.TypeName).Id;
        var sampler = new AutoSampler(1);
        SamplerContext Context() => new(space, StudyDirection.Minimize, () => storage.GetTrials(study));

        // Screened CMA-ES fits its GP only once it has dimensions + 2 trials, so the first dimensions + 2 proposals
        // are plain CMA-ES in either version; the few dozen after them are the ones that show the route's cost.
        int unscreened = dimensions + 2;
        int trials = unscreened + AutoTrials;
        var times = new double[trials];
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < trials; i++)
        {
            long start = Stopwatch.GetTimestamp();
            SampleProposal proposal = sampler.Sample(Context()) ?? throw new InvalidOperationException("The auto sampler proposed nothing.");
            double sampled = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var parameters = proposal.Parameters.ActiveValues.ToDictionary(p => p.Key, p => p.Value);
            FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, parameters, proposal.ClaimKey))!;
            start = Stopwatch.GetTimestamp();
            sampler.OnTrialStarted(Context(), trial);
            double value = 0;
            foreach (double x in proposal.Parameters.Values)
            {
                value += x * x;
            }

            FrozenTrial finished = storage.FinishTrial(trial.Id, TrialState.Complete, value, null);
            sampler.OnTrialFinished(Context(), finished);
            times[i] = sampled + Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        // The route: AutoSampler.Route after the split, StrategyName before it (read by name, so one file fits both).
        object? route = typeof(AutoSampler).GetProperty("Route")?.GetValue(sampler) ?? typeof(AutoSampler).GetProperty("StrategyName")?.GetValue(sampler);
        double[] first = times[..unscreened].Order().ToArray();
        double[] last = times[unscreened..].Order().ToArray();
        Console.WriteLine($"auto, {dimensions} parameters (route {route}): trials {unscreened + 1} to {trials} (the {AutoTrials} after the GP's minimum of {unscreened}): ms/trial median {F((last[AutoTrials / 2 - 1] + last[AutoTrials / 2]) / 2, "F2")}, mean {F(last.Average(), "F2")}, max {F(last[^1], "F2")}; first {unscreened}: median {F(first[unscreened / 2], "F2")} ms; wall {F(wall.Elapsed.TotalSeconds)} s");
    }
}

/// <summary>Three integers of 30 values each: a grid of 27,000 points.</summary>
[SearchSpace]
public partial class ScaleGrid
{
    [IntRange(0, 29)] public int A { get; set; }

    [IntRange(0, 29)] public int B { get; set; }

    [IntRange(0, 29)] public int C { get; set; }
}

/// <summary>Two floats: the space of the <c>best</c> and <c>sqlite</c> scale runs.</summary>
[SearchSpace]
public partial class ScaleBox
{
    [Uniform(-5, 10)] public double X0 { get; set; }

    [Uniform(-5, 10)] public double X1 { get; set; }
}
