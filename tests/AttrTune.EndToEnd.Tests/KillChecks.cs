using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using System.Linq;

namespace AttrTune.EndToEnd.Tests;

/// <summary>What the kill test's checks counted, and every violation they found.</summary>
public sealed record KillCheckResult
{
    public int GridPoints { get; init; }

    public int Trials { get; init; }

    public int Complete { get; init; }

    public int Failed { get; init; }

    public int FailedAsDead { get; init; }

    public int FailedOnPurpose { get; init; }

    public int Retries { get; init; }

    /// <summary>Trials in any other state (Waiting, Running, Pruned): each is also a violation.</summary>
    public int Other { get; init; }

    public int SideLogs { get; init; }

    public int LoggedFinishes { get; init; }

    public int LoggedComplete { get; init; }

    public int LoggedFailed { get; init; }

    /// <summary>Side logs whose last line was cut by the kill before its newline was written (never acknowledged).</summary>
    public int TornLines { get; init; }

    public string IntegrityCheck { get; init; } = "";

    public IReadOnlyList<string> Violations { get; init; } = Array.Empty<string>();
}

/// <summary>
/// The kill test's checks, on the database read with a plain ADO.NET connection (not through AttrTune; SQLite or
/// PostgreSQL, <see cref="KillDatabase"/>) and on the workers' side logs: (a) nothing acknowledged is lost, (b)
/// nothing is duplicated, (c) nothing is left running, (d) the database is intact.
/// </summary>
public static class KillChecks
{
    private const int Complete = 2;
    private const int Failed = 4;
    private const string RetryOfAttribute = "attrtune.retry_of";

    /// <summary>Whether every grid point has a complete trial and no trial is waiting or running.</summary>
    public static bool IsStudyComplete(KillDatabase database, string study, int gridPoints)
    {
        ArgumentNullException.ThrowIfNull(database);
        using DbConnection connection = database.OpenForChecks();
        // The SQL is what SQLite and PostgreSQL both read; the study name is the driver's constant, not user input.
        List<(long Open, long Points)> rows = Rows(connection, $"""
            SELECT (SELECT COUNT(*) FROM trials WHERE study_id = s.id AND state IN (0, 1)),
                   (SELECT COUNT(DISTINCT r.value || ':' || p.value) FROM trials t
                      JOIN trial_params p ON p.trial_id = t.id AND p.name = 'X'
                      JOIN trial_params r ON r.trial_id = t.id AND r.name = 'Row'
                    WHERE t.study_id = s.id AND t.state = 2)
            FROM studies s WHERE s.name = '{study}';
            """, r => (Integer(r, 0), Integer(r, 1)));
        return rows is [(0, long points)] && points == gridPoints;
    }

    /// <summary>Trials finished (complete or failed) so far.</summary>
    public static int CountFinished(KillDatabase database, string study)
    {
        ArgumentNullException.ThrowIfNull(database);
        using DbConnection connection = database.OpenForChecks();
        return (int)Rows(connection, $"SELECT COUNT(*) FROM trials t JOIN studies s ON s.id = t.study_id WHERE s.name = '{study}' AND t.state IN (2, 3, 4);", r => Integer(r, 0)).Single();
    }

    public static KillCheckResult Run(KillDatabase database, string study, string logDirectory, int pointsPerRow)
    {
        ArgumentNullException.ThrowIfNull(database);
        int gridPoints = 10 * pointsPerRow;
        var violations = new List<string>();
        void Violation(string text) => violations.Add(text);

        using DbConnection connection = database.OpenForChecks();

        // (d) The database is intact, by its own checks.
        string integrity = database.CheckIntegrity(connection, study, Violation);

        List<long> studies = Rows(connection, $"SELECT id FROM studies WHERE name = '{study}';", r => Integer(r, 0));
        if (studies.Count != 1)
        {
            Violation($"the database holds {studies.Count} studies named '{study}'");
            return new KillCheckResult { GridPoints = gridPoints, IntegrityCheck = integrity, Violations = violations };
        }

        long studyId = studies[0];
        var trials = Rows(connection, $"SELECT id, number, state, value, claim_key, fail_reason FROM trials WHERE study_id = {studyId} ORDER BY number;", r => new StoredTrial(
            Integer(r, 0),
            Integer(r, 1),
            (int)Integer(r, 2),
            r.IsDBNull(3) ? null : r.GetDouble(3),
            r.IsDBNull(4) ? null : r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5)));
        var parameters = new Dictionary<long, Dictionary<string, double>>();
        foreach ((long trial, string name, double value) in Rows(connection, $"SELECT p.trial_id, p.name, p.value FROM trial_params p JOIN trials t ON t.id = p.trial_id WHERE t.study_id = {studyId};", r => (Integer(r, 0), r.GetString(1), r.GetDouble(2))))
        {
            if (!parameters.TryGetValue(trial, out Dictionary<string, double>? set))
            {
                parameters[trial] = set = new Dictionary<string, double>(StringComparer.Ordinal);
            }

            set[name] = value;
        }

