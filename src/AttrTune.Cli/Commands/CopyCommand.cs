using System.ComponentModel;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary><c>attrtune copy STUDY --to URL</c>: copies a study with all its trials into another storage.</summary>
[Description("Copy a study and its trials to another storage (--to <url>, optionally --name).")]
internal sealed class CopyCommand : Command<CopySettings>
{
    public override int Execute(CommandContext context, CopySettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.To))
        {
            throw new CliException(ExitCodes.Usage, "copy needs --to <url>, the storage to copy the study into.");
        }

        using OpenedStorage source = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = source.FindStudy(settings.Study);

        // The target may be a new file: copying into a fresh database is how a study is moved or shared.
        using OpenedStorage target = OpenedStorage.Open(settings.To, mustExist: false, readOnly: false);
        string name = settings.Name ?? study.Name;
        if (target.Storage.FindStudy(name) is not null)
        {
            throw new CliException(ExitCodes.StudyExists, $"{target.Display} already holds a study named '{name}': copy under another name with --name, or delete that study first.");
        }

        StudyRecord copy = StudyStorage.CopyStudy(source.Storage, study.Name, target.Storage, settings.Name);
        int trials = target.Storage.GetTrials(copy.Id).Count;
        Terminal.Out.WriteLine($"Copied study '{study.Name}' ({trials} trials) from {source.Display} to {target.Display} as '{copy.Name}'.");
        return ExitCodes.Success;
    }
}
