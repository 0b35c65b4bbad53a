using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Text;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary><c>attrtune export STUDY -o FILE</c>: every trial to a CSV or JSON file, as the library's export writes them.</summary>
[Description("Export a study's trials to a file: -o trials.csv or -o trials.json.")]
internal sealed class ExportCommand : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Output))
        {
            throw new CliException(ExitCodes.Usage, "export needs -o <file>, ending in .csv or .json.");
        }

        string extension = Path.GetExtension(settings.Output).ToLowerInvariant();
        if (extension is not (".csv" or ".json"))
        {
            throw new CliException(ExitCodes.Usage, $"-o: '{settings.Output}' ends in '{extension}'; the file name must end in .csv or .json, which chooses the format.");
        }

        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        SearchSpaceDescriptor? space = OpenedStorage.SpaceOf(study);
        IReadOnlyList<FrozenTrial> trials = StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);

        // Written beside the target and moved over it: a failed export never leaves half a file under its name.
        string target = Path.GetFullPath(settings.Output);
        string partial = target + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write))
            {
                if (extension == ".csv")
                {
                    using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                    TrialsFile.WriteCsv(study, space, trials, writer);
                }
                else
                {
                    TrialsFile.WriteJson(study, space, trials, stream);
                }
            }

            File.Move(partial, target, overwrite: true);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }

            throw new CliException(ExitCodes.Unexpected, $"Cannot write {target}: {failure.Message}", failure);
        }

        Console.Error.WriteLine($"Wrote {trials.Count} trials of study '{study.Name}' to {target}.");
        return ExitCodes.Success;
    }
}
