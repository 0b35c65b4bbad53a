using System;
using System.Collections.Generic;
using System.Globalization;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Analysis;

/// <summary>
/// The complete trials with a finite value as a matrix of internal values, NaN where a parameter is inactive. A
/// parameter counts as active only when the descriptor's conditions say so (given the trial's own parent values) and
/// the trial holds a value; a value stored for an inactive parameter is never read.
/// </summary>
internal sealed class TrialMatrix
{
    public TrialMatrix(SearchSpaceDescriptor descriptor, IReadOnlyList<FrozenTrial> trials)
    {
        Descriptor = descriptor;
        var rows = new List<double[]>();
        var values = new List<double>();
        var numbers = new List<int>();
        foreach (FrozenTrial trial in trials)
        {
            if (trial.State != TrialState.Complete || trial.Value is not { } value || !double.IsFinite(value))
            {
                continue;
            }

            rows.Add(Read(descriptor, trial));
            values.Add(value);
            numbers.Add(trial.Number);
        }

        Rows = rows.ToArray();
        Values = values.ToArray();
        Numbers = numbers.ToArray();
    }

    public SearchSpaceDescriptor Descriptor { get; }

    /// <summary>Per trial, the internal value of every parameter (NaN when inactive).</summary>
    public double[][] Rows { get; }

    /// <summary>Per trial, the objective value.</summary>
    public double[] Values { get; }

    /// <summary>Per trial, its number.</summary>
    public int[] Numbers { get; }

    public int Count => Rows.Length;

    /// <summary>The trial's internal values in descriptor order, NaN for inactive or missing parameters.</summary>
    public static double[] Read(SearchSpaceDescriptor descriptor, FrozenTrial trial)
    {
        var row = new double[descriptor.Count];
        for (int i = 0; i < row.Length; i++)
        {
            // Parents precede children, so the parent's entry is final when the child's condition is checked.
            ParameterDescriptor parameter = descriptor.Parameters[i];
            row[i] = descriptor.IsActive(i, row) && trial.Parameters.TryGetValue(parameter.Name, out double v) ? v : double.NaN;

            // A value outside the distribution means the trials belong to another space; a choice index past the end
            // would otherwise index out of the forest's tables.
            if (!double.IsNaN(row[i]) && parameter.Distribution.Explain(row[i]) is { } problem)
            {
                throw new ArgumentException(
                    $"Trial {trial.Number.ToString(CultureInfo.InvariantCulture)} cannot be analysed: parameter {parameter.Name}: {problem} " +
                    $"(distribution {parameter.Distribution.CanonicalText}); analyse it with the space it was created with.",
                    "trials");
            }
        }

        return row;
    }

    /// <summary>Whether a parameter with this distribution is split on subsets of choices (a choice of at most 64).</summary>
    public static bool IsSplitOnChoices(Distribution distribution) =>
        distribution is CategoricalDistribution { Count: <= FeatureTable.MaxCategories };

    /// <summary>
    /// The forest's coordinate of an internal value: the choice index, or a coordinate in [0, 1]. In
    /// <see cref="ImportanceScale.Parameter"/> that is the unit-cube coordinate (<see cref="Distribution.ToUnit"/>: a
    /// log range linear in its log, the values of an integer or stepped range at the centres of equal bins). In
    /// <see cref="ImportanceScale.Raw"/> every numeric range is mapped linearly on its raw bounds, (value - low) /
    /// (high - low), as Optuna 3.1's fANOVA sees it: a log range is linear in its value, and the end values of an
    /// integer or stepped range sit on the bounds, so the forest's cells give them half a step each. A continuous
    /// linear range and a choice are the same in both scales.
    /// </summary>
    public static double Encode(Distribution distribution, double value, ImportanceScale scale) =>
        IsSplitOnChoices(distribution) ? value
        : scale == ImportanceScale.Raw && RawBounds(distribution) is var (low, high) ? Math.Clamp((value - low) / (high - low), 0, 1)
        : distribution.ToUnit(value);

    /// <summary>The raw bounds of a numeric range that holds more than one value; null otherwise (choices, a single value).</summary>
    private static (double Low, double High)? RawBounds(Distribution distribution) => distribution switch
    {
        FloatDistribution f when f.High > f.Low => (f.Low, f.High),
        IntDistribution i when i.High > i.Low => (i.Low, i.High),
        _ => null,
    };

    /// <summary>The rows (indices) in which every parameter of <paramref name="required"/> is active.</summary>
    public List<int> RowsWhereActive(IReadOnlyList<int> required)
    {
        var result = new List<int>();
        for (int r = 0; r < Rows.Length; r++)
        {
            bool all = true;
            foreach (int p in required)
            {
                all &= !double.IsNaN(Rows[r][p]);
            }

            if (all)
            {
                result.Add(r);
            }
        }

        return result;
    }

    /// <summary>The parameters active in at least one of <paramref name="rows"/>, in descriptor order.</summary>
    public List<int> ActiveInAny(IReadOnlyList<int> rows)
    {
        var result = new List<int>();
        for (int p = 0; p < Descriptor.Count; p++)
        {
            bool any = false;
            foreach (int r in rows)
            {
                any |= !double.IsNaN(Rows[r][p]);
            }

            if (any)
            {
                result.Add(p);
            }
        }

        return result;
    }

    /// <summary>
    /// The forest inputs for <paramref name="rows"/> and the parameters <paramref name="columns"/>. Where a parameter
    /// is inactive its coordinate is drawn uniformly from its domain: to the forest it is then a dimension the value
    /// does not depend on in those rows, so the trees explain a child parameter's effect by the child (instead of
    /// overfitting it onto unrelated parameters), and averaging over the domain, as fANOVA does, leaves the other
    /// parameters' effects as they are. <paramref name="scale"/> decides the numeric coordinates (<see cref="Encode"/>);
    /// an imputed coordinate is uniform on [0, 1] in either scale, so in the scale's own measure.
    /// </summary>
    public (FeatureTable Table, double[] Targets) Table(IReadOnlyList<int> rows, IReadOnlyList<int> columns, ImportanceScale scale, RandomSource impute)
    {
        var data = new double[columns.Count][];
        var categories = new int[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            Distribution distribution = Descriptor.Parameters[columns[c]].Distribution;
            categories[c] = IsSplitOnChoices(distribution) ? ((CategoricalDistribution)distribution).Count : 0;
            var column = new double[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                double value = Rows[rows[i]][columns[c]];
                column[i] = !double.IsNaN(value) ? Encode(distribution, value, scale)
                    : categories[c] > 0 ? impute.NextInt32(categories[c])
                    : impute.NextDouble();
            }

            data[c] = column;
        }

        var targets = new double[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            targets[i] = Values[rows[i]];
        }

        return (new FeatureTable(data, categories, rows.Count), targets);
    }

    /// <summary>
    /// The key of a parameter's activation scope: its condition chain (parent and allowed choices, up to the root).
    /// Parameters with the same key are active in exactly the same trials.
    /// </summary>
    public string ScopeKey(int parameter)
    {
        var key = new System.Text.StringBuilder();
        ParameterCondition? condition = Descriptor.Parameters[parameter].Condition;
        while (condition is not null)
        {
            key.Append(condition.CanonicalText).Append('/');
            condition = Descriptor.Parameters[condition.ParentIndex].Condition;
        }

        return key.ToString();
    }

    /// <summary>Whether a parameter's distribution holds a single value (its importance is 0 by definition).</summary>
    public static bool IsSingleValued(Distribution distribution) => distribution.PointCount == 1 ||
        (distribution is FloatDistribution f && f.Low == f.High);
}
