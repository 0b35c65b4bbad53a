using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AttrTune.SearchSpaces;
using Spectre.Console;

namespace AttrTune.Cli.Output;

/// <summary>Trials as a table: number, state, value, duration, one column per parameter, and why a trial failed.</summary>
internal static class TrialTable
{
    public static Table Create(SearchSpaceDescriptor? space, IReadOnlyList<string> names, IEnumerable<FrozenTrial> trials)
    {
        var table = new Table()
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn("state")
            .AddColumn(new TableColumn("value").RightAligned())
            .AddColumn(new TableColumn("duration").RightAligned());
        foreach (string name in names)
        {
            table.AddColumn(new TableColumn(Markup.Escape(name)).RightAligned());
        }

        table.AddColumn("failure");
        foreach (FrozenTrial trial in trials)
        {
            table.AddRow(Row(space, names, trial).Select(Markup.Escape).ToArray());
        }

        return table;
    }

    private static IEnumerable<string> Row(SearchSpaceDescriptor? space, IReadOnlyList<string> names, FrozenTrial trial)
    {
        yield return trial.Number.ToString(CultureInfo.InvariantCulture);
        yield return trial.State.ToString();
        yield return trial.Value is { } value ? ValueText.Short(value) : "-";
        yield return ValueText.Duration(trial.Duration);
        foreach (string name in names)
        {
            yield return trial.Parameters.TryGetValue(name, out double stored) ? ValueText.Short(ParameterValues.Decode(space, name, stored)) : "-";
        }

        yield return FirstLine(trial.Failure?.Headline ?? trial.FailReason);
    }

    // The table has one line per trial; the whole failure is in `trials --format json` and `export`.
    private static string FirstLine(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        int end = text.IndexOfAny(['\r', '\n']);
        string line = end < 0 ? text : text[..end];
        return line.Length <= 80 ? line : line[..77] + "...";
    }
}
