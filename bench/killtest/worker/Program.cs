// The kill test's worker: one process of a grid study that several processes share through one SQLite file or
// PostgreSQL database, and that the driver (tests/AttrTune.EndToEnd.Tests/KillDriver.cs) SIGKILLs at random moments. The driver builds it as
// a consumer of the packed AttrTune package, exactly as a user would (it is not part of any project in the tree).
//
// Usage: KillWorker <storage> <side-log> <points-per-row> <seed> <failure-rate> [finish]
//                   [--heartbeat-ms N] [--dead-worker-ms N] [--retry-deadline-ms N]
//
//   <storage> is a SQLite file or a postgresql:// URL (StudyStorage.Open). The grid is 10 rows x <points-per-row>
//   points of X. Each trial sleeps a random 0-20 ms; a fraction
//   <failure-rate> of them fail on purpose (the objective throws, or the trial is told failed). Trials are run by
//   the optimisation loop (random batch sizes, parallelism 1 or 2) and, a third of the time, by ask and tell.
//   With "finish" the worker runs until the grid is exhausted, then queues retries of failed trials
//   (Study.RetryFailedTrials) and runs them, until no retry is left to queue. The options set the study's
//   HeartbeatInterval (default 500 ms, also the loop's), DeadWorkerTimeout and StorageRetryDeadline (the library's
//   defaults when not given).
//
// The side log: every trial this process saw finish, one line "number state value row x" (state as the
// TrialState number, value "-" when there is none), appended and fsynced (FileStream.Flush(true)) after Tell (or
// the loop's Tell) returned. A line in a side log is therefore a result the library had acknowledged; the checks
// require every one of them to be in the database as logged.
//
// Stdout: "opening" before the study is opened (and its dead workers' trials recovered), "ready" once it is open,
// "-" when it holds a running trial (asked, or its objective called), "+" after each side-log line (the driver may
// time a kill by either),
// "exhausted" when no trial is left, "retried N", "done"; "storage-retry ..." for each storage call the library
// retried, "open-retry ..." when opening the study failed for a transient reason and is tried again.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using AttrTune;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using KillWorker;
using Microsoft.Extensions.Logging;

string target = args[0];
int pointsPerRow = int.Parse(args[2], CultureInfo.InvariantCulture);
int seed = int.Parse(args[3], CultureInfo.InvariantCulture);
double failureRate = double.Parse(args[4], CultureInfo.InvariantCulture);
bool finish = args.Length > 5 && args[5] == "finish";
TimeSpan heartbeat = Milliseconds("--heartbeat-ms") ?? TimeSpan.FromMilliseconds(500);
var random = new Random(seed);

// Half the launches have their dead predecessors' trials retried at once, the other half leave them failed for
// RetryFailedTrials; half visit the grid in order (every worker racing for the same next point), half shuffled.
ulong? gridSeed = random.Next(2) == 0 ? null : (ulong)random.NextInt64(long.MaxValue);
bool retryDead = random.Next(2) == 0;
var defaults = new StudyOptions();
var options = new StudyOptions
{
    RetryTrialsOfDeadWorkers = retryDead,
    HeartbeatInterval = heartbeat,
    DeadWorkerTimeout = Milliseconds("--dead-worker-ms") ?? defaults.DeadWorkerTimeout,
    StorageRetryDeadline = Milliseconds("--retry-deadline-ms") ?? defaults.StorageRetryDeadline,
    Logger = new RetryLogger(),
};

using var sideLog = new SideLog(args[1]);
Console.WriteLine("opening");
(IStudyStorage storage, Study<Cell> study) = Open();
using var owned = storage;
Console.WriteLine("ready");

do
{
    await RunUntilExhaustedAsync();
    Console.WriteLine("exhausted");
}
while (finish && Retried(study.RetryFailedTrials()) > 0);

Console.WriteLine("done");
return 0;

int Retried(int queued)
{
    Console.WriteLine($"retried {queued}");
    return queued;
}

async Task RunUntilExhaustedAsync()
{
    bool maybeExhausted = false;
    while (true)
    {
        if (maybeExhausted || Next(3) == 0)
        {
            // Ask and tell: one or two trials at a time, told in order.
            var handles = new List<TrialHandle<Cell>>();
            for (int count = Next(2) + 1; handles.Count < count && study.TryAsk(out TrialHandle<Cell>? handle);)
            {
                Console.WriteLine("-");
                handles.Add(handle);
            }

            if (handles.Count == 0)
            {
                return;
            }

            foreach (TrialHandle<Cell> handle in handles)
            {
                await Task.Delay(Next(21));
                if (Next(4) == 0)
                {
                    Report(handle.Trial, Objective(handle.Config) / 2);
                }

                TrialResult<Cell> result = NextDouble() < failureRate
                    ? study.TellFailed(handle, "injected failure (ask and tell)")
                    : study.Tell(handle, Objective(handle.Config));
                sideLog.Append(result);
            }

            maybeExhausted = false;
        }
        else
        {
            int batch = Next(8) + 1;
            int finished = 0;
            await study.OptimizeAsync(
                async (config, trial, cancellationToken) =>
                {
                    Console.WriteLine("-");
                    await Task.Delay(Next(21), cancellationToken);
                    if (NextDouble() < failureRate)
                    {
                        throw new InvalidOperationException("injected failure (optimisation loop)");
                    }

                    return Objective(config);
                },
                new OptimizeOptions { MaxTrials = batch, Parallelism = Next(2) + 1, HeartbeatInterval = heartbeat },
                context =>
                {
                    finished++;
                    sideLog.Append(context.Trial);
                });

            // Fewer than asked: the grid may be exhausted; ask and tell finds out for sure.
            maybeExhausted = finished < batch;
        }
    }
}

