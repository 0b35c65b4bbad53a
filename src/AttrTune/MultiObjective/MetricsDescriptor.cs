using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AttrTune.MultiObjective;

/// <summary>
/// The objectives and constraints of a metrics type (<see cref="IMetrics{TSelf}"/>): what a study with several
/// objectives stores with itself, so that tools without the type can read its trials, and so that resuming it with
/// other objectives is refused.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class MetricsDescriptor
{
    private readonly MetricDescriptor[] _metrics;
    private readonly MetricDescriptor[] _objectives;
    private readonly MetricDescriptor[] _constraints;

    /// <summary>Creates a descriptor; the generator does this once per metrics type.</summary>
    /// <param name="typeName">The metrics type's full name (informative: renaming the type keeps a study resumable).</param>
    /// <param name="metrics">The stored properties in declaration order.</param>
    /// <exception cref="ArgumentException">
    /// No objective, a name used twice, a metric that is neither an objective nor a constraint, bounds on a metric that
    /// is not a constraint, a bound that is not finite, or a lower bound above the upper one.
    /// </exception>
    public MetricsDescriptor(string typeName, IEnumerable<MetricDescriptor> metrics)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(metrics);
        TypeName = typeName;
        _metrics = metrics.ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (MetricDescriptor metric in _metrics)
        {
            ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
            if (string.IsNullOrWhiteSpace(metric.Name))
            {
                throw new ArgumentException($"Metrics type '{typeName}': a metric has the empty name '{metric.Name}'; every metric needs a name.", nameof(metrics));
            }

            if (!names.Add(metric.Name))
            {
                throw new ArgumentException($"Metrics type '{typeName}': the metric name '{metric.Name}' is used twice; every metric needs its own name.", nameof(metrics));
            }

            if (!metric.IsObjective && !metric.IsConstraint)
            {
                throw new ArgumentException($"Metrics type '{typeName}': '{metric.Name}' is neither an objective nor a constraint.", nameof(metrics));
            }

            if (!metric.IsConstraint && (metric.Min is not null || metric.Max is not null))
            {
                throw new ArgumentException($"Metrics type '{typeName}': '{metric.Name}' has bounds but is not a constraint.", nameof(metrics));
            }

            if (metric.Min is { } min && !double.IsFinite(min) || metric.Max is { } max && !double.IsFinite(max))
            {
                throw new ArgumentException(
                    $"Metrics type '{typeName}': the bounds of constraint '{metric.Name}' must be finite numbers, got Min = {Format(metric.Min)} and Max = {Format(metric.Max)}.",
                    nameof(metrics));
            }

            if (metric.Min > metric.Max)
            {
                throw new ArgumentException(
                    $"Metrics type '{typeName}': constraint '{metric.Name}' needs Min ≤ Max, got Min = {metric.Min.Value.ToString("R", CultureInfo.InvariantCulture)} and Max = {metric.Max!.Value.ToString("R", CultureInfo.InvariantCulture)}.",
                    nameof(metrics));
            }
        }

        _objectives = _metrics.Where(m => m.IsObjective).ToArray();
        _constraints = _metrics.Where(m => m.IsConstraint).ToArray();
        if (_objectives.Length == 0)
        {
            throw new ArgumentException($"Metrics type '{typeName}' has no objective: mark at least one property [Minimize] or [Maximize].", nameof(metrics));
        }

        Directions = _objectives.Select(o => o.Direction!.Value).ToArray();
    }

    /// <summary>The metrics type's full name when the descriptor was made.</summary>
    public string TypeName { get; }

    /// <summary>Every stored metric in declaration order.</summary>
    public IReadOnlyList<MetricDescriptor> Metrics => _metrics;

    /// <summary>The objectives, in declaration order: the order of <see cref="FrozenTrial.Values"/>.</summary>
    public IReadOnlyList<MetricDescriptor> Objectives => _objectives;

    /// <summary>The constraints, in declaration order: the order of <see cref="FrozenTrial.ConstraintValues"/>.</summary>
    public IReadOnlyList<MetricDescriptor> Constraints => _constraints;

    /// <summary>Each objective's direction.</summary>
    public IReadOnlyList<StudyDirection> Directions { get; }

    /// <summary>Whether there is more than one objective (else the study is a constrained single-objective one).</summary>
    public bool HasSeveralObjectives => _objectives.Length > 1;

    /// <summary>
    /// Each constraint's value in the samplers' convention, ≤ 0 when it holds: the value itself without bounds,
    /// <c>value - Max</c>, <c>Min - value</c>, or the larger of the two with both bounds. NaN stays NaN (never feasible).
    /// </summary>
    /// <exception cref="ArgumentException">The number of values is not the number of constraints.</exception>
    public double[] ConstraintFunctions(ReadOnlySpan<double> constraintValues)
    {
        CheckCount(constraintValues.Length, _constraints.Length, "constraint");
        var functions = new double[_constraints.Length];
        for (int i = 0; i < functions.Length; i++)
        {
            MetricDescriptor constraint = _constraints[i];
            double value = constraintValues[i];
            functions[i] = (constraint.Min, constraint.Max) switch
            {
                (null, null) => value,
                (null, double max) => value - max,
                (double min, null) => min - value,
                (double min, double max) => double.IsNaN(value) ? double.NaN : Math.Max(value - max, min - value),
            };
        }

        return functions;
    }

    /// <summary>The total amount by which <paramref name="constraintValues"/> break the constraints: 0 when feasible, infinite for a NaN.</summary>
    public double Violation(ReadOnlySpan<double> constraintValues) => Pareto.TotalViolation(ConstraintFunctions(constraintValues));

    /// <summary>The objective values turned so that every one is minimised (maximised ones negated): what the samplers and <see cref="Pareto"/> compare.</summary>
    /// <exception cref="ArgumentException">The number of values is not the number of objectives.</exception>
    public double[] ToMinimized(ReadOnlySpan<double> objectiveValues)
    {
        CheckCount(objectiveValues.Length, _objectives.Length, "objective");
        var minimized = new double[objectiveValues.Length];
        for (int i = 0; i < minimized.Length; i++)
        {
            minimized[i] = Directions[i] == StudyDirection.Maximize ? -objectiveValues[i] : objectiveValues[i];
        }

        return minimized;
    }

    /// <summary>Whether a study stored with <paramref name="other"/> can be resumed with this one: the same metrics, in the same order (the type name aside).</summary>
    public bool IsCompatibleWith(MetricsDescriptor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return _metrics.SequenceEqual(other._metrics);
    }

    /// <summary>The metrics as JSON, the form studies store: <c>{"type": ..., "metrics": [{"name", "direction", "constraint", "min", "max"}]}</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", TypeName);
            json.WriteStartArray("metrics");
            foreach (MetricDescriptor metric in _metrics)
            {
                json.WriteStartObject();
                json.WriteString("name", metric.Name);
                if (metric.Direction is { } direction)
                {
                    json.WriteString("direction", direction == StudyDirection.Minimize ? "minimize" : "maximize");
                }

                if (metric.IsConstraint)
                {
                    json.WriteBoolean("constraint", true);
                }

                if (metric.Min is { } min)
                {
                    json.WriteNumber("min", min);
                }

                if (metric.Max is { } max)
                {
                    json.WriteNumber("max", max);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads <see cref="ToJson"/>'s form back.</summary>
    /// <exception cref="FormatException">The text is not that form; the message says what is wrong.</exception>
    public static MetricsDescriptor FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            string type = root.GetProperty("type").GetString() ?? throw new FormatException("The metrics' \"type\" is null.");
            var metrics = new List<MetricDescriptor>();
            foreach (JsonElement metric in root.GetProperty("metrics").EnumerateArray())
            {
                string name = metric.GetProperty("name").GetString() ?? throw new FormatException("A metric's \"name\" is null.");
                StudyDirection? direction = metric.TryGetProperty("direction", out JsonElement d)
                    ? d.GetString() switch
                    {
                        "minimize" => StudyDirection.Minimize,
                        "maximize" => StudyDirection.Maximize,
                        string other => throw new FormatException($"Metric '{name}' has direction '{other}'; expected 'minimize' or 'maximize'."),
                        null => throw new FormatException($"Metric '{name}' has a null direction."),
                    }
                    : null;
                bool constraint = metric.TryGetProperty("constraint", out JsonElement c) && c.GetBoolean();
                double? min = metric.TryGetProperty("min", out JsonElement lo) ? lo.GetDouble() : null;
                double? max = metric.TryGetProperty("max", out JsonElement hi) ? hi.GetDouble() : null;
                metrics.Add(new MetricDescriptor(name, direction, constraint, min, max));
            }

            return new MetricsDescriptor(type, metrics);
        }
        catch (Exception bad) when (bad is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"The stored metrics are not valid: {bad.Message}", bad);
        }
    }

    /// <summary>The metrics as a person reads them: <c>ModelMetrics: LogLoss (minimize), LatencyMs (constraint ≤ 5)</c>.</summary>
    public override string ToString() => TypeName + ": " + string.Join(", ", _metrics.Select(m => m.ToString()));

    private static string Format(double? bound) => bound is { } value ? value.ToString("R", CultureInfo.InvariantCulture) : "none";

    private void CheckCount(int given, int expected, string what)
    {
        if (given != expected)
        {
            throw new ArgumentException($"Metrics type '{TypeName}' has {expected} {what}{(expected == 1 ? "" : "s")}, got {given} value{(given == 1 ? "" : "s")}.");
        }
    }
}
