using System.Globalization;
using System.Text;
using AttrTune.MultiObjective;

namespace AttrTune;

/// <summary>A trial's metrics as log lines and failure reasons show them.</summary>
internal static class MetricsText
{
    /// <summary><c>LogLoss = 0.12, LatencyMs = 3.4 (feasible)</c>.</summary>
    public static string Describe(MetricsDescriptor metrics, FrozenTrial trial)
    {
        var text = new StringBuilder();
        for (int i = 0; i < metrics.Objectives.Count && i < trial.Values.Length; i++)
        {
            text.Append(i == 0 ? "" : ", ").Append(metrics.Objectives[i].Name).Append(" = ").Append(trial.Values[i].ToString("R", CultureInfo.InvariantCulture));
        }

        for (int i = 0; i < metrics.Constraints.Count && i < trial.ConstraintValues.Length; i++)
        {
            if (!metrics.Constraints[i].IsObjective)
            {
                text.Append(", ").Append(metrics.Constraints[i].Name).Append(" = ").Append(trial.ConstraintValues[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }

        if (metrics.Constraints.Count > 0 && trial.ConstraintValues.Length == metrics.Constraints.Count)
        {
            text.Append(metrics.Violation(trial.ConstraintValues.AsSpan()) <= 0 ? " (feasible)" : " (infeasible)");
        }

        return text.ToString();
    }

    /// <summary><c>LatencyMs = NaN</c> for the first metric that is not a finite number; null when all are.</summary>
    public static string? FirstNonFinite(MetricsDescriptor metrics, double[] objectives, double[] constraints)
    {
        for (int i = 0; i < objectives.Length; i++)
        {
            if (!double.IsFinite(objectives[i]))
            {
                return $"{metrics.Objectives[i].Name} = {objectives[i].ToString(CultureInfo.InvariantCulture)}";
            }
        }

        for (int i = 0; i < constraints.Length; i++)
        {
            if (!double.IsFinite(constraints[i]))
            {
                return $"{metrics.Constraints[i].Name} = {constraints[i].ToString(CultureInfo.InvariantCulture)}";
            }
        }

        return null;
    }
}
