using System;

namespace AttrTune.EndToEnd.Tests;

/// <summary>One restart of the database server during a kill test's kill phase, and how the workers came through it.</summary>
/// <param name="At">When it began, from the start of the kill phase.</param>
/// <param name="StartedUtc">When it began, by the machine's clock (to compare with the server's own start time).</param>
/// <param name="KillsBefore">Kills sent before it began.</param>
/// <param name="FinishesBefore">Finished trials the workers had logged before it began.</param>
/// <param name="Took">How long the restart took until the server accepted connections again; null if it failed.</param>
/// <param name="RecoveredAfter">From the server being back to the first trial a worker started or finished after it; null if none did in the kill phase.</param>
/// <param name="Error">Why the restart failed, or null.</param>
public sealed record ServerRestart(TimeSpan At, DateTimeOffset StartedUtc, int KillsBefore, int FinishesBefore, TimeSpan? Took, TimeSpan? RecoveredAfter, string? Error)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"restart at {At.TotalSeconds:0.0} s after {KillsBefore} kills and {FinishesBefore} logged finishes: "
        + (Error ?? $"server back in {Took?.TotalSeconds:0.00} s, {(RecoveredAfter is { } r ? $"first trial started or finished {r.TotalSeconds:0.00} s later" : "no trial started or finished after it in the kill phase")}");
}
