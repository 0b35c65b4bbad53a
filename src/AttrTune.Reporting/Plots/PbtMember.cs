using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// A population-based-training member as its trial's attributes record it: the schedule of its weights' parameters
/// (<c>pbt.schedule</c>), the copies it made (<c>pbt.exploits</c>) and the last step it reported. A study written
/// before <c>pbt.exploits</c> existed gives each member's last copy from its schedule.
/// </summary>
internal sealed class PbtMember
{
    private const string ScheduleAttribute = "pbt.schedule";
    private const string ExploitsAttribute = "pbt.exploits";

    private PbtMember(int number, int lastStep, IReadOnlyList<Entry> schedule, IReadOnlyList<(int Step, int From)> copies)
    {
        Number = number;
        LastStep = lastStep;
        Schedule = schedule;
        Copies = copies;
    }

    public int Number { get; }

    public int LastStep { get; }

    public IReadOnlyList<Entry> Schedule { get; }

    public IReadOnlyList<(int Step, int From)> Copies { get; }

    /// <summary>The members among <paramref name="trials"/>, by trial number; unreadable attributes are skipped, not fatal.</summary>
    public static List<PbtMember> Read(IReadOnlyList<FrozenTrial> trials)
    {
        var members = new List<PbtMember>();
        foreach (FrozenTrial trial in trials.OrderBy(t => t.Number))
        {
            if (!trial.UserAttributes.TryGetValue(ScheduleAttribute, out string? scheduleJson))
            {
                continue;
            }

            try
            {
                List<Entry> schedule = ParseSchedule(scheduleJson);
                List<(int Step, int From)> copies = trial.UserAttributes.TryGetValue(ExploitsAttribute, out string? exploitsJson)
                    ? ParseExploits(exploitsJson)
                    : schedule.Where(e => e.CopiedFrom is not null).Select(e => (e.Step, e.CopiedFrom!.Value)).TakeLast(1).ToList();
                int lastStep = trial.LastIntermediate is { } last ? (int)last.Key : schedule.Count > 0 ? schedule[^1].Step : 0;
                members.Add(new PbtMember(trial.Number, lastStep, schedule, copies));
            }
            catch (Exception bad) when (bad is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
            {
                // Attributes are the user's too: one that is not a schedule leaves that trial out of the lineage.
            }
        }

        return members;
    }

    private static List<Entry> ParseSchedule(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var entries = new List<Entry>();
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (JsonProperty parameter in entry.GetProperty("params").EnumerateObject())
            {
                parameters[parameter.Name] = parameter.Value.GetDouble();
            }

            int? from = entry.TryGetProperty("copiedFromTrial", out JsonElement donor) ? donor.GetInt32() : null;
            entries.Add(new Entry(entry.GetProperty("step").GetInt32(), from, parameters));
        }

        return entries;
    }

    private static List<(int Step, int From)> ParseExploits(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray()
            .Select(e => (e.GetProperty("step").GetInt32(), e.GetProperty("fromTrial").GetInt32()))
            .ToList();
    }

    /// <summary>One schedule entry: from <see cref="Step"/> on, the weights trained with these parameters.</summary>
    public sealed record Entry(int Step, int? CopiedFrom, IReadOnlyDictionary<string, double> Parameters);
}
