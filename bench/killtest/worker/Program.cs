// The kill test's worker: one process of a grid study that several processes share through one SQLite file, and
// that the driver (tests/AttrTune.EndToEnd.Tests/KillDriver.cs) SIGKILLs at random moments. The driver builds it as
// a consumer of the packed AttrTune package, exactly as a user would (it is not part of any project in the tree).
//
// Usage: KillWorker <database> <side-log> <points-per-row> <seed> <failure-rate> [finish]
//
//   The grid is 10 rows x <points-per-row> points of X. Each trial sleeps a random 0-20 ms; a fraction
//   <failure-rate> of them fail on purpose (the objective throws, or the trial is told failed). Trials are run by
//   the optimisation loop (random batch sizes, parallelism 1 or 2) and, a third of the time, by ask and tell.
//   With "finish" the worker runs until the grid is exhausted, then queues retries of failed trials
//   (Study.RetryFailedTrials) and runs them, until no retry is left to queue.
//
// The side log: every trial this process saw finish, one line "number state value row x" (state as the
// TrialState number, value "-" when there is none), appended and fsynced (FileStream.Flush(true)) after Tell (or
// the loop's Tell) returned. A line in a side log is therefore a result the library had acknowledged; the checks
// require every one of them to be in the database as logged.
//
// Stdout: "opening" before the study is opened (and its dead workers' trials recovered), "ready" once it is open, "+" after each side-log line (the driver may time a kill by it),
// "exhausted" when no trial is left, "retried N", "done".
using System.Globalization;
using System.Text;
using AttrTune;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using KillWorker;

string database = args[0];
int pointsPerRow = int.Parse(args[2], CultureInfo.InvariantCulture);
int seed = int.Parse(args[3], CultureInfo.InvariantCulture);
double failureRate = double.Parse(args[4], CultureInfo.InvariantCulture);
bool finish = args.Length > 5 && args[5] == "finish";
var random = new Random(seed);

using var sideLog = new SideLog(args[1]);
Console.WriteLine("opening");
using var storage = new SqliteStorage(database);

// Half the launches have their dead predecessors' trials retried at once, the other half leave them failed for
// RetryFailedTrials; half visit the grid in order (every worker racing for the same next point), half shuffled.
var study = Study<Cell>.CreateOrResume("kill", new StudyOptions
{
    Storage = storage,
    Sampler = new GridSampler(new GridOptions { ContinuousPoints = pointsPerRow }, random.Next(2) == 0 ? null : (ulong)random.NextInt64(long.MaxValue)),
    RetryTrialsOfDeadWorkers = random.Next(2) == 0,
    HeartbeatInterval = TimeSpan.FromMilliseconds(500),
});
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
                    handle.Trial.Report(0, Objective(handle.Config) / 2);
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
                    await Task.Delay(Next(21), cancellationToken);
                    if (NextDouble() < failureRate)
                    {
                        throw new InvalidOperationException("injected failure (optimisation loop)");
                    }

                    return Objective(config);
                },
                new OptimizeOptions { MaxTrials = batch, Parallelism = Next(2) + 1, HeartbeatInterval = TimeSpan.FromMilliseconds(500) },
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
