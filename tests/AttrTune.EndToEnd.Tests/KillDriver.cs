using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// The kill test's driver, shared by the test suite (<c>KillTests</c>) and the longer run (<c>bench/killtest</c>):
/// starts worker processes on one study (a SQLite file or a PostgreSQL database, <see cref="KillDatabase"/>),
/// SIGKILLs random ones at random moments and restarts them, restarts the database server meanwhile if asked to, then
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
        if (options.ServerRestarts > 0 && options.RestartServer is null)
        {
            throw new ArgumentException("ServerRestarts needs RestartServer.", nameof(options));
        }

        KillDatabase database = options.Database ?? new SqliteKillDatabase(Path.Combine(directory, "study.db"));
        var run = new KillRun(workerDll, directory, database, options, progress);
        KillReport report = run.Execute();
        if (report.Violations.Any())
        {
            try
            {
                database.KeepEvidence(directory);
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException or System.Data.Common.DbException)
            {
                File.WriteAllText(Path.Combine(directory, "evidence-error.txt"), exception.ToString());
            }
        }

        return report;
    }

    private sealed class KillRun(string workerDll, string directory, KillDatabase database, KillRunOptions options, Action<string> progress)
    {
        private readonly Random _random = new(options.Seed);
        private readonly List<string> _workerFailures = new();
        private readonly List<WorkerLaunch> _all = new();
        private readonly List<ServerRestart> _restarts = new();
        private int _launches;

        // Trials logged finished, and trials started, by any worker of the run: the restarts are timed and judged by them.
        private int _finishes;
        private int _starts;

        public KillReport Execute()
        {
            var clock = Stopwatch.StartNew();
            (int kills, int whileOpening, int amongTrials, bool exhausted) = KillPhase();
            TimeSpan killPhase = clock.Elapsed;
            int killPhaseLaunches = _launches;
            int finishedDuringKills = KillChecks.CountFinished(database, StudyName);
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
            while (rounds < 3 && _workerFailures.Count == 0 && !KillChecks.IsStudyComplete(database, StudyName, gridPoints));

            TimeSpan finishPhase = clock.Elapsed;
            foreach (WorkerLaunch launch in _all)
            {
                launch.Process.Dispose();
            }

            KillCheckResult checks = KillChecks.Run(database, StudyName, Path.Combine(directory, "logs"), options.PointsPerRow);
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
                Restarts = _restarts,
                StorageRetries = _all.Sum(l => l.StorageRetries),
                OpenRetries = _all.Sum(l => l.OpenRetries),
                ReportsLost = _all.Sum(l => l.ReportsLost),
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
            var restarts = new RestartSchedule(options, clock);
            while ((kills < options.Kills || restarts.Pending) && !exhausted && clock.Elapsed < options.KillPhaseDeadline)
            {
                Thread.Sleep(5);
                restarts.Step(kills, Volatile.Read(ref _finishes), Volatile.Read(ref _starts));
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

                        _workerFailures.Add(launch.Describe("ended by itself during the kill phase", directory));
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

            _restarts.AddRange(restarts.Finish());

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
                    _workerFailures.Add(launch.Describe("ended by itself during the kill phase", directory));
                }
            }

            return (kills, whileOpening, amongTrials, exhausted);
        }

        private void FinishRound()
        {
            WorkerLaunch[] finishers = Enumerable.Range(0, options.FinishWorkers ?? options.Workers).Select(_ => Launch(finish: true)).ToArray();
            var clock = Stopwatch.StartNew();
            foreach (WorkerLaunch launch in finishers)
            {
                TimeSpan left = options.FinishDeadline - clock.Elapsed;
                if (!launch.Process.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                {
                    launch.Kill();
                    _workerFailures.Add(launch.Describe($"did not finish the study in {options.FinishDeadline.TotalSeconds:0} s", directory));
                    continue;
                }

                launch.Process.WaitForExit();
                if (launch.Process.ExitCode != 0 || !launch.Output.Contains("done", StringComparison.Ordinal))
                {
                    _workerFailures.Add(launch.Describe("failed while finishing the study", directory));
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
            start.ArgumentList.Add(finish ? database.FinishStorage : database.WorkerStorage);
            start.ArgumentList.Add(log);
            start.ArgumentList.Add(options.PointsPerRow.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(_random.Next().ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(options.FailureRate.ToString("R", CultureInfo.InvariantCulture));
            if (finish)
            {
                start.ArgumentList.Add("finish");
            }

            foreach ((string name, TimeSpan? value) in new[] { ("--heartbeat-ms", options.HeartbeatInterval), ("--dead-worker-ms", options.DeadWorkerTimeout), ("--retry-deadline-ms", options.StorageRetryDeadline) })
            {
                if (value is { } set)
                {
                    start.ArgumentList.Add(name);
                    start.ArgumentList.Add(((long)set.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                }
            }

            foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            // Killed at a random moment (see KillRunOptions.MaxLifetime), some while opening the study, some as soon as
            // they hold a trial (no delay: on a loaded machine the line reaches the driver late already).
            bool inTrial = options.InTrialKillFraction > 0 && _random.NextDouble() < options.InTrialKillFraction;
            var schedule = new KillSchedule(
                _random.NextDouble() < options.OpeningKillFraction ? TimeSpan.FromMilliseconds(_random.Next(501)) : null,
                options.MaxLifetime * _random.NextDouble(),
                inTrial ? _random.Next(2) : _random.Next(options.MaxFinishesPerLife),
                inTrial ? TimeSpan.Zero : TimeSpan.FromMilliseconds(_random.Next(26)),
                inTrial);
            var launch = new WorkerLaunch(index, Process.Start(start)!, schedule, () => Interlocked.Increment(ref _finishes), () => Interlocked.Increment(ref _starts));
            _all.Add(launch);
            return launch;
        }
    }

    // The server restarts of a kill phase: each begins once its share of the kills was sent, runs on a thread of its
    // own (kills and launches go on while the server is down), and is judged recovered at the first trial a worker
    // started or finished after the server is back (starts count too: many launches are killed at their first start).
    private sealed class RestartSchedule(KillRunOptions options, Stopwatch clock)
    {
        private readonly List<ServerRestart> _done = new();
        private ServerRestart? _current;
        private Task<string?>? _running;
        private long _runningSince;
        private int _progressWhenBack = -1;
        private TimeSpan _backAt;

        public bool Pending => _done.Count < options.ServerRestarts || _progressWhenBack >= 0;

        public void Step(int kills, int finishes, int starts)
        {
            int progress = finishes + starts;
            if (_running is { IsCompleted: true } finished)
            {
                string? error = finished.Result;
                _backAt = clock.Elapsed;
                _current = _current! with { Took = Stopwatch.GetElapsedTime(_runningSince), Error = error };
                _running = null;
                if (error is null)
                {
                    _progressWhenBack = progress;
                }
                else
                {
                    _done.Add(_current);
                }
            }

            if (_progressWhenBack >= 0 && progress > _progressWhenBack)
            {
                _done.Add(_current! with { RecoveredAfter = clock.Elapsed - _backAt });
                _progressWhenBack = -1;
            }

            if (_running is null && _progressWhenBack < 0 && _done.Count < options.ServerRestarts
                && kills >= (_done.Count + 1) * options.Kills / (options.ServerRestarts + 1))
            {
                _current = new ServerRestart(clock.Elapsed, DateTimeOffset.UtcNow, kills, finishes, null, null, null);
                _runningSince = Stopwatch.GetTimestamp();
                _running = Task.Run(() =>
                {
                    try
                    {
                        options.RestartServer!();
                        return null;
                    }
                    catch (Exception exception)
                    {
                        return (string?)exception.Message;
                    }
                });
            }
        }

        // The phase is over: a restart still running is waited for (it is bounded by the server's own start
        // timeout); one not recovered stays so in the report.
        public IReadOnlyList<ServerRestart> Finish()
        {
            if (_running is not null)
            {
                string? error = _running.Result;
                _done.Add(_current! with { Took = Stopwatch.GetElapsedTime(_runningSince), Error = error });
            }
            else if (_progressWhenBack >= 0)
            {
                _done.Add(_current!);
            }

            return _done;
        }
    }

    // Finishes: how many finished trials (or with CountStarts, started trials beyond the first) precede the kill.
    private sealed record KillSchedule(TimeSpan? AfterOpening, TimeSpan AfterFirstFinish, int Finishes, TimeSpan AfterFinishes, bool CountStarts);

    private sealed class WorkerLaunch
    {
        private readonly StringBuilder _output = new();
        private readonly Stopwatch _age = Stopwatch.StartNew();
        private readonly KillSchedule _schedule;
        private readonly Action _onFinish;
        private readonly Action _onStart;
        private long _openingAtTicks = -1;
        private long _readyAtTicks = -1;
        private long _firstFinishAtTicks = -1;
        private long _finishesReachedAtTicks = -1;
        private int _finishes;
        private int _starts;
        private int _storageRetries;
        private int _openRetries;
        private int _reportsLost;

        public WorkerLaunch(int index, Process process, KillSchedule schedule, Action onFinish, Action onStart)
        {
            _onStart = onStart;
            Index = index;
            Process = process;
            _schedule = schedule;
            _onFinish = onFinish;
            process.OutputDataReceived += (_, e) => Received(e.Data, stdout: true);
            process.ErrorDataReceived += (_, e) => Received(e.Data, stdout: false);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public int Index { get; }

        public Process Process { get; }

        public bool IsReady => Interlocked.Read(ref _readyAtTicks) >= 0;

        public bool HasFinishedATrial => Interlocked.Read(ref _firstFinishAtTicks) >= 0;

        public int StorageRetries => Volatile.Read(ref _storageRetries);

        public int OpenRetries => Volatile.Read(ref _openRetries);

        public int ReportsLost => Volatile.Read(ref _reportsLost);

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

        // The whole output is kept beside the side logs; the description shows an unhandled exception with only its
        // messages and the frames of AttrTune and the worker (what failed where), else the output's end.
        public string Describe(string what, string directory)
        {
            string exit = Process.HasExited ? Process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none";
            string output = Output;
            string file = Path.Combine(directory, "logs", $"launch-{Index.ToString("D5", CultureInfo.InvariantCulture)}.out");
            File.WriteAllText(file, output);
            string[] lines = output.ReplaceLineEndings("\n").Split('\n');
            int unhandled = Array.FindIndex(lines, l => l.StartsWith("Unhandled exception", StringComparison.Ordinal));
            string shown = unhandled >= 0
                ? string.Join(" | ", lines[unhandled..].Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("AttrTune", StringComparison.Ordinal) || l.Contains("Program", StringComparison.Ordinal)).Take(30))
                : (output.Length > 2000 ? "..." + output[^2000..] : output).ReplaceLineEndings(" | ");
            return $"launch {Index} {what} (exit code {exit}; output in {file}): {shown}";
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
                _onFinish();
                Interlocked.CompareExchange(ref _firstFinishAtTicks, now, -1);
                if (Interlocked.Increment(ref _finishes) >= _schedule.Finishes && !_schedule.CountStarts)
                {
                    Interlocked.CompareExchange(ref _finishesReachedAtTicks, now, -1);
                }

                return;
            }

            if (stdout && line == "-")
            {
                _onStart();
                if (Interlocked.Increment(ref _starts) > _schedule.Finishes && _schedule.CountStarts)
                {
                    Interlocked.CompareExchange(ref _finishesReachedAtTicks, now, -1);
                }

                return;
            }

            if (stdout && line.StartsWith("storage-retry", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _storageRetries);
            }
            else if (stdout && line.StartsWith("open-retry", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _openRetries);
            }
            else if (stdout && line.StartsWith("report-lost", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _reportsLost);
            }

            if (stdout && line == "opening")
            {
                Interlocked.CompareExchange(ref _openingAtTicks, now, -1);
            }

            if (stdout && line == "ready")
            {
                Interlocked.CompareExchange(ref _readyAtTicks, now, -1);
                if (_schedule.Finishes == 0 && !_schedule.CountStarts)
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
