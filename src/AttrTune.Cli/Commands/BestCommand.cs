using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using AttrTune.Cli.Output;
using AttrTune.Cli.Storage;
using AttrTune.MultiObjective;
using AttrTune.Reporting;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>
/// <c>attrtune best STUDY</c>: the best configuration as a JSON object of parameter to value, ready to paste into
/// a config file or read with <c>jq</c>: choices as their labels, numbers as numbers, inactive parameters absent. With
/// constraints, the best feasible trial; with several objectives, the Pareto front as an array of trials with their
/// metrics and configurations.
/// </summary>
[Description("Print the best configuration as JSON (choices as labels, inactive parameters absent).")]
internal sealed class BestCommand : Command<StudySettings>
{
    private static readonly JsonSerializerOptions Output = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override int Execute(CommandContext context, StudySettings settings, CancellationToken cancellationToken)
    {
        using OpenedStorage opened = OpenedStorage.Open(settings.StorageUrl, mustExist: true, readOnly: true);
        StudyRecord study = opened.FindStudy(settings.Study);
        SearchSpaceDescriptor? space = OpenedStorage.SpaceOf(study);
        MetricsDescriptor? metrics = study.Metrics;
        IReadOnlyList<FrozenTrial> trials = metrics is null && study.SpaceVersion == 0 ? [] : StudyStorage.GetTrialsInCurrentSpace(opened.Storage, study);
        if (metrics is { HasSeveralObjectives: true })
        {
            // No one configuration is best: the front, each member with its metrics, in trial order.
            var front = new JsonArray();
            foreach (FrozenTrial member in ParetoTrials.Front(metrics, trials))
            {
                var values = new JsonObject();
                for (int i = 0; i < metrics.Objectives.Count; i++)
                {
                    values[metrics.Objectives[i].Name] = member.Values[i];
                }

                front.Add(new JsonObject { ["trial"] = member.Number, ["metrics"] = values, ["config"] = ConfigOf(space, member) });
            }

            if (front.Count == 0)
            {
                throw new CliException(ExitCodes.TooFewCompleteTrials, $"Study '{study.Name}' in {opened.Display} has no complete trial that keeps every constraint yet, so it has no Pareto front.");
            }

            Console.Out.WriteLine(front.ToJsonString(Output));
            return ExitCodes.Success;
        }

        // With constraints the storage's best (by value alone) may break one: the best feasible trial instead.
        FrozenTrial? found = metrics is not null ? ParetoTrials.BestFeasible(metrics, trials)
            : study.SpaceVersion == 0 ? opened.Storage.GetBestTrial(study.Id)
            : opened.Storage.GetBestTrial(study.Id) is { } stored ? trials.First(t => t.Id == stored.Id) : null;
        FrozenTrial best = found
            ?? throw new CliException(ExitCodes.TooFewCompleteTrials, $"Study '{study.Name}' in {opened.Display} has no complete {(metrics is null ? "" : "feasible ")}trial yet, so it has no best configuration.");
        JsonObject config = ConfigOf(space, best);
        Console.Out.WriteLine(config.ToJsonString(Output));
        return ExitCodes.Success;
    }

    private static JsonObject ConfigOf(SearchSpaceDescriptor? space, FrozenTrial trial)
    {
        var config = new JsonObject();
        foreach ((string name, object? value) in ParameterValues.Of(space, ParameterValues.Names(space, [trial]), trial))
        {
            config[name] = ValueText.Json(value);
        }

        return config;
    }
}
