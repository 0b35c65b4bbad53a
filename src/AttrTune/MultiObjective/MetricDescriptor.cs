using System.Globalization;

namespace AttrTune.MultiObjective;

/// <summary>One property of a metrics type that a study stores: an objective, a constraint, or both.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="Direction">Its direction when it is an objective; null when it is only a constraint.</param>
/// <param name="IsConstraint">Whether it is a constraint.</param>
/// <param name="Min">The constraint's lower bound, or null.</param>
/// <param name="Max">The constraint's upper bound, or null (with neither bound, the value must be ≤ 0).</param>
public sealed record MetricDescriptor(string Name, StudyDirection? Direction, bool IsConstraint = false, double? Min = null, double? Max = null)
{
    /// <summary>Whether the metric is an objective.</summary>
    public bool IsObjective => Direction is not null;

    /// <summary>The metric as a person reads it: <c>LogLoss (minimize)</c>, <c>LatencyMs (constraint ≤ 5)</c>.</summary>
    public override string ToString()
    {
        string text = Name;
        if (Direction is { } direction)
        {
            text += direction == StudyDirection.Minimize ? " (minimize)" : " (maximize)";
        }

        if (IsConstraint)
        {
            text += (Min, Max) switch
            {
                (null, null) => " (constraint ≤ 0)",
                (null, double max) => " (constraint ≤ " + max.ToString("R", CultureInfo.InvariantCulture) + ")",
                (double min, null) => " (constraint ≥ " + min.ToString("R", CultureInfo.InvariantCulture) + ")",
                (double min, double max) => " (constraint in [" + min.ToString("R", CultureInfo.InvariantCulture) + ", " + max.ToString("R", CultureInfo.InvariantCulture) + "])",
            };
        }

        return text;
    }
}
