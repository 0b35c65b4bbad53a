using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// Throughput of W workers on one PostgreSQL study (the settings of bench/optuna/postgres_workers.py: the cont10 space,
/// random sampler, a no-op objective). Each worker has its own <see cref="PostgresStorage"/> (its own connection pool)
/// and runs one trial at a time, as W processes would. Trials/s counts every worker's trials from the start of the
/// first to the end of the last; the median of the repeats is printed with every repeat, and the client's CPU time
/// (this process, user + system, over the same span) per trial: the part of a trial's cost that is the worker's own.
/// The process's figure includes the runtime's own threads (socket events, idle thread-pool threads spinning), which
/// vary with the machine's load; the worker thread's CPU between two consecutive objective calls (the tell and the ask
/// between them, on Linux) is printed too: the client work of the trial path itself.
/// </summary>
public static class PostgresWorkers
{
    public static void Run(string[] args)
    {
        string url = args.Length > 1 ? args[1] : throw new ArgumentException("usage: postgres <postgresql://url> [trials per worker] [repeats] [workers,...]");
        int trialsPerWorker = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 250;
        int repeats = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        int[] workerCounts = args.Length > 4 ? args[4].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray() : [1, 2, 4, 8];
        Console.WriteLine($"| workers | trials | trials/s (median of {repeats}) | all repeats | client CPU ms/trial (median) | all repeats | worker thread CPU ms/trial (median) | all repeats |");
        Console.WriteLine("|---:|---:|---:|---|---:|---|---:|---|");
        Measure(url, 1, 100);
        foreach (int workers in workerCounts)
        {
            (double Rate, double CpuMs, double ThreadMs)[] runs = Enumerable.Range(0, repeats).Select(_ => Measure(url, workers, trialsPerWorker)).ToArray();
            double[] threadCpu = runs.Select(r => r.ThreadMs).OrderBy(r => r).ToArray();
            string allThread = string.Join(", ", threadCpu.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)));
            double[] rates = runs.Select(r => r.Rate).OrderBy(r => r).ToArray();
            double[] cpu = runs.Select(r => r.CpuMs).OrderBy(r => r).ToArray();
            string all = string.Join(", ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)));
            string allCpu = string.Join(", ", cpu.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)));
            Console.WriteLine($"| {workers} | {workers * trialsPerWorker} | {rates[rates.Length / 2].ToString("F0", CultureInfo.InvariantCulture)} | {all} | {cpu[cpu.Length / 2].ToString("F3", CultureInfo.InvariantCulture)} | {allCpu} | {threadCpu[threadCpu.Length / 2].ToString("F3", CultureInfo.InvariantCulture)} | {allThread} |");
        }
    }

    private static (double Rate, double CpuMs, double ThreadMs) Measure(string url, int workers, int trialsPerWorker)
    {
        string name = "workers-" + Guid.NewGuid().ToString("N");
        var storages = Enumerable.Range(0, workers).Select(_ => new PostgresStorage(url)).ToArray();
        try
        {
            var studies = storages.Select((storage, i) => Study<Box10Rosenbrock>.CreateOrResume(name, new StudyOptions { Storage = storage, Sampler = new RandomSampler((ulong)i + 1) })).ToArray();
            using var process = Process.GetCurrentProcess();
            TimeSpan cpuBefore = process.TotalProcessorTime;
            var meters = studies.Select(_ => new ThreadCpuMeter()).ToArray();
            var clock = Stopwatch.StartNew();
            Task.WaitAll(studies.Select((study, i) => Task.Run(() => study.OptimizeAsync(_ => meters[i].Tick(), new OptimizeOptions { MaxTrials = trialsPerWorker }))).ToArray());
            clock.Stop();
            process.Refresh();
            TimeSpan cpu = process.TotalProcessorTime - cpuBefore;
            int stored = studies[0].GetTrials().Count(t => t.State == TrialState.Complete);
            if (stored != workers * trialsPerWorker)
            {
                throw new InvalidOperationException($"Expected {workers * trialsPerWorker} complete trials, found {stored}.");
            }

            StudyStorage.DeleteStudy(storages[0], name);
            return (stored / clock.Elapsed.TotalSeconds, cpu.TotalMilliseconds / stored, meters.Sum(m => m.TotalMs) / meters.Sum(m => m.Intervals));
        }
        finally
        {
            foreach (PostgresStorage storage in storages)
            {
                storage.Dispose();
            }
        }
    }

    // The calling thread's CPU time between consecutive objective calls on the same thread: one tell and one ask.
    private sealed class ThreadCpuMeter
    {
        private long _last = -1;
        private int _thread = -1;

        public double TotalMs { get; private set; }

        public int Intervals { get; private set; }

        public double Tick()
        {
            long now = ThreadCpuNanoseconds();
            int thread = Environment.CurrentManagedThreadId;
            if (_last >= 0 && thread == _thread && now >= 0)
            {
                TotalMs += (now - _last) / 1e6;
                Intervals++;
            }

            _last = now;
            _thread = thread;
            return 0.0;
        }

        private static long ThreadCpuNanoseconds()
        {
            if (!OperatingSystem.IsLinux())
            {
                return -1;
            }

            const int ThreadCpuClock = 3;
            return ClockGetTime(ThreadCpuClock, out TimeSpec time) == 0 ? (time.Seconds * 1_000_000_000L) + time.Nanoseconds : -1;
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec time);
    }
}
