using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace AttrTune.EndToEnd.Tests;

/// <summary>How a kill test runs: how many workers, how many kills, how big a grid.</summary>
public sealed record KillRunOptions
{
    /// <summary>Worker processes running at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>
    /// SIGKILLs to send (and restart) before the phase ends with a kill of every worker still running; the study is
    /// then finished without kills.
    /// </summary>
    public int Kills { get; init; } = 20;

    /// <summary>Points of X per row; the grid has 10 rows, so 10 x this many points.</summary>
    public int PointsPerRow { get; init; } = 100;

    /// <summary>The fraction of trials whose objective fails on purpose (they are retried at the end).</summary>
    public double FailureRate { get; init; } = 0.02;

    /// <summary>
    /// A worker is killed a random time in [0, this) after its first trial finished, or a random 0-25 ms after it
    /// logged a random number of finishes in [0, <see cref="MaxFinishesPerLife"/>) (0: once the study is open),
    /// whichever comes first. Timed by the worker's own progress, the kills land among running trials however slowly
    /// a loaded machine starts processes, and still come before the grid runs out on a fast one.
    /// </summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>See <see cref="MaxLifetime"/>.</summary>
    public int MaxFinishesPerLife { get; init; } = 20;

    /// <summary>The fraction of launches killed instead a random 0-500 ms after they start opening the study (recovering dead workers' trials).</summary>
    public double OpeningKillFraction { get; init; } = 0.1;

    /// <summary>The kill phase stops here even if fewer kills were sent (a slow machine); the report says so.</summary>
    public TimeSpan KillPhaseDeadline { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the workers that finish the study (no kills) may take.</summary>
    public TimeSpan FinishDeadline { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Seeds the kill schedule and each launch's own choices.</summary>
    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>Where to keep the database and side logs; a new temporary folder when null.</summary>
    public string? Directory { get; init; }
}

/// <summary>What a kill test did and found.</summary>
public sealed record KillReport
{
    public required KillRunOptions Options { get; init; }

    public required string Directory { get; init; }

    /// <summary>Worker processes started in the kill phase (the finishing ones not included).</summary>
    public required int Launches { get; init; }

    public required int Kills { get; init; }

    /// <summary>Kills of workers that had not yet opened the study (or were still recovering in it).</summary>
    public required int KillsWhileOpening { get; init; }

    /// <summary>Kills of workers that had finished at least one trial: among running trials.</summary>
    public required int KillsAmongTrials { get; init; }

    public required bool GridExhaustedDuringKills { get; init; }

    public required int FinishRounds { get; init; }

    /// <summary>Trials finished (complete or failed) in the database when the kill phase ended.</summary>
    public required int FinishedDuringKills { get; init; }

    /// <summary>The median time from a worker's start to its study being open.</summary>
    public required TimeSpan MedianTimeToReady { get; init; }

    public required TimeSpan KillPhase { get; init; }

    public required TimeSpan FinishPhase { get; init; }

    public required KillCheckResult Checks { get; init; }

    /// <summary>Workers that ended by themselves with an error, or did not finish in time.</summary>
    public required IReadOnlyList<string> WorkerFailures { get; init; }

    public IEnumerable<string> Violations => WorkerFailures.Concat(Checks.Violations);

    public override string ToString()
    {
        var text = new StringBuilder();
        KillCheckResult c = Checks;
        text.AppendLine(CultureInfo.InvariantCulture, $"kill test: {Options.Workers} workers, grid {c.GridPoints} points, failure rate {Options.FailureRate}, seed {Options.Seed}, folder {Directory}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  kill phase {KillPhase.TotalSeconds:0.0} s: {Launches} launches (median {MedianTimeToReady.TotalMilliseconds:0} ms to open the study), {Kills} SIGKILLs ({KillsAmongTrials} after a trial had finished, {Kills - KillsAmongTrials - KillsWhileOpening} between opening and the first finish, {KillsWhileOpening} while opening), {FinishedDuringKills} trials finished{(GridExhaustedDuringKills ? ", grid exhausted before the last kill" : "")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  finish phase {FinishPhase.TotalSeconds:0.0} s in {FinishRounds} round(s) of {Options.Workers} workers without kills");
        text.AppendLine(CultureInfo.InvariantCulture, $"  trials {c.Trials} (numbers 0..{c.Trials - 1}): {c.Complete} complete, {c.Failed} failed ({c.FailedAsDead} by a dead worker, {c.FailedOnPurpose} on purpose), {c.Retries} retries, {c.Other} other");
        text.AppendLine(CultureInfo.InvariantCulture, $"  side logs: {c.SideLogs} files, {c.LoggedFinishes} logged finishes checked ({c.LoggedComplete} complete, {c.LoggedFailed} failed), {c.TornLines} torn last lines");
        text.AppendLine(CultureInfo.InvariantCulture, $"  integrity_check: {c.IntegrityCheck}");
        List<string> violations = Violations.ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"  violations: {violations.Count}");
        foreach (string violation in violations.Take(50))
        {
            text.AppendLine("    " + violation);
        }

        return text.ToString();
    }
}

/// <summary>
/// The kill test's driver, shared by the test suite (<c>KillTests</c>) and the longer run (<c>bench/killtest</c>):
/// starts worker processes on one SQLite study, SIGKILLs random ones at random moments and restarts them, then
/// runs workers without kills until the study is complete, and checks the database against the workers' side logs
/// (<see cref="KillChecks"/>).
/// </summary>
public static class KillDriver
{
    public const string StudyName = "kill";