        var retryOf = Rows(connection, $"SELECT a.trial_id, a.value FROM trial_attributes a JOIN trials t ON t.id = a.trial_id WHERE t.study_id = {studyId} AND a.key = '{RetryOfAttribute}';", r => (Trial: Integer(r, 0), Of: r.GetString(1)))
            .ToDictionary(a => a.Trial, a => a.Of);

        // (b) Numbers 0..n-1, each once (the table's unique constraint is not what is being tested: its rows are).
        var byNumber = new Dictionary<long, StoredTrial>();
        foreach (StoredTrial trial in trials)
        {
            if (!byNumber.TryAdd(trial.Number, trial))
            {
                Violation($"(b) trial number {trial.Number} is stored twice (ids {byNumber[trial.Number].Id} and {trial.Id})");
            }
        }

        for (long number = 0; number < trials.Count; number++)
        {
            if (!byNumber.ContainsKey(number))
            {
                Violation($"(b) trial numbers have a gap: {number} is missing below the highest, {trials.Max(t => t.Number)}");
                break;
            }
        }

        // (b) Every grid point claimed once, and completed exactly once by its original trial or a retry of it;
        // every retry is of a failed trial, carries its parameters, and is queued once.
        var gridTrial = new Dictionary<int, StoredTrial>();
        var pointOf = new Dictionary<long, int>();
        foreach (StoredTrial trial in trials.Where(t => t.ClaimKey is { } key && key.StartsWith("grid:", StringComparison.Ordinal)))
        {
            if (!int.TryParse(trial.ClaimKey!["grid:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int point) || point >= gridPoints)
            {
                Violation($"(b) trial {trial.Number} claims '{trial.ClaimKey}', not a point of the {gridPoints}-point grid");
                continue;
            }

            if (!gridTrial.TryAdd(point, trial))
            {
                Violation($"(b) grid point {point} is claimed by trials {gridTrial[point].Number} and {trial.Number}");
                continue;
            }

            pointOf[trial.Number] = point;
            Dictionary<string, double> set = parameters.GetValueOrDefault(trial.Id) ?? new Dictionary<string, double>();
            double expectedX = (point % pointsPerRow) / (double)(pointsPerRow - 1);
            if (!set.TryGetValue("Row", out double row) || row != point / pointsPerRow || !set.TryGetValue("X", out double x) || Math.Abs(x - expectedX) > 1e-9)
            {
                Violation($"(b) trial {trial.Number} claims grid point {point} but holds {Describe(set)}");
            }
        }

        if (gridTrial.Count != gridPoints)
        {
            Violation($"(b) {gridPoints - gridTrial.Count} grid points were never claimed, e.g. {Enumerable.Range(0, gridPoints).First(p => !gridTrial.ContainsKey(p))}");
        }

        var retriedBy = new Dictionary<long, StoredTrial>();
        int retries = 0;
        foreach (StoredTrial trial in trials.Where(t => t.ClaimKey is not { } key || !key.StartsWith("grid:", StringComparison.Ordinal)))
        {
            if (trial.ClaimKey is not { } key || !key.StartsWith("retry-of:", StringComparison.Ordinal)
                || !long.TryParse(key["retry-of:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long of))
            {
                Violation($"(b) trial {trial.Number} is neither a grid point nor a retry (claim key '{trial.ClaimKey}')");
                continue;
            }

            retries++;
            if (retryOf.GetValueOrDefault(trial.Id) != of.ToString(CultureInfo.InvariantCulture))
            {
                Violation($"(b) retry {trial.Number} has claim key '{key}' but {RetryOfAttribute} = '{retryOf.GetValueOrDefault(trial.Id)}'");
            }

            if (!byNumber.TryGetValue(of, out StoredTrial? original) || of >= trial.Number)
            {
                Violation($"(b) retry {trial.Number} retries trial {of}, which does not precede it");
                continue;
            }

            if (original.State != Failed)
            {
                Violation($"(b) retry {trial.Number} retries trial {of}, which is {StateName(original.State)}, not failed");
            }

            if (!retriedBy.TryAdd(of, trial))
            {
                Violation($"(b) trial {of} is retried twice, by {retriedBy[of].Number} and {trial.Number}");
            }

            if (!SameParameters(parameters.GetValueOrDefault(trial.Id), parameters.GetValueOrDefault(original.Id)))
            {
                Violation($"(b) retry {trial.Number} holds {Describe(parameters.GetValueOrDefault(trial.Id))}, trial {of} it retries held {Describe(parameters.GetValueOrDefault(original.Id))}");
            }
        }

        // Each retry belongs to the grid point of the trial it retries (chains of retries included).
        foreach (StoredTrial trial in trials)
        {
            if (pointOf.ContainsKey(trial.Number) || trial.ClaimKey is not { } key || !key.StartsWith("retry-of:", StringComparison.Ordinal))
            {
                continue;
            }

            if (long.TryParse(key["retry-of:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long of) && pointOf.TryGetValue(of, out int point))
            {
                pointOf[trial.Number] = point;
            }
        }

        foreach (IGrouping<int, StoredTrial> point in trials.Where(t => t.State == Complete && pointOf.ContainsKey(t.Number)).GroupBy(t => pointOf[t.Number]))
        {
            if (point.Count() > 1)
            {
                Violation($"(b) grid point {point.Key} was completed {point.Count()} times, by trials {string.Join(", ", point.Select(t => t.Number))}");
            }
        }

        var completedPoints = trials.Where(t => t.State == Complete && pointOf.ContainsKey(t.Number)).Select(t => pointOf[t.Number]).ToHashSet();
        List<int> unfinished = Enumerable.Range(0, gridPoints).Where(p => !completedPoints.Contains(p)).ToList();
        if (unfinished.Count > 0)
        {
            Violation($"(b) {unfinished.Count} grid points were never completed, e.g. {string.Join(", ", unfinished.Take(5))}");
        }

        // A complete trial's value is the objective of its own parameters, bit for bit.
        foreach (StoredTrial trial in trials.Where(t => t.State == Complete))
        {
            Dictionary<string, double>? set = parameters.GetValueOrDefault(trial.Id);
            double? expected = set is not null && set.TryGetValue("Row", out double row) && set.TryGetValue("X", out double x) ? row * 1000.0 + x : null;
            if (trial.Value != expected)
            {
                Violation($"(a) trial {trial.Number} is complete with value {Show(trial.Value)}, but its parameters {Describe(set)} give {Show(expected)}");
            }
        }

        // (c) Nothing left running or waiting.
        foreach (StoredTrial trial in trials.Where(t => t.State is not (Complete or Failed)))
        {
            Violation($"(c) trial {trial.Number} is {StateName(trial.State)} at the end");
        }

        // (a) Every finish a worker logged after its tell returned is stored, with that state and value.
        string[] logs = Directory.GetFiles(logDirectory, "*.log").Order(StringComparer.Ordinal).ToArray();
        int logged = 0, loggedComplete = 0, loggedFailed = 0, torn = 0;
        var loggedBy = new Dictionary<long, string>();
        foreach (string log in logs)
        {
            string text = File.ReadAllText(log);
            string[] lines = text.Split('\n');
            if (lines[^1].Length > 0)
            {
                torn++; // Cut by the kill before its newline: the tell's acknowledgement was never fully logged.
            }

            for (int i = 0; i < lines.Length - 1; i++)
            {
                string where = $"{Path.GetFileName(log)}:{i + 1}";
                if (!LoggedFinish.TryParse(lines[i], out LoggedFinish finish))
                {
                    Violation($"(a) {where}: unreadable line '{lines[i]}'");
                    continue;
                }

                logged++;
                loggedComplete += finish.State == Complete ? 1 : 0;
                loggedFailed += finish.State == Failed ? 1 : 0;
                if (!loggedBy.TryAdd(finish.Number, where))
                {
                    Violation($"(b) trial {finish.Number} was seen finishing twice, at {loggedBy[finish.Number]} and {where}");
                }

                if (!byNumber.TryGetValue(finish.Number, out StoredTrial? stored))
                {
                    Violation($"(a) {where}: trial {finish.Number} finished {StateName(finish.State)} (value {Show(finish.Value)}) is not in the database");
                    continue;
                }

                if (stored.State != finish.State || stored.Value != finish.Value)
                {
                    Violation($"(a) {where}: trial {finish.Number} finished {StateName(finish.State)} with value {Show(finish.Value)}, stored {StateName(stored.State)} with value {Show(stored.Value)}{(stored.FailReason is { } reason ? $" ({reason})" : "")}");
                }

                Dictionary<string, double>? set = parameters.GetValueOrDefault(stored.Id);
                if (set is null || !set.TryGetValue("Row", out double row) || row != finish.Row || !set.TryGetValue("X", out double x) || x != finish.X)
                {
                    Violation($"(a) {where}: trial {finish.Number} ran Row = {finish.Row}, X = {Show(finish.X)}, stored {Describe(set)}");
                }
            }
        }

        return new KillCheckResult
        {
            GridPoints = gridPoints,
            Trials = trials.Count,
            Complete = trials.Count(t => t.State == Complete),
            Failed = trials.Count(t => t.State == Failed),
            FailedAsDead = trials.Count(t => t.State == Failed && t.FailReason is { } r && r.Contains("stopped while it was running", StringComparison.Ordinal)),
            FailedOnPurpose = trials.Count(t => t.State == Failed && t.FailReason is { } r && r.Contains("injected failure", StringComparison.Ordinal)),
            Retries = retries,
            Other = trials.Count(t => t.State is not (Complete or Failed)),
            SideLogs = logs.Length,
            LoggedFinishes = logged,
            LoggedComplete = loggedComplete,
            LoggedFailed = loggedFailed,
            TornLines = torn,
            IntegrityCheck = integrity,
            Violations = violations,
        };
    }

    /// <summary>The rows of <paramref name="sql"/>, each read by <paramref name="read"/>.</summary>
    public static List<T> Rows<T>(DbConnection connection, string sql, Func<DbDataReader, T> read)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(read);
        using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>An integer column whatever its width: SQLite reads every integer as a long, PostgreSQL an integer column as an int.</summary>
    public static long Integer(DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);
    }

    private static bool SameParameters(Dictionary<string, double>? a, Dictionary<string, double>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out double value) && value.Equals(p.Value));

    private static string Describe(Dictionary<string, double>? set) =>
        set is null ? "no parameters" : "{ " + string.Join(", ", set.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} = {Show(p.Value)}")) + " }";

    private static string Show(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "none";

    private static string StateName(int state) => state switch
    {
        0 => "Waiting",
        1 => "Running",
        2 => "Complete",
        3 => "Pruned",
        4 => "Failed",
        _ => $"state {state}",
    };

    private sealed record StoredTrial(long Id, long Number, int State, double? Value, string? ClaimKey, string? FailReason);

    /// <summary>A side-log line: "number state value row x", value "-" when there is none.</summary>
    private readonly record struct LoggedFinish(long Number, int State, double? Value, int Row, double X)
    {
        public static bool TryParse(string line, out LoggedFinish finish)
        {
            finish = default;
            string[] parts = line.Split(' ');
            if (parts.Length != 5
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long number)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int state)
                || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out int row)
                || !double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double x))
            {
                return false;
            }

            double? value = null;
            if (parts[2] != "-")
            {
                if (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    return false;
                }

                value = v;
            }

            finish = new LoggedFinish(number, state, value, row, x);
            return true;
        }
    }
}
