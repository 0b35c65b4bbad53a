using System;
using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune best STUDY</c>: the best configuration as a JSON object of parameter to value, ready to paste into
/// a config file or read with <c>jq</c>: choices as their labels, numbers as numbers, inactive parameters absent.
/// </summary>
[Description("Print the best configuration as JSON (choices as labels, inactive parameters absent).")]
internal sealed class BestCommand : Command<StudySettings>
{
    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancellationToken)
    {
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        FrozenTrial best = opened.Storage.GetBestTrial(study.Id)
            ?? throw new CliException(ExitCodes.TooFewCompleteTrials, $"Study '{study.Name}' in {opened.Display} has no complete trial yet, so it has no best configuration.");
        SearchSpaceDescriptor? space = OpenedStorage.SpaceOf(study);

        var config = new JsonObject();
        foreach ((string name, object? value) in ParameterValues.Of(space, ParameterValues.Names(space, [best]), best))
        {
            config[name] = ValueText.Json(value);
        }

        Console.Out.WriteLine(config.ToJsonString(Output));
        return ExitCodes.Success;
    }
}