// Opening is not one of the calls the library retries (a program that cannot reach its database at start is
// usually restarted by its supervisor): this worker tries again itself while the failure is transient, for up to
// the retry deadline from the first failure, so a launch that starts while the server restarts or a connection
// drops carries on.
(IStudyStorage Storage, Study<Cell> Study) Open()
{
    Stopwatch? clock = null;
    int delay = 20;
    while (true)
    {
        IStudyStorage? opened = null;
        try
        {
            opened = StudyStorage.Open(target);
            var sampler = new GridSampler(new GridOptions { ContinuousPoints = pointsPerRow }, gridSeed);
            return (opened, Study<Cell>.CreateOrResume("kill", options with { Storage = opened, Sampler = sampler }));
        }
        catch (Exception exception) when ((exception is Npgsql.NpgsqlException || opened?.IsTransientFailure(exception) == true) && (clock ??= Stopwatch.StartNew()).Elapsed < options.StorageRetryDeadline)
        {
            opened?.Dispose();
            Console.WriteLine($"open-retry {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}");
            Thread.Sleep(delay);
            delay = Math.Min(delay * 2, 1000); // As the library's own retries back off: a restarting server is not hammered.
        }
    }
}

// Intermediate values are not retried by the library (docs/distributed.md): a report lost to a dropped connection is
// skipped, as an objective that tolerates outages would do; anything else still ends the worker.
void Report(Trial trial, double value)
{
    try
    {
        trial.Report(0, value);
    }
    catch (Exception exception) when (storage.IsTransientFailure(exception))
    {
        Console.WriteLine($"report-lost {exception.GetType().Name}");
    }
}

TimeSpan? Milliseconds(string name)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 ? TimeSpan.FromMilliseconds(int.Parse(args[at + 1], CultureInfo.InvariantCulture)) : null;
}

int Next(int maxExclusive)
{
    lock (random)
    {
        return random.Next(maxExclusive);
    }
}

double NextDouble()
{
    lock (random)
    {
        return random.NextDouble();
    }
}

// Exact in binary: the checks recompute it from the stored parameters and compare bit for bit.
static double Objective(Cell cell) => cell.Row * 1000.0 + cell.X;

namespace KillWorker
{
    /// <summary>A grid point: 10 rows x the points of X the driver asks for.</summary>
    [SearchSpace]
    public partial class Cell
    {
        /// <summary>The row.</summary>
        [IntRange(0, 9)] public int Row { get; set; }

        /// <summary>The position in the row; its grid points are set by GridOptions.ContinuousPoints.</summary>
        [Uniform(0, 1)] public double X { get; set; }
    }

    /// <summary>Writes a line for each storage call the library retried (event 7), so the driver sees outages ridden out.</summary>
    public sealed class RetryLogger : ILogger
    {
        /// <inheritdoc />
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        /// <inheritdoc />
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        /// <inheritdoc />
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == 7)
            {
                Console.WriteLine($"storage-retry {exception?.GetType().Name}: {formatter(state, exception).ReplaceLineEndings(" ")}");
            }
        }
    }

    /// <summary>Every trial this process saw finish, appended and fsynced after its tell returned.</summary>
    public sealed class SideLog : IDisposable
    {
        private readonly FileStream _stream;

        /// <summary>Opens (or creates) the log for appending.</summary>
        public SideLog(string path) => _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);

        /// <summary>Appends the finished trial and syncs the file to disk.</summary>
        public void Append(TrialResult<Cell> trial)
        {
            string value = trial.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "-";
            Cell cell = trial.Config;
            string line = string.Create(CultureInfo.InvariantCulture, $"{trial.Number} {(int)trial.State} {value} {cell.Row} {cell.X:R}\n");
            lock (_stream)
            {
                _stream.Write(Encoding.ASCII.GetBytes(line));
                _stream.Flush(flushToDisk: true);
                Console.WriteLine("+");
            }
        }

        /// <inheritdoc />
        public void Dispose() => _stream.Dispose();
    }
}
