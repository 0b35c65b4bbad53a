using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using AttrTune.Problems;
using AttrTune.Samplers;
using AttrTune.Storage;

namespace AttrTune.Benchmarks;

/// <summary>
/// <c>dashboard [trials] [requests] [evaluator]</c>: the dashboard's study API on a large SQLite study, over HTTP, as a
/// page polls it. Builds a study of the 11-parameter conditional model_selection space (random configurations, five
/// learning-curve points each, every 7th trial pruned and every 20th failed, four workers), starts the built tool
/// (<c>src/AttrTune.Cli/bin/Release/net10.0/AttrTune.Cli.dll dashboard</c>) on it, and times <c>/api/study</c>: the
/// first request, requests while nothing changes, requests while another process adds trials, and how long a
/// written trial takes to be published (the dashboard reads it, analyses the study again and rebuilds the document
/// in the background: the live case), plus a page of the trial table and <c>/api/version</c>. Then times <c>attrtune report</c> on the same study and gives its size.
/// </summary>
public static class DashboardBench
{
    private const string Study = "dashboard-bench";

    public static void Run(string[] args)
    {
        int trials = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        int requests = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        string evaluator = args.Length > 3 ? args[3] : "fanova";
        string cli = Path.Combine(RepositoryRoot(), "src", "AttrTune.Cli", "bin", "Release", "net10.0", "AttrTune.Cli.dll");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException($"{cli} is missing: dotnet build -c Release src/AttrTune.Cli first.");
        }

        string folder = Directory.CreateTempSubdirectory("attrtune-dashboard-bench-").FullName;
        string file = Path.Combine(folder, "bench.db");
        try
        {
            var clock = Stopwatch.StartNew();
            IProblem problem = BenchmarkProblems.ModelSelection;
            using (var storage = new SqliteStorage(file, new SqliteStorageOptions { SyncFinishedTrials = false }))
            {
                StudyRecord record = storage.CreateOrLoadStudy(Study, StudyDirection.Minimize, problem.Space.Fingerprint, problem.Space.TypeName + " (bench)", problem.Space.ToJson());
                var random = new RandomSampler(1);
                for (int i = 0; i < trials; i++)
                {
                    storage.ImportTrial(record.Id, Trial(problem, random, i));
                }
            }

            Console.WriteLine($"dashboard: built a {trials}-trial SQLite study of {problem.Name} ({problem.Space.Count} parameters) in {clock.Elapsed.TotalSeconds:F1} s ({new FileInfo(file).Length / 1e6:F1} MB)");
            Measure(cli, file, problem, trials, requests, evaluator);
            Report(cli, file, folder, evaluator);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Measure(string cli, string file, IProblem problem, int trials, int requests, string evaluator)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { cli, "dashboard", "--storage", "sqlite:///" + file, "--port", "0", "--evaluator", evaluator })
        {
            start.ArgumentList.Add(argument);
        }

