using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Analysis;

/// <summary>
/// Analyses of a study's trials, as data ready to render: the history with the running best, parameter importances
/// (fANOVA or PED-ANOVA), slice, contour, parallel-coordinates, empirical-distribution and intermediate-value plots.
/// Works from what storage holds (a descriptor, a direction and the trials), so a tool without the configuration
/// type can use it; <see cref="StudyAnalysisExtensions.Analyze{TConfig}"/> builds one from a typed study.
/// </summary>
/// <remarks>
/// Immutable: it analyses the snapshot of trials it was given. Only complete trials with a finite value inform
/// importances and plots of values; a parameter is read only where the space's conditions make it active.
/// Thread-safe.
/// </remarks>
public sealed class StudyAnalysis
{
    private readonly ImmutableArray<FrozenTrial> _trials;
    private readonly TrialMatrix _matrix;

    /// <summary>Analyses <paramref name="trials"/> of a study over <paramref name="descriptor"/>.</summary>
    /// <param name="descriptor">The study's search space.</param>
    /// <param name="direction">Whether the study minimizes or maximizes.</param>
    /// <param name="trials">The trials, in any order (they are ordered by number).</param>
    /// <exception cref="ArgumentNullException">An argument or a trial is null.</exception>
    /// <exception cref="ArgumentException">
    /// Two trials have the same number, or a complete trial holds a value outside its parameter's distribution (the
    /// trials were stored with another space); the message names the trial and the parameter.
    /// </exception>
    public StudyAnalysis(SearchSpaceDescriptor descriptor, StudyDirection direction, IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(trials);
        var ordered = new FrozenTrial[trials.Count];
        for (int i = 0; i < ordered.Length; i++)
        {
            ordered[i] = trials[i] ?? throw new ArgumentNullException(nameof(trials), $"trials[{i}] is null.");
        }

        Array.Sort(ordered, (a, b) => a.Number.CompareTo(b.Number));
        for (int i = 1; i < ordered.Length; i++)
        {
            if (ordered[i].Number == ordered[i - 1].Number)
            {
                throw new ArgumentException($"Two trials have the number {ordered[i].Number}; a study numbers its trials uniquely.", nameof(trials));
            }
        }

        Descriptor = descriptor;
        Direction = direction;
        _trials = ImmutableArray.Create(ordered);
        _matrix = new TrialMatrix(descriptor, ordered);
    }

    /// <summary>The study's search space.</summary>
    public SearchSpaceDescriptor Descriptor { get; }

    /// <summary>Whether the study minimizes or maximizes.</summary>
    public StudyDirection Direction { get; }

    /// <summary>The trials analysed, by number.</summary>
    public ImmutableArray<FrozenTrial> Trials => _trials;

    /// <summary>The complete trials with a finite value: the ones importances and value plots use.</summary>
    public int CompleteTrialCount => _matrix.Count;

    /// <summary>Every trial with the running best, in trial order and in the order the trials finished.</summary>
    public StudyHistory GetHistory()
    {
        DateTimeOffset? origin = null;
        foreach (FrozenTrial trial in _trials)
        {
            DateTimeOffset? first = trial.Started ?? trial.Completed;
            if (first is { } f && (origin is null || f < origin))
            {
                origin = f;
            }
        }

        var byTime = _trials.Where(t => t.State.IsFinished() && t.Completed is not null)
            .OrderBy(t => t.Completed!.Value)
            .ThenBy(t => t.Number)
            .ToList();
        return new StudyHistory
        {
            Direction = Direction,
            ByNumber = RunningBest(_trials, origin),
            ByTime = RunningBest(byTime, origin),
        };
    }

    /// <summary>
    /// The importance of every parameter, computed by <paramref name="options"/>' evaluator (fANOVA by default) from
    /// the complete trials. Parameters that hold one value, or are never active, get 0.
    /// </summary>
    /// <param name="options">The evaluator and its settings; <see cref="ImportanceOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    /// <exception cref="InvalidOperationException">There are fewer than two complete trials.</exception>
    public ParameterImportances GetImportance(ImportanceOptions? options = null)
    {
        options ??= ImportanceOptions.Default;
        options.Check();
        if (_matrix.Count < 2)
        {
            throw new InvalidOperationException($"Parameter importance needs at least two complete trials; the study has {_matrix.Count}.");
        }

        var active = new int[Descriptor.Count];
        double[] raw = options.Evaluator == ImportanceEvaluator.PedAnova
            ? PedAnovaEvaluator.Evaluate(_matrix, Direction, options, active)
            : FanovaEvaluator.Evaluate(_matrix, options, active);
        double sum = 0;
        foreach (double r in raw)
        {
            sum += r;
        }

        var parameters = Descriptor.Parameters
            .Select(p => new ParameterImportance
            {
                Name = p.Name,
                Importance = sum > 0 ? raw[p.Index] / sum : 0,
                ActiveTrials = active[p.Index],
            })
            .OrderByDescending(p => p.Importance)
            .ToImmutableArray();
        return new ParameterImportances { Evaluator = options.Evaluator, TrialCount = _matrix.Count, Parameters = parameters };
    }

