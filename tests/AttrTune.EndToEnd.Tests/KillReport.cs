using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AttrTune.EndToEnd.Tests;

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

    /// <summary>The server restarts of the kill phase (<see cref="KillRunOptions.RestartServer"/>), in order.</summary>
    public required IReadOnlyList<ServerRestart> Restarts { get; init; }

    /// <summary>Storage calls the library retried in the workers (a dropped connection, a restarting server), as they logged them.</summary>
    public required int StorageRetries { get; init; }

    /// <summary>Openings of the study the workers tried again after a transient failure.</summary>
    public required int OpenRetries { get; init; }

    /// <summary>Intermediate values the workers skipped because the storage failed transiently (the library does not retry reports).</summary>
    public required int ReportsLost { get; init; }

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
        foreach (ServerRestart restart in Restarts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {restart}");
        }

        if (StorageRetries + OpenRetries + ReportsLost > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  workers rode out transient storage failures: {StorageRetries} storage calls retried, {OpenRetries} openings retried, {ReportsLost} reports skipped");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  finish phase {FinishPhase.TotalSeconds:0.0} s in {FinishRounds} round(s) of {Options.FinishWorkers ?? Options.Workers} workers without kills");
        text.AppendLine(CultureInfo.InvariantCulture, $"  trials {c.Trials} (numbers 0..{c.Trials - 1}): {c.Complete} complete, {c.Failed} failed ({c.FailedAsDead} by a dead worker, {c.FailedOnPurpose} on purpose), {c.Retries} retries, {c.Other} other");
        text.AppendLine(CultureInfo.InvariantCulture, $"  side logs: {c.SideLogs} files, {c.LoggedFinishes} logged finishes checked ({c.LoggedComplete} complete, {c.LoggedFailed} failed), {c.TornLines} torn last lines");
        text.AppendLine(CultureInfo.InvariantCulture, $"  integrity: {c.IntegrityCheck}");
        List<string> violations = Violations.ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"  violations: {violations.Count}");
        foreach (string violation in violations.Take(50))
        {
            text.AppendLine("    " + violation);
        }

        return text.ToString();
    }
}