    /// <summary>The worker's source, a consumer program kept in bench/killtest/worker.</summary>
    public static string WorkerSource(string repositoryRoot) =>
        File.ReadAllText(Path.Combine(repositoryRoot, "bench", "killtest", "worker", "Program.cs"));

    /// <summary>Builds the worker as a consumer of the packed package; returns its dll.</summary>
    public static string BuildWorker(PackedPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        string project = package.CreateConsumer("KillWorker", WorkerSource(package.RepositoryRoot));
        ProcessResult build = package.Dotnet(project, "build", "-c", "Release");
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"The kill test's worker did not build:\n{build.Output}");
        }

        return Path.Combine(project, "bin", "Release", "net10.0", "KillWorker.dll");
    }

    public static KillReport Run(string workerDll, KillRunOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        progress ??= _ => { };
        string directory = options.Directory ?? System.IO.Directory.CreateTempSubdirectory("attrtune-kill-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "logs"));
        var run = new KillRun(workerDll, directory, options, progress);
        return run.Execute();
    }

    private sealed class KillRun(string workerDll, string directory, KillRunOptions options, Action<string> progress)
    {
        private readonly Random _random = new(options.Seed);
        private readonly List<string> _workerFailures = new();
        private readonly List<WorkerLaunch> _all = new();
        private string Database => Path.Combine(directory, "study.db");
        private int _launches;

        public KillReport Execute()
        {
            var clock = Stopwatch.StartNew();
            (int kills, int whileOpening, int amongTrials, bool exhausted) = KillPhase();
            TimeSpan killPhase = clock.Elapsed;
            int killPhaseLaunches = _launches;
            int finishedDuringKills = KillChecks.CountFinished(Database, StudyName);
            List<TimeSpan> toReady = _all.Select(l => l.TimeToReady).OfType<TimeSpan>().Order().ToList();
            progress($"kill phase done: {kills} kills in {killPhase.TotalSeconds:0.0} s; finishing the study without kills");

            clock.Restart();
            int rounds = 0;
            int gridPoints = 10 * options.PointsPerRow;
            do
            {
                rounds++;
                FinishRound();
            }
            while (rounds < 3 && _workerFailures.Count == 0 && !KillChecks.IsStudyComplete(Database, StudyName, gridPoints));

            TimeSpan finishPhase = clock.Elapsed;
            foreach (WorkerLaunch launch in _all)
            {
                launch.Process.Dispose();
            }

            KillCheckResult checks = KillChecks.Run(Database, StudyName, Path.Combine(directory, "logs"), options.PointsPerRow);
            return new KillReport
            {
                Options = options,
                Directory = directory,
                Launches = killPhaseLaunches,
                Kills = kills,
                KillsWhileOpening = whileOpening,
                KillsAmongTrials = amongTrials,
                GridExhaustedDuringKills = exhausted,
                FinishRounds = rounds,
                FinishedDuringKills = finishedDuringKills,
                MedianTimeToReady = toReady.Count == 0 ? TimeSpan.Zero : toReady[toReady.Count / 2],
                KillPhase = killPhase,
                FinishPhase = finishPhase,
                Checks = checks,
                WorkerFailures = _workerFailures,
            };
        }

        private (int Kills, int WhileOpening, int AmongTrials, bool Exhausted) KillPhase()
        {
            var clock = Stopwatch.StartNew();
            var slots = new WorkerLaunch[options.Workers];
            for (int i = 0; i < slots.Length; i++)
            {
                slots[i] = Launch(finish: false);
            }

            int kills = 0;
            int whileOpening = 0, amongTrials = 0;
            bool exhausted = false;
            while (kills < options.Kills && !exhausted && clock.Elapsed < options.KillPhaseDeadline)
            {
                Thread.Sleep(5);
                for (int i = 0; i < slots.Length && kills < options.Kills; i++)
                {
                    WorkerLaunch launch = slots[i];
                    if (launch.Process.HasExited)
                    {
                        // It ended by itself: the grid is exhausted (exit 0), or it failed.
                        launch.Process.WaitForExit();
                        if (launch.Process.ExitCode == 0 && launch.Output.Contains("exhausted", StringComparison.Ordinal))
                        {
                            exhausted = true; // The phase ends; the finishing workers take what is left.
                            break;
                        }

                        _workerFailures.Add(launch.Describe("ended by itself during the kill phase"));
                        slots[i] = Launch(finish: false);
                        continue;
                    }

                    if (launch.DueForKill())
                    {
                        (bool ready, bool finished) = (launch.IsReady, launch.HasFinishedATrial);
                        if (launch.Kill())
                        {
                            kills++;
                            whileOpening += ready ? 0 : 1;
                            amongTrials += finished ? 1 : 0;
                            if (kills % 10 == 0)
                            {
                                progress($"{kills} kills, {clock.Elapsed.TotalSeconds:0.0} s");
                            }
                        }
                        else
                        {
                            continue; // It had exited first: judged on the next pass.
                        }

                        slots[i] = Launch(finish: false);
                    }
                }
            }

            // The phase ends with a kill of every worker still running, wherever it is.
            foreach (WorkerLaunch launch in slots)
            {
                (bool ready, bool finished) = (launch.IsReady, launch.HasFinishedATrial);
                if (launch.Kill())
                {
                    kills++;
                    whileOpening += ready ? 0 : 1;
                    amongTrials += finished ? 1 : 0;
                }
                else if (launch.Process.ExitCode != 0 || !launch.Output.Contains("exhausted", StringComparison.Ordinal))
                {
                    _workerFailures.Add(launch.Describe("ended by itself during the kill phase"));
                }
            }

            return (kills, whileOpening, amongTrials, exhausted);
        }

        private void FinishRound()
        {
            WorkerLaunch[] finishers = Enumerable.Range(0, options.Workers).Select(_ => Launch(finish: true)).ToArray();
            var clock = Stopwatch.StartNew();
            foreach (WorkerLaunch launch in finishers)
            {
                TimeSpan left = options.FinishDeadline - clock.Elapsed;
                if (!launch.Process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                {
                    launch.Kill();
                    _workerFailures.Add(launch.Describe($"did not finish the study in {options.FinishDeadline.TotalSeconds:0} s"));
                    continue;
                }

                launch.Process.WaitForExit();
                if (launch.Process.ExitCode != 0 || !launch.Output.Contains("done", StringComparison.Ordinal))
                {
                    _workerFailures.Add(launch.Describe("failed while finishing the study"));
                }
            }
        }

        private WorkerLaunch Launch(bool finish)
        {
            int index = _launches++;
            string log = Path.Combine(directory, "logs", $"launch-{index.ToString("D5", CultureInfo.InvariantCulture)}.log");
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory,
            };
            start.ArgumentList.Add(workerDll);
            start.ArgumentList.Add(Database);
            start.ArgumentList.Add(log);
            start.ArgumentList.Add(options.PointsPerRow.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(_random.Next().ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(options.FailureRate.ToString("R", CultureInfo.InvariantCulture));
            if (finish)
            {
                start.ArgumentList.Add("finish");
            }

            foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            // Killed at a random moment (see KillRunOptions.MaxLifetime), some while opening the study.
            var schedule = new KillSchedule(
                _random.NextDouble() < options.OpeningKillFraction ? TimeSpan.FromMilliseconds(_random.Next(501)) : null,
                options.MaxLifetime * _random.NextDouble(),
                _random.Next(options.MaxFinishesPerLife),
                TimeSpan.FromMilliseconds(_random.Next(26)));
            var launch = new WorkerLaunch(index, Process.Start(start)!, schedule);
            _all.Add(launch);
            return launch;
        }
    }

    private sealed record KillSchedule(TimeSpan? AfterOpening, TimeSpan AfterFirstFinish, int Finishes, TimeSpan AfterFinishes);

    private sealed class WorkerLaunch
    {
        private readonly StringBuilder _output = new();
        private readonly Stopwatch _age = Stopwatch.StartNew();
        private readonly KillSchedule _schedule;
        private long _openingAtTicks = -1;
        private long _readyAtTicks = -1;
        private long _firstFinishAtTicks = -1;
        private long _finishesReachedAtTicks = -1;
        private int _finishes;

        public WorkerLaunch(int index, Process process, KillSchedule schedule)
        {
            Index = index;
            Process = process;
            _schedule = schedule;
            process.OutputDataReceived += (_, e) => Received(e.Data, stdout: true);
            process.ErrorDataReceived += (_, e) => Received(e.Data, stdout: false);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Index { get; }

        public Process Process { get; }

        public bool IsReady => Interlocked.Read(ref _readyAtTicks) >= 0;

        public bool HasFinishedATrial => Interlocked.Read(ref _firstFinishAtTicks) >= 0;

        /// <summary>How long the worker took to open the study; null if it never did.</summary>
        public TimeSpan? TimeToReady => Interlocked.Read(ref _readyAtTicks) is >= 0 and long ticks ? TimeSpan.FromTicks(ticks) : null;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public bool DueForKill()
        {
            TimeSpan age = _age.Elapsed;
            bool Passed(ref long since, TimeSpan delay) => Interlocked.Read(ref since) is >= 0 and long ticks && age - TimeSpan.FromTicks(ticks) >= delay;
            return _schedule.AfterOpening is { } afterOpening
                ? Passed(ref _openingAtTicks, afterOpening)
                : Passed(ref _firstFinishAtTicks, _schedule.AfterFirstFinish) || Passed(ref _finishesReachedAtTicks, _schedule.AfterFinishes);
        }

        /// <summary>SIGKILLs the worker; false when it had already exited.</summary>
        public bool Kill()
        {
            try
            {
                if (!Process.HasExited)
                {
                    Process.Kill(); // SIGKILL on Linux.
                    Process.WaitForExit();
                    return true;
                }
            }
            catch (InvalidOperationException)
            {
                // It exited between the test and the kill.
            }

            Process.WaitForExit();
            return false;
        }

        public string Describe(string what)
        {
            string exit = Process.HasExited ? Process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none";
            string output = Output;
            return $"launch {Index} {what} (exit code {exit}): {(output.Length > 2000 ? "..." + output[^2000..] : output).ReplaceLineEndings(" | ")}";
        }

        private void Received(string? line, bool stdout)
        {
            if (line is null)
            {
                return;
            }

            long now = _age.Elapsed.Ticks;
            if (stdout && line == "+")
            {
                Interlocked.CompareExchange(ref _firstFinishAtTicks, now, -1);
                if (Interlocked.Increment(ref _finishes) >= _schedule.Finishes)
                {
                    Interlocked.CompareExchange(ref _finishesReachedAtTicks, now, -1);
                }

                return;
            }

            if (stdout && line == "opening")
            {
                Interlocked.CompareExchange(ref _openingAtTicks, now, -1);
            }

            if (stdout && line == "ready")
            {
                Interlocked.CompareExchange(ref _readyAtTicks, now, -1);
                if (_schedule.Finishes == 0)
                {
                    Interlocked.CompareExchange(ref _finishesReachedAtTicks, now, -1);
                }
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
