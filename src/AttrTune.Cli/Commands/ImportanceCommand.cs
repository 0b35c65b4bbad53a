using System.ComponentModel;
using System.Threading;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune importance STUDY</c>: how much each parameter matters (fANOVA). It needs AttrTune.Analysis, which
/// this build does not have yet, so it says so instead of computing anything of its own.
/// </summary>
[Description("Parameter importance (fANOVA); needs AttrTune.Analysis.")]
internal sealed class ImportanceCommand : Command<StudySettings>
{
    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancellationToken) =>
        throw new CliException(
            ExitCodes.NotAvailable,
            "importance is not available in this build of attrtune: parameter importance comes from AttrTune.Analysis, which this build does not include.");
}