    /// <summary>The slice plot of every parameter, in the space's order.</summary>
    public ImmutableArray<SliceSeries> GetSlices() => Descriptor.Parameters.Select(p => GetSlice(p.Name)).ToImmutableArray();

    /// <summary>The slice plot of one parameter: its value against the objective in every complete trial where it is active.</summary>
    /// <exception cref="KeyNotFoundException">The space has no such parameter.</exception>
    public SliceSeries GetSlice(string parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ParameterDescriptor descriptor = Descriptor[parameter];
        var points = ImmutableArray.CreateBuilder<SlicePoint>();
        for (int r = 0; r < _matrix.Count; r++)
        {
            double value = _matrix.Rows[r][descriptor.Index];
            if (!double.IsNaN(value))
            {
                points.Add(new SlicePoint
                {
                    TrialNumber = _matrix.Numbers[r],
                    Value = value,
                    Label = descriptor.Distribution.FormatValue(value),
                    Objective = _matrix.Values[r],
                });
            }
        }

        return new SliceSeries { Axis = AxisOf(descriptor), Points = points.ToImmutable() };
    }

    /// <summary>
    /// The contour plot of two parameters: the complete trials where both are active, and on a grid the value of a
    /// random forest fitted to those trials, averaged over every other parameter.
    /// </summary>
    /// <param name="x">The horizontal parameter's path.</param>
    /// <param name="y">The vertical parameter's path.</param>
    /// <param name="gridSize">Grid positions per continuous axis (choices and small discrete ranges use all their values); 20 by default.</param>
    /// <param name="options">
    /// The forest's settings (seed, trees, depth, leaf size); the evaluator and the scale are ignored: the forest is fitted
    /// in each parameter's declared scale, the one the grid and the axes are drawn in.
    /// </param>
    /// <exception cref="KeyNotFoundException">The space has no such parameter.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> and <paramref name="y"/> are the same parameter.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gridSize"/> is below 2, or a setting is out of range.</exception>
    public ContourPlot GetContour(string x, string y, int gridSize = 20, ImportanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridSize, 2);
        options ??= ImportanceOptions.Default;
        options.Check();
        ParameterDescriptor px = Descriptor[x], py = Descriptor[y];
        if (px.Index == py.Index)
        {
            throw new ArgumentException($"A contour plot needs two different parameters; both are {x}.", nameof(y));
        }

        double[] xGrid = GridOf(px.Distribution, gridSize), yGrid = GridOf(py.Distribution, gridSize);
        List<int> rows = _matrix.RowsWhereActive([px.Index, py.Index]);
        var points = rows.Select(r => new ContourPoint
        {
            TrialNumber = _matrix.Numbers[r],
            X = _matrix.Rows[r][px.Index],
            Y = _matrix.Rows[r][py.Index],
            Objective = _matrix.Values[r],
        }).ToImmutableArray();
        ImmutableArray<double> predicted = [];
        if (rows.Count >= 2)
        {
            var random = new RandomSource(options.Seed);
            List<int> columns = _matrix.ActiveInAny(rows);
            (FeatureTable table, double[] targets) = _matrix.Table(rows, columns, ImportanceScale.Parameter, random);
            RegressionForest forest = RegressionForest.Fit(table, targets, options.TreesFor(_matrix.Count), options.MaxDepth, options.MinLeafSize, options.FeatureFraction, random.NextUInt64());
            double[] xs = xGrid.Select(v => TrialMatrix.Encode(px.Distribution, v, ImportanceScale.Parameter)).ToArray();
            double[] ys = yGrid.Select(v => TrialMatrix.Encode(py.Distribution, v, ImportanceScale.Parameter)).ToArray();
            var sum = new double[xs.Length * ys.Length];
            foreach (RegressionTree tree in forest.Trees)
            {
                TreePartition.Of(tree, table).AddPairMarginal(columns.IndexOf(px.Index), columns.IndexOf(py.Index), xs, ys, sum);
            }

            predicted = sum.Select(s => s / forest.Trees.Count).ToImmutableArray();
        }

