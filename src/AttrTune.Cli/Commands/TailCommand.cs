using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Linq;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune tail STUDY</c>: follows a running study. The trials that start after it (and those still running
/// when it started) appear in a live table and change state as they finish, until Ctrl+C. It only reads, a few
/// statements per interval and no transaction held between them, so the workers writing the study never wait on it.
/// Piped, it prints a line per trial as it finishes instead of redrawing a table.
/// </summary>
[Description("Follow a running study: a live table of new trials, until Ctrl+C.")]
internal sealed class TailCommand : Command<TailSettings>
{
    public override int Execute(CommandContext context, TailSettings settings, CancellationToken cancellationToken)
    {
        if (!double.IsFinite(settings.Interval) || settings.Interval is < 0.05 or > 3600)
        {
            throw new CliException(ExitCodes.Usage, $"--interval: {settings.Interval.ToString(CultureInfo.InvariantCulture)} is outside [0.05, 3600] seconds.");
        }

        if (settings.Rows < 1)
        {
            throw new CliException(ExitCodes.Usage, $"--rows: {settings.Rows.ToString(CultureInfo.InvariantCulture)} must be at least 1.");
        }

        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        if (opened.IsSnapshot)
        {
            // A copy never changes, so a live table of it would show a study that looks stalled; only migrating the
            // file would let the tool follow it, and a program of an older release may still be writing it.
            throw new CliException(
                ExitCodes.CannotFollowOlderSchema,
                $"{opened.Display} has the schema of an older AttrTune release; tail reads it only by migrating it, which it does not do to a file another program may be writing. Run the study with this release's AttrTune, or use show and trials, which read a copy.");
        }

        StudyRecord study = opened.FindStudy(settings.Study);
        SearchSpaceDescriptor? space = OpenedStorage.SpaceOf(study);
        IReadOnlyList<FrozenTrial> atStart = StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);
        var follow = new Follow(atStart);
        TimeSpan interval = TimeSpan.FromSeconds(settings.Interval);

        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // Ctrl+C ends the follow, not the process: the table is left as it was, and the exit code is 0.
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (Console.IsOutputRedirected)
            {
                FollowAsLines(opened, study, space, follow, interval, stop.Token);
            }
            else
            {
                Terminal.Out.Live(Render(opened, study, space, follow.Shown(atStart, settings.Rows), atStart)).Start(live =>
                {
                    while (!stop.Token.WaitHandle.WaitOne(interval))
                    {
                        IReadOnlyList<FrozenTrial> trials = StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);
                        live.UpdateTarget(Render(opened, study, space, follow.Shown(trials, settings.Rows), trials));
                        live.Refresh();
                    }
                });
            }
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return ExitCodes.Success;
    }

    private static void FollowAsLines(OpenedStorage opened, StudyRecord study, SearchSpaceDescriptor? space, Follow follow, TimeSpan interval, CancellationToken stop)
    {
        Console.Out.WriteLine($"Following study '{study.Name}' in {opened.Display} from trial {follow.FirstNew} on (Ctrl+C to stop).");
        var reported = new HashSet<int>();
        do
        {
            IReadOnlyList<FrozenTrial> trials = StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);
            IReadOnlyList<string> names = ParameterValues.Names(space, trials);
            foreach (FrozenTrial trial in follow.Followed(trials).Where(t => t.State.IsFinished() && reported.Add(t.Number)))
            {
                string parameters = string.Join(", ", ParameterValues.Of(space, names, trial).Select(p => $"{p.Name}={ValueText.Short(p.Value)}"));
                Console.Out.WriteLine($"trial {trial.Number.ToString(CultureInfo.InvariantCulture)} {trial.State} value {(trial.Value is { } v ? ValueText.Short(v) : "-")} {parameters}");
            }

            Console.Out.Flush();
        }
        while (!stop.WaitHandle.WaitOne(interval));
    }

    private static IRenderable Render(OpenedStorage opened, StudyRecord study, SearchSpaceDescriptor? space, IReadOnlyList<FrozenTrial> shown, IReadOnlyList<FrozenTrial> all)
    {
        FrozenTrial? best = all.Where(t => t.State == TrialState.Complete && t.Value is not null)
            .OrderBy(t => study.Direction == StudyDirection.Minimize ? t.Value : -t.Value)
            .ThenBy(t => t.Number)
            .FirstOrDefault();
        string header = $"Study '{study.Name}' in {opened.Display}: {all.Count} trials, best {(best is null ? "none yet" : $"{ValueText.Short(best.Value)} (trial {best.Number})")}. Ctrl+C to stop.";
        IRenderable table = shown.Count == 0
            ? new Text("Waiting for new trials...")
            : TrialTable.Create(space, ParameterValues.Names(space, all), shown);
        return new Rows(new Text(header), table);
    }

    /// <summary>Which trials the tail follows: those created after it started, and those still unfinished then.</summary>
    private sealed class Follow
    {
        private readonly HashSet<int> _unfinishedAtStart;

        public Follow(IReadOnlyList<FrozenTrial> atStart)
        {
            FirstNew = atStart.Count == 0 ? 0 : atStart.Max(t => t.Number) + 1;
            _unfinishedAtStart = atStart.Where(t => !t.State.IsFinished()).Select(t => t.Number).ToHashSet();
        }

        public int FirstNew { get; }

        public IEnumerable<FrozenTrial> Followed(IReadOnlyList<FrozenTrial> trials) =>
            trials.Where(t => t.Number >= FirstNew || _unfinishedAtStart.Contains(t.Number));

        public IReadOnlyList<FrozenTrial> Shown(IReadOnlyList<FrozenTrial> trials, int rows) =>
            Followed(trials).TakeLast(rows).ToList();
    }
}
