using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary><c>attrtune trials STUDY</c>: the trials as a table, CSV or JSON, filtered by state and sorted.</summary>
[Description("List a study's trials (--format table|csv|json, --state, --sort).")]
internal sealed class TrialsCommand : Command<TrialsSettings>
{
    private static readonly string[] Formats = ["table", "csv", "json"];

    public override int Execute(CommandContext context, TrialsSettings settings, CancellationToken cancellationToken)
    {
        // The options are checked before the storage is opened: a typo should not wait for a busy file.
        string format = settings.Format.ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            throw new CliException(ExitCodes.Usage, $"--format: '{settings.Format}' is not a format; use table, csv or json.");
        }

        HashSet<TrialState>? states = ParseStates(settings.State);
        Func<IEnumerable<FrozenTrial>, IEnumerable<FrozenTrial>> sort = ParseSort(settings.Sort, settings.Descending);

        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        SearchSpaceDescriptor? space = OpenedStorage.SpaceOf(study);
        IReadOnlyList<FrozenTrial> all = StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);
        List<FrozenTrial> trials = sort(all.Where(t => states is null || states.Contains(t.State))).ToList();

        switch (format)
        {
            case "csv":
                TrialsFile.WriteCsv(study, space, trials, Console.Out);
                break;
            case "json":
                using (var stdout = Console.OpenStandardOutput())
                {
                    TrialsFile.WriteJson(study, space, trials, stdout);
                    stdout.WriteByte((byte)'\n');
                }

                break;
            default:
                Terminal.Out.Write(TrialTable.Create(space, ParameterValues.Names(space, all), trials));
                break;
        }

        return ExitCodes.Success;
    }

    private static HashSet<TrialState>? ParseStates(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var states = new HashSet<TrialState>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse(part, ignoreCase: true, out TrialState state) || !Enum.IsDefined(state) || int.TryParse(part, out _))
            {
                throw new CliException(ExitCodes.Usage, $"--state: '{part}' is not a trial state; use complete, pruned, failed, running or waiting (comma-separated).");
            }

            states.Add(state);
        }

        return states;
    }

    private static Func<IEnumerable<FrozenTrial>, IEnumerable<FrozenTrial>> ParseSort(string text, bool descending)
    {
        Func<FrozenTrial, double?> select = text.ToLowerInvariant() switch
        {
            "number" => t => t.Number,
            "value" => t => t.Value,
            "duration" => t => t.Duration?.TotalSeconds,
            _ => throw new CliException(ExitCodes.Usage, $"--sort: '{text}' is not a sort key; use number, value or duration (and --desc to sort descending)."),
        };

        // Stable, with the number breaking ties, and trials without the key last whatever the direction.
        return trials => (descending
                ? trials.OrderBy(t => select(t) is null).ThenByDescending(t => select(t))
                : trials.OrderBy(t => select(t) is null).ThenBy(t => select(t)))
            .ThenBy(t => t.Number);
    }
}