        return new ContourPlot
        {
            X = AxisOf(px),
            Y = AxisOf(py),
            XGrid = ImmutableArray.Create(xGrid),
            YGrid = ImmutableArray.Create(yGrid),
            Predicted = predicted,
            Points = points,
        };
    }

    /// <summary>Every complete trial as a line across one axis per parameter, each value normalised on its own scale.</summary>
    public ParallelCoordinates GetParallelCoordinates()
    {
        var lines = ImmutableArray.CreateBuilder<ParallelCoordinatesLine>(_matrix.Count);
        for (int r = 0; r < _matrix.Count; r++)
        {
            var coordinates = new double?[Descriptor.Count];
            for (int p = 0; p < coordinates.Length; p++)
            {
                double value = _matrix.Rows[r][p];
                coordinates[p] = double.IsNaN(value) ? null : Normalise(Descriptor.Parameters[p].Distribution, value);
            }

            lines.Add(new ParallelCoordinatesLine { TrialNumber = _matrix.Numbers[r], Objective = _matrix.Values[r], Coordinates = ImmutableArray.Create(coordinates) });
        }

        return new ParallelCoordinates { Axes = Descriptor.Parameters.Select(AxisOf).ToImmutableArray(), Lines = lines.MoveToImmutable() };
    }

    /// <summary>The empirical distribution function of the complete trials' values.</summary>
    public EmpiricalDistribution GetEmpiricalDistribution()
    {
        double[] sorted = (double[])_matrix.Values.Clone();
        Array.Sort(sorted);
        var points = ImmutableArray.CreateBuilder<EdfPoint>();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i + 1 == sorted.Length || sorted[i + 1] != sorted[i])
            {
                points.Add(new EdfPoint { Value = sorted[i], Fraction = (double)(i + 1) / sorted.Length });
            }
        }

        return new EmpiricalDistribution { TrialCount = sorted.Length, Points = points.ToImmutable() };
    }

    /// <summary>The reported values of every trial that reported any, or was pruned, by trial number.</summary>
    public ImmutableArray<IntermediateValueSeries> GetIntermediateValues() =>
        _trials.Where(t => t.IntermediateValues.Count > 0 || t.State == TrialState.Pruned)
            .Select(t => new IntermediateValueSeries
            {
                TrialNumber = t.Number,
                State = t.State,
                Points = t.IntermediateValues.Select(p => new IntermediateValuePoint { Step = p.Key, Value = p.Value }).ToImmutableArray(),
                PrunedAtStep = t.State == TrialState.Pruned ? t.LastIntermediate?.Key : null,
            })
            .ToImmutableArray();

    /// <summary>The axis of a parameter: bounds in internal form, log flag, choice labels.</summary>
    public static ParameterAxis AxisOf(ParameterDescriptor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return parameter.Distribution switch
        {
            FloatDistribution f => new ParameterAxis { Name = parameter.Name, Kind = f.Kind, IsLog = f.IsLog, Low = f.Low, High = f.High, Choices = [] },
            IntDistribution i => new ParameterAxis { Name = parameter.Name, Kind = i.Kind, IsLog = i.IsLog, Low = i.Low, High = i.High, Choices = [] },
            CategoricalDistribution c => new ParameterAxis
            {
                Name = parameter.Name,
                Kind = c.Kind,
                IsLog = false,
                Low = 0,
                High = c.Count - 1,
                Choices = Enumerable.Range(0, c.Count).Select(c.FormatChoice).ToImmutableArray(),
            },
            _ => throw new NotSupportedException($"{parameter.Name}: the distribution {parameter.Distribution} has no axis."),
        };
    }

    private ImmutableArray<TrialHistoryPoint> RunningBest(IReadOnlyList<FrozenTrial> trials, DateTimeOffset? origin)
    {
        var points = ImmutableArray.CreateBuilder<TrialHistoryPoint>(trials.Count);
        double? best = null;
        int? bestNumber = null;
        foreach (FrozenTrial trial in trials)
        {
            if (trial.State == TrialState.Complete && trial.Value is { } value && double.IsFinite(value)
                && (best is null || Direction.IsBetter(value, best.Value)))
            {
                best = value;
                bestNumber = trial.Number;
            }

            points.Add(new TrialHistoryPoint
            {
                Number = trial.Number,
                State = trial.State,
                Value = trial.Value,
                Started = trial.Started,
                Completed = trial.Completed,
                Elapsed = trial.Completed is { } c && origin is { } o ? c - o : null,
                BestValue = best,
                BestNumber = bestNumber,
            });
        }

        return points.MoveToImmutable();
    }

    private static double Normalise(Distribution distribution, double value)
    {
        (double low, double high, bool log) = distribution switch
        {
            FloatDistribution f => (f.Low, f.High, f.IsLog),
            IntDistribution i => ((double)i.Low, (double)i.High, i.IsLog),
            CategoricalDistribution c => (0.0, c.Count - 1.0, false),
            _ => (0.0, 0.0, false),
        };
        if (high == low)
        {
            return 0.5;
        }

        return log ? (Math.Log(value) - Math.Log(low)) / (Math.Log(high) - Math.Log(low)) : (value - low) / (high - low);
    }

    private static double[] GridOf(Distribution distribution, int size)
    {
        if (distribution is CategoricalDistribution || (!distribution.IsContinuous && distribution.PointCount <= size))
        {
            return distribution.GetGridValues(size);
        }

        if (distribution is IntDistribution i)
        {
            // Evenly spaced in the range's own scale, rounded to the range's values, without repeats.
            return Enumerable.Range(0, size)
                .Select(k => i.Project(i.IsLog ? Math.Exp(Math.Log(i.Low) + k * (Math.Log(i.High) - Math.Log(i.Low)) / (size - 1)) : i.Low + k * (double)(i.High - i.Low) / (size - 1)))
                .Distinct()
                .ToArray();
        }

        return distribution.GetGridValues(size).Select(distribution.Project).Distinct().ToArray();
    }
}
