using System.ComponentModel;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune delete STUDY</c>: removes a study and all its trials. It asks first; without a terminal to ask on
/// (a script, a pipe) it refuses unless --yes says the caller means it, so a mistyped line in a script cannot wipe a study.
/// </summary>
[Description("Delete a study and its trials (asks first; --yes to skip the question).")]
internal sealed class DeleteCommand : Command<DeleteSettings>
{
    public override int Execute(CommandContext context, DeleteSettings settings, CancellationToken cancellationToken)
    {
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: false);
        StudyRecord study = opened.FindStudy(settings.Study);
        int trials = opened.Storage.GetTrials(study.Id).Count;
        string what = $"study '{study.Name}' ({trials} trials) from {opened.Display}";
        if (!settings.Yes)
        {
            if (!Terminal.CanAsk)
            {
                throw new CliException(ExitCodes.Refused, $"Not deleting {what}: there is no terminal to confirm on. Pass --yes to delete without asking.");
            }

            if (!Terminal.Out.Confirm($"Delete {Markup.Escape(what)}?", defaultValue: false))
            {
                throw new CliException(ExitCodes.Refused, $"Not deleted: {what}.");
            }
        }

        opened.Storage.DeleteStudy(study.Id);
        Terminal.Out.WriteLine($"Deleted {what}.");
        return ExitCodes.Success;
    }
}
