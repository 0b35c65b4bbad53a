using AttrTune.Analysis;

namespace AttrTune.Cli.Commands;

/// <summary>The importance evaluators by the names the commands take.</summary>
internal static class Evaluators
{
    /// <exception cref="CliException">The name is neither fanova nor ped-anova.</exception>
    public static ImportanceEvaluator Parse(string name) => name.ToLowerInvariant() switch
    {
        "fanova" => ImportanceEvaluator.Fanova,
        "ped-anova" or "pedanova" => ImportanceEvaluator.PedAnova,
        _ => throw new CliException(ExitCodes.Usage, $"--evaluator: '{name}' is not an evaluator; use fanova or ped-anova."),
    };
}