        using Process dashboard = Process.Start(start)!;
        try
        {
            string url = Regex.Match(dashboard.StandardOutput.ReadLine() ?? string.Empty, @"http://[^ ]+/").Value;
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
            string study = "api/study?name=" + Uri.EscapeDataString(Study);
            (double first, int bytes) = Time(http, study);
            var unchanged = Enumerable.Range(0, requests).Select(_ => Time(http, study).Milliseconds).ToList();

            // Another process writes a trial; a page polls /api/version until the new trial is published, then
            // fetches the study. Timed: the request right after the write (served from the last published document
            // while the new one builds), the delay until the trial is published, and the fetch of the new document.
            var during = new List<double>();
            var published = new List<double>();
            var fresh = new List<double>();
            string version = "api/version?name=" + Uri.EscapeDataString(Study);
            using (var writer = new SqliteStorage(file))
            {
                StudyRecord record = writer.FindStudy(Study)!;
                var random = new RandomSampler(2);
                for (int k = 0; k < requests; k++)
                {
                    writer.ImportTrial(record.Id, Trial(problem, random, trials + k));
                    long written = Stopwatch.GetTimestamp();
                    during.Add(Time(http, study).Milliseconds);
                    while (JsonDocument.Parse(http.GetStringAsync(version).GetAwaiter().GetResult()).RootElement.GetProperty("total").GetInt32() < trials + k + 1)
                    {
                        System.Threading.Thread.Sleep(20);
                    }

                    published.Add(Stopwatch.GetElapsedTime(written).TotalMilliseconds);
                    fresh.Add(Time(http, study).Milliseconds);
                }
            }

            string page = $"api/trials?name={Uri.EscapeDataString(Study)}&state=complete&param=Family&choice=boosting&sort=value&desc=true&page=3&size=50";
            var table = Enumerable.Range(0, requests).Select(_ => Time(http, page).Milliseconds).ToList();
            var polls = Enumerable.Range(0, requests).Select(_ => Time(http, version).Milliseconds).ToList();
            var importance = Stopwatch.StartNew();
            while (JsonDocument.Parse(http.GetStringAsync(study).GetAwaiter().GetResult()).RootElement.GetProperty("importancePending").GetBoolean() && importance.Elapsed < TimeSpan.FromMinutes(5))
            {
                System.Threading.Thread.Sleep(200);
            }

            Console.WriteLine($"| request ({trials} trials, {problem.Space.Count} parameters, importance {evaluator}) | median ms | min ms | max ms |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| /api/study, first (reads every trial, analyses, builds the document; {bytes / 1e6:F2} MB) | {first:F0} | | |"));
            Row("/api/study, nothing changed (the document as built)", unchanged);
            Row("/api/study, right after another process wrote a trial (the last document, while the next builds)", during);
            Row("/api/study, the new document once published", fresh);
            Row("a written trial published (from the write to /api/version showing it)", published);
            Row("/api/trials, a page of complete boosting trials by value", table);
            Row("/api/version (the page's poll)", polls);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"importances and contour ({evaluator}) ready {importance.Elapsed.TotalSeconds:F1} s after the last change"));
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            dashboard.WaitForExit();
        }
    }

    private static void Report(string cli, string file, string folder, string evaluator)
    {
        string output = Path.Combine(folder, "report.html");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { cli, "report", Study, "--storage", "sqlite:///" + file, "-o", output, "--evaluator", evaluator })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using Process report = Process.Start(start)!;
        string error = report.StandardError.ReadToEnd();
        report.WaitForExit();
        if (report.ExitCode != 0)
        {
            throw new InvalidOperationException("attrtune report failed: " + error);
        }

        long size = new FileInfo(output).Length;
        long plotly = System.Text.Encoding.UTF8.GetByteCount(Reporting.ReportAssets.Plotly);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"attrtune report ({evaluator}): {clock.Elapsed.TotalSeconds:F1} s, {size / 1e6:F2} MB = plotly.js {plotly / 1e6:F2} MB + {(size - plotly) / 1e6:F2} MB of study"));
    }

    // A finished trial as four workers would have run it: a random configuration, five learning-curve points,
    // every 7th pruned after three, every 20th failed.
    private static FrozenTrial Trial(IProblem problem, RandomSampler sampler, int number)
    {
        SampleProposal proposal = sampler.Sample(new SamplerContext(problem.Space, StudyDirection.Minimize, () => []))!;
        double value = problem.Evaluate(proposal.Parameters.Values);
        TrialState state = number % 20 == 19 ? TrialState.Failed : number % 7 == 3 ? TrialState.Pruned : TrialState.Complete;
        int steps = state == TrialState.Pruned ? 3 : state == TrialState.Failed ? 1 : 5;
        var curve = ImmutableSortedDictionary.CreateRange(Enumerable.Range(1, steps).Select(s => new KeyValuePair<long, double>(s, value * (1 + 1.0 / s))));
        DateTimeOffset started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(number * 0.25);
        return new FrozenTrial
        {
            Id = 0,
            Number = number,
            State = state,
            Parameters = proposal.Parameters.ActiveValues.ToImmutableDictionary(p => p.Key, p => p.Value),
            Value = state == TrialState.Complete ? value : state == TrialState.Pruned ? curve.Last().Value : null,
            IntermediateValues = curve,
            Worker = $"bench:{100 + number % 4}:0",
            Started = started,
            Completed = started.AddSeconds(1),
            FailReason = state == TrialState.Failed ? "System.InvalidOperationException: diverged" : null,
            Failure = state == TrialState.Failed ? new TrialFailure("System.InvalidOperationException", "diverged", "   at Bench.Train()") : null,
        };
    }

    private static (double Milliseconds, int Bytes) Time(HttpClient http, string path)
    {
        long start = Stopwatch.GetTimestamp();
        byte[] body = http.GetByteArrayAsync(path).GetAwaiter().GetResult();
        return (Stopwatch.GetElapsedTime(start).TotalMilliseconds, body.Length);
    }

    private static void Row(string what, List<double> milliseconds)
    {
        milliseconds.Sort();
        double median = milliseconds.Count % 2 == 1 ? milliseconds[milliseconds.Count / 2] : (milliseconds[milliseconds.Count / 2 - 1] + milliseconds[milliseconds.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {median:F1} | {milliseconds[0]:F1} | {milliseconds[^1]:F1} |"));
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AttrTune.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AttrTune.sln not found above " + AppContext.BaseDirectory);
    }
}
