using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AttrTune.Analysis;
using AttrTune.Distributions;
using AttrTune.MultiObjective;
using AttrTune.SearchSpaces;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// Builds a study's figures from <see cref="StudyAnalysis"/>: every figure is a view of data the analysis already
/// computed (history, importance, slices, contour, parallel coordinates, intermediate values, EDF), plus the two
/// that only need the stored trials (the timeline and the population-based-training lineage).
/// </summary>
public static class StudyFigures
{
    /// <summary>The title of every objective axis.</summary>
    public const string ObjectiveTitle = "objective value";

    /// <summary>
    /// The title of the value axis of the slice, contour, parallel-coordinates and EDF figures: <see cref="ObjectiveTitle"/>
    /// for a study with one value per trial; with metrics, the first objective's title, since those figures show it.
    /// </summary>
    /// <param name="metrics">The study's objectives and constraints, or null.</param>
    public static string ObjectiveTitleOf(MetricsDescriptor? metrics) => metrics is null ? ObjectiveTitle : MetricTitle(metrics.Objectives[0]);

    /// <summary>
    /// Every figure of the study, in the order a report shows them: for a study with several objectives the Pareto
    /// fronts (<see cref="ParetoFronts"/>), then history by trial and by time, importance (when given), a slice per
    /// parameter, the contour (when given), parallel coordinates, intermediate values, EDF, timeline and, for a
    /// population-based-training study, the lineage and a schedule per mutable parameter.
    /// </summary>
    /// <param name="analysis">The study's analysis.</param>
    /// <param name="importances">The importances to plot, or null to leave the figure out (fewer than two complete trials, or not computed yet).</param>
    /// <param name="contour">The contour to plot, or null to leave it out.</param>
    /// <param name="now">The end of a running trial's bar in the timeline; the latest time any trial recorded when null.</param>
    /// <param name="metrics">
    /// The study's objectives and constraints (<see cref="Storage.StudyRecord.Metrics"/>), or null for a study with one
    /// value per trial: with them the history marks infeasible trials and its running best is over feasible ones.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="analysis"/> is null.</exception>
    public static ImmutableArray<Figure> All(StudyAnalysis analysis, ParameterImportances? importances, ContourPlot? contour, DateTimeOffset? now = null, MetricsDescriptor? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var figures = ImmutableArray.CreateBuilder<Figure>();
        if (metrics is not null)
        {
            figures.AddRange(ParetoFronts(metrics, analysis.Trials));
        }

        StudyHistory history = analysis.GetHistory();
        figures.Add(History(history, byTime: false, metrics, analysis.Trials));
        figures.Add(History(history, byTime: true, metrics, analysis.Trials));
        if (importances is not null)
        {
            figures.Add(Importance(importances));
        }

        string objective = ObjectiveTitleOf(metrics);
        figures.AddRange(analysis.GetSlices().Select(slice => Slice(slice, objective)));
        if (contour is not null)
        {
            figures.Add(Contour(contour, objective));
        }

        figures.Add(ParallelCoordinates(analysis.GetParallelCoordinates(), objective));
        figures.Add(IntermediateValues(analysis.GetIntermediateValues()));
        figures.Add(EmpiricalDistribution(analysis.GetEmpiricalDistribution(), objective));
        figures.Add(Timeline(analysis.Trials, now));
        figures.AddRange(PbtLineage(analysis.Descriptor, analysis.Trials));
        return figures.Select(f => FigureSampling.Cap(f)).ToImmutableArray();
    }

    /// <summary>
    /// The optimization history: each complete trial's value and the running best, against the trial number or
    /// (<paramref name="byTime"/>) the seconds from the study's first start to the trial's finish. With
    /// <paramref name="metrics"/>, the value is the first objective's, infeasible trials are a series of their own
    /// (grey crosses) that never set the running best, and with several objectives there is no running best at all
    /// (no one trial is best: see <see cref="ParetoFronts"/>).
    /// </summary>
    /// <param name="history">The history.</param>
    /// <param name="byTime">Against time rather than the trial number.</param>
    /// <param name="metrics">The study's objectives and constraints, or null for a study with one value per trial.</param>
    /// <param name="trials">The study's trials, which say which are feasible; required with <paramref name="metrics"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null, or <paramref name="metrics"/> is given without <paramref name="trials"/>.</exception>
    public static Figure History(StudyHistory history, bool byTime, MetricsDescriptor? metrics = null, IReadOnlyList<FrozenTrial>? trials = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var infeasible = new HashSet<int>();
        if (metrics is not null)
        {
            ArgumentNullException.ThrowIfNull(trials);
            foreach (FrozenTrial trial in trials)
            {
                if (ParetoTrials.IsFeasible(metrics, trial) == false)
                {
                    infeasible.Add(trial.Number);
                }
            }
        }

        ImmutableArray<TrialHistoryPoint> points = byTime ? history.ByTime : history.ByNumber;
        if (metrics is not null)
        {
            points = FeasibleRunningBest(points, metrics.Directions[0], infeasible);
        }

        double X(TrialHistoryPoint p) => byTime ? p.Elapsed?.TotalSeconds ?? double.NaN : p.Number;
        List<TrialHistoryPoint> complete = points.Where(p => p.State == TrialState.Complete && p.Value is { } v && double.IsFinite(v)).ToList();
        List<TrialHistoryPoint> feasible = complete.Where(p => !infeasible.Contains(p.Number)).ToList();
        List<TrialHistoryPoint> notFeasible = complete.Where(p => infeasible.Contains(p.Number)).ToList();
        StudyDirection direction = metrics?.Directions[0] ?? history.Direction;
        bool constrained = metrics is { Constraints.Count: > 0 };
        var series = ImmutableArray.CreateBuilder<PlotSeries>();
        series.Add(new PlotSeries
        {
            Name = constrained ? "feasible trial" : "complete trial",
            Kind = SeriesKind.Markers,
            X = feasible.Select(X).ToImmutableArray(),
            Y = feasible.Select(p => p.Value!.Value).ToImmutableArray(),
            TrialNumbers = feasible.Select(p => p.Number).ToImmutableArray(),
            Color = StateColors.Of(TrialState.Complete),
        });
        if (notFeasible.Count > 0)
        {
            series.Add(new PlotSeries
            {
                Name = "infeasible trial",
                Kind = SeriesKind.Markers,
                X = notFeasible.Select(X).ToImmutableArray(),
                Y = notFeasible.Select(p => p.Value!.Value).ToImmutableArray(),
                TrialNumbers = notFeasible.Select(p => p.Number).ToImmutableArray(),
                Color = InfeasibleColor,
                Symbol = "x",
            });
        }

        if (metrics is not { HasSeveralObjectives: true })
        {
            List<TrialHistoryPoint> best = points.Where(p => p.BestValue is not null && double.IsFinite(X(p))).ToList();
            series.Add(new PlotSeries
            {
                Name = (constrained ? "best feasible so far" : "best so far") + (direction == StudyDirection.Minimize ? " (lowest)" : " (highest)"),
                Kind = SeriesKind.Steps,
                X = best.Select(X).ToImmutableArray(),
                Y = best.Select(p => p.BestValue!.Value).ToImmutableArray(),
                TrialNumbers = best.Select(p => p.BestNumber!.Value).ToImmutableArray(),
                Color = "#d62728",
            });
        }

        return new Figure
        {
            Key = byTime ? "history-time" : "history",
            Title = byTime ? "Optimization history by wall time" : "Optimization history",
            X = PlotAxis.Linear(byTime ? "seconds since the first trial started" : "trial"),
            Y = PlotAxis.Linear(ObjectiveTitleOf(metrics)),
            Series = series.ToImmutable(),
            Note = complete.Count == 0 ? "No trial has completed yet."
                : metrics is { HasSeveralObjectives: true } ? "The first of several objectives: no one trial is best, see the Pareto front."
                : feasible.Count == 0 ? "No complete trial is feasible yet."
                : null,
        };
    }

    /// <summary>
    /// The Pareto plots of a study with several objectives, empty for one objective: the first two objectives' plot,
    /// then, with three or more, one per other pair of objectives (the page offers the choice of the pair), each a
    /// <see cref="ParetoFront"/> figure.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ImmutableArray<Figure> ParetoFronts(MetricsDescriptor metrics, IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trials);
        var figures = ImmutableArray.CreateBuilder<Figure>();
        int count = metrics.Objectives.Count;
        for (int x = 0; x < count; x++)
        {
            for (int y = x + 1; y < count; y++)
            {
                figures.Add(ParetoFront(metrics, trials, x, y));
            }
        }

        return figures.ToImmutable();
    }

    /// <summary>
    /// A Pareto plot of two objectives: a point per complete trial with values (<see cref="ParetoTrials.HasValues"/>),
    /// objective <paramref name="x"/> across and <paramref name="y"/> up, the axes titled with each metric's name and
    /// direction. The front's trials (<see cref="ParetoTrials.Front"/>, over every objective) are red diamonds, joined
    /// in front order (by the horizontal objective) when the two objectives are all there are; the other feasible
    /// trials are blue; infeasible trials grey crosses. Hovering a point shows its trial and every metric. With three
    /// objectives or more a front point may look dominated in one pair's plot: it is better in an objective not drawn.
    /// </summary>
    /// <param name="metrics">The study's metrics; at least two objectives.</param>
    /// <param name="trials">The study's trials, in any order.</param>
    /// <param name="x">The index of the horizontal objective in <see cref="MetricsDescriptor.Objectives"/>.</param>
    /// <param name="y">The index of the vertical one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is not an objective's, or both are the same.</exception>
    public static Figure ParetoFront(MetricsDescriptor metrics, IReadOnlyList<FrozenTrial> trials, int x = 0, int y = 1)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(trials);
        int count = metrics.Objectives.Count;
        if (x < 0 || x >= count || y < 0 || y >= count || x == y)
        {
            throw new ArgumentOutOfRangeException(nameof(x), string.Create(CultureInfo.InvariantCulture, $"A Pareto plot needs two different objectives among the {count} of {metrics.TypeName}; got indices {x} and {y}."));
        }

        List<FrozenTrial> usable = trials.Where(t => ParetoTrials.HasValues(metrics, t)).OrderBy(t => t.Number).ToList();
        HashSet<int> front = ParetoTrials.Front(metrics, usable).Select(t => t.Number).ToHashSet();
        List<FrozenTrial> onFront = usable.Where(t => front.Contains(t.Number)).OrderBy(t => t.Values[x]).ThenBy(t => t.Values[y]).ThenBy(t => t.Number).ToList();
        List<FrozenTrial> dominated = usable.Where(t => !front.Contains(t.Number) && ParetoTrials.IsFeasible(metrics, t) == true).ToList();
        List<FrozenTrial> infeasible = usable.Where(t => ParetoTrials.IsFeasible(metrics, t) == false).ToList();
        MetricDescriptor xMetric = metrics.Objectives[x], yMetric = metrics.Objectives[y];

        PlotSeries Series(string name, List<FrozenTrial> of, SeriesKind kind, string color, string? symbol) => new()
        {
            Name = name,
            Kind = kind,
            X = of.Select(t => t.Values[x]).ToImmutableArray(),
            Y = of.Select(t => t.Values[y]).ToImmutableArray(),
            TrialNumbers = of.Select(t => t.Number).ToImmutableArray(),
            HoverTexts = of.Select(t => HoverText(metrics, t)).ToImmutableArray(),
            Color = color,
            Symbol = symbol,
        };

        var series = ImmutableArray.CreateBuilder<PlotSeries>();
        if (infeasible.Count > 0)
        {
            series.Add(Series(InfeasibleSeries, infeasible, SeriesKind.Markers, InfeasibleColor, "x"));
        }

        series.Add(Series(DominatedSeries, dominated, SeriesKind.Markers, StateColors.Of(TrialState.Complete), null));
        series.Add(Series(FrontSeries, onFront, count == 2 ? SeriesKind.LinesAndMarkers : SeriesKind.Markers, "#d62728", "diamond"));
        string title = $"Pareto front: {xMetric.Name} and {yMetric.Name}";
        return new Figure
        {
            Key = "pareto-front",
            Parameter = xMetric.Name + " × " + yMetric.Name,
            Title = count == 2 ? title : title + string.Create(CultureInfo.InvariantCulture, $" (front over all {count} objectives)"),
            X = PlotAxis.Linear(MetricTitle(xMetric)),
            Y = PlotAxis.Linear(MetricTitle(yMetric)),
            Series = series.ToImmutable(),
            Note = usable.Count == 0 ? "No trial has completed yet."
                : front.Count == 0 ? "No complete trial is feasible yet."
                : null,
        };
    }

    /// <summary>The name of a Pareto plot's series of front trials.</summary>
    public const string FrontSeries = "Pareto front";

    /// <summary>The name of a Pareto plot's series of feasible trials off the front.</summary>
    public const string DominatedSeries = "dominated trial";

    /// <summary>The name of the series of infeasible trials (Pareto plot and history).</summary>
    public const string InfeasibleSeries = "infeasible trial";

    /// <summary>A metric's axis title: its name and what is wanted of it, <c>LogLoss (minimize)</c>, <c>LatencyMs (constraint ≤ 5)</c>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="metric"/> is null.</exception>
    public static string MetricTitle(MetricDescriptor metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.ToString();
    }

    /// <summary>Parameter importance: a bar per parameter, most important first.</summary>
    public static Figure Importance(ParameterImportances importances)
    {
        ArgumentNullException.ThrowIfNull(importances);
        ImmutableArray<ParameterImportance> parameters = importances.Parameters;
        return new Figure
        {
            Key = "importance",
            Title = string.Create(CultureInfo.InvariantCulture, $"Parameter importance ({importances.EvaluatorName}, {importances.TrialCount} complete trials)"),
            X = new PlotAxis { Title = "parameter", Scale = AxisScale.Categorical, Categories = parameters.Select(p => p.Name).ToImmutableArray() },
            Y = PlotAxis.Linear("importance (share of the explained variation)"),
            Series =
            [
                new PlotSeries
                {
                    Name = "importance",
                    Kind = SeriesKind.Bars,
                    X = Enumerable.Range(0, parameters.Length).Select(i => (double)i).ToImmutableArray(),
                    Y = parameters.Select(p => p.Importance).ToImmutableArray(),
                    Color = StateColors.Of(TrialState.Complete),
                },
            ],
        };
    }

    /// <summary>
    /// A slice: the objective against one parameter, a point per complete trial in which the parameter was active
    /// (an inactive parameter has no value, so those trials are left out), coloured by trial number.
    /// </summary>
    /// <param name="slice">The slice.</param>
    /// <param name="objectiveTitle">The value axis's title: <see cref="ObjectiveTitle"/> by default, the first objective's with several.</param>
    public static Figure Slice(SliceSeries slice, string objectiveTitle = ObjectiveTitle)
    {
        ArgumentNullException.ThrowIfNull(slice);
        return new Figure
        {
            Key = "slice",
            Parameter = slice.Axis.Name,
            Title = "Slice: " + slice.Axis.Name,
            X = PlotAxis.Of(slice.Axis),
            Y = PlotAxis.Linear(objectiveTitle),
            Series =
            [
                new PlotSeries
                {
                    Name = slice.Axis.Name,
                    Kind = SeriesKind.Markers,
                    X = slice.Points.Select(p => p.Value).ToImmutableArray(),
                    Y = slice.Points.Select(p => p.Objective).ToImmutableArray(),
                    TrialNumbers = slice.Points.Select(p => p.TrialNumber).ToImmutableArray(),
                    ColorValues = slice.Points.Select(p => (double)p.TrialNumber).ToImmutableArray(),
                    ColorTitle = "trial",
                },
            ],
            Note = slice.Points.IsEmpty ? slice.Axis.Name + " is active in no complete trial." : null,
        };
    }

    /// <summary>
    /// A contour of two parameters: the random forest's prediction over their grid (averaged over the other
    /// parameters) under the complete trials in which both were active.
    /// </summary>
    /// <param name="contour">The contour.</param>
    /// <param name="objectiveTitle">The value's title: <see cref="ObjectiveTitle"/> by default, the first objective's with several.</param>
    public static Figure Contour(ContourPlot contour, string objectiveTitle = ObjectiveTitle)
    {
        ArgumentNullException.ThrowIfNull(contour);
        return new Figure
        {
            Key = "contour",
            Parameter = contour.X.Name + " × " + contour.Y.Name,
            Title = $"Contour: {contour.X.Name} and {contour.Y.Name}",
            X = PlotAxis.Of(contour.X),
            Y = PlotAxis.Of(contour.Y),
            Contour = contour.Predicted.IsDefaultOrEmpty
                ? null
                : new ContourGrid { X = contour.XGrid, Y = contour.YGrid, Z = contour.Predicted, Title = "predicted " + objectiveTitle },
            Series =
            [
                new PlotSeries
                {
                    Name = "complete trial",
                    Kind = SeriesKind.Markers,
                    X = contour.Points.Select(p => p.X).ToImmutableArray(),
                    Y = contour.Points.Select(p => p.Y).ToImmutableArray(),
                    TrialNumbers = contour.Points.Select(p => p.TrialNumber).ToImmutableArray(),
                    Color = "#000000",
                },
            ],
            Note = contour.Predicted.IsDefaultOrEmpty ? $"Fewer than two complete trials have both {contour.X.Name} and {contour.Y.Name} active: no prediction." : null,
        };
    }

    /// <summary>
    /// Parallel coordinates: a line per complete trial across an axis per parameter and the objective, coloured by
    /// the objective. A parameter inactive in a trial has no position there (NaN), never its default.
    /// </summary>
    /// <param name="plot">The parallel coordinates.</param>
    /// <param name="objectiveTitle">The value axis's title: <see cref="ObjectiveTitle"/> by default, the first objective's with several.</param>
    public static Figure ParallelCoordinates(ParallelCoordinates plot, string objectiveTitle = ObjectiveTitle)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var dimensions = ImmutableArray.CreateBuilder<ParallelDimension>();
        for (int a = 0; a < plot.Axes.Length; a++)
        {
            ParameterAxis axis = plot.Axes[a];
            (ImmutableArray<double> ticks, ImmutableArray<string> labels) = NormalisedTicks(axis);
            dimensions.Add(new ParallelDimension
            {
                Title = axis.Name,
                Scale = PlotAxis.Of(axis).Scale,
                Values = plot.Lines.Select(l => l.Coordinates[a] ?? double.NaN).ToImmutableArray(),
                Low = 0,
                High = 1,
                TickValues = ticks,
                TickLabels = labels,
            });
        }

        ImmutableArray<double> objective = plot.Lines.Select(l => l.Objective).ToImmutableArray();
        double low = objective.IsEmpty ? 0 : objective.Min(), high = objective.IsEmpty ? 1 : objective.Max();
        ImmutableArray<double> objectiveTicks = Enumerable.Range(0, 5).Select(k => low + k * (high - low) / 4).Distinct().ToImmutableArray();
        dimensions.Add(new ParallelDimension
        {
            Title = objectiveTitle,
            Scale = AxisScale.Linear,
            Values = objective,
            Low = low,
            High = high,
            TickValues = objectiveTicks,
            TickLabels = objectiveTicks.Select(Format).ToImmutableArray(),
        });
        return new Figure
        {
            Key = "parallel-coordinates",
            Title = "Parallel coordinates",
            Kind = FigureKind.ParallelCoordinates,
            X = PlotAxis.Linear("parameter"),
            Y = PlotAxis.Linear(objectiveTitle),
            Dimensions = dimensions.ToImmutable(),
            LineColorValues = objective,
            LineTrialNumbers = plot.Lines.Select(l => l.TrialNumber).ToImmutableArray(),
            Note = objective.IsEmpty ? "No trial has completed yet." : null,
        };
    }

    /// <summary>
    /// Intermediate values: each trial's reported values by step (a learning curve), a series per state, with a
    /// marker where each pruned trial was stopped.
    /// </summary>
    public static Figure IntermediateValues(ImmutableArray<IntermediateValueSeries> curves)
    {
        var series = ImmutableArray.CreateBuilder<PlotSeries>();
        foreach ((TrialState state, string color) in StateColors.All)
        {
            List<IntermediateValueSeries> ofState = curves.Where(c => c.State == state && !c.Points.IsEmpty).ToList();
            if (ofState.Count == 0)
            {
                continue;
            }

            var x = ImmutableArray.CreateBuilder<double>();
            var y = ImmutableArray.CreateBuilder<double>();
            var numbers = ImmutableArray.CreateBuilder<int>();
            foreach (IntermediateValueSeries curve in ofState)
            {
                if (x.Count > 0)
                {
                    x.Add(double.NaN);
                    y.Add(double.NaN);
                    numbers.Add(-1);
                }

                foreach (IntermediateValuePoint point in curve.Points)
                {
                    x.Add(point.Step);
                    y.Add(point.Value);
                    numbers.Add(curve.TrialNumber);
                }
            }

            series.Add(new PlotSeries
            {
                Name = StateName(state) + " trials",
                Kind = SeriesKind.Lines,
                X = x.ToImmutable(),
                Y = y.ToImmutable(),
                TrialNumbers = numbers.ToImmutable(),
                Color = color,
            });
        }

        List<IntermediateValueSeries> pruned = curves.Where(c => c.PrunedAtStep is not null && !c.Points.IsEmpty).ToList();
        if (pruned.Count > 0)
        {
            series.Add(new PlotSeries
            {
                Name = "pruned here",
                Kind = SeriesKind.Markers,
                X = pruned.Select(c => (double)c.PrunedAtStep!.Value).ToImmutableArray(),
                Y = pruned.Select(c => c.Points.First(p => p.Step == c.PrunedAtStep).Value).ToImmutableArray(),
                TrialNumbers = pruned.Select(c => c.TrialNumber).ToImmutableArray(),
                Color = StateColors.Of(TrialState.Pruned),
            });
        }

        return new Figure
        {
            Key = "intermediate-values",
            Title = "Intermediate values",
            X = PlotAxis.Linear("step"),
            Y = PlotAxis.Linear("reported value"),
            Series = series.ToImmutable(),
            Note = series.Count == 0 ? "No trial has reported an intermediate value." : null,
        };
    }

    /// <summary>The empirical distribution function of the complete trials' values.</summary>
    /// <param name="edf">The empirical distribution.</param>
    /// <param name="objectiveTitle">The value axis's title: <see cref="ObjectiveTitle"/> by default, the first objective's with several.</param>
    public static Figure EmpiricalDistribution(EmpiricalDistribution edf, string objectiveTitle = ObjectiveTitle)
    {
        ArgumentNullException.ThrowIfNull(edf);
        return new Figure
        {
            Key = "edf",
            Title = string.Create(CultureInfo.InvariantCulture, $"Empirical distribution of the objective ({edf.TrialCount} complete trials)"),
            X = PlotAxis.Linear(objectiveTitle),
            Y = PlotAxis.Linear("fraction of trials at or below"),
            Series =
            [
                new PlotSeries
                {
                    Name = "EDF",
                    Kind = SeriesKind.Steps,
                    X = edf.Points.Select(p => p.Value).ToImmutableArray(),
                    Y = edf.Points.Select(p => p.Fraction).ToImmutableArray(),
                    Color = StateColors.Of(TrialState.Complete),
                },
            ],
            Note = edf.Points.IsEmpty ? "No trial has completed yet." : null,
        };
    }

    /// <summary>
    /// The timeline: a bar per started trial from its start to its finish (to <paramref name="now"/> while it
    /// runs), coloured by state, on a row per worker process and slot: trials that overlap in one process get a row
    /// each, so the rows show the parallelism, and red bars the failures.
    /// </summary>
    /// <param name="trials">The study's trials.</param>
    /// <param name="now">Where a running trial's bar ends; the latest time any trial recorded when null.</param>
    public static Figure Timeline(IReadOnlyList<FrozenTrial> trials, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        List<FrozenTrial> started = trials.Where(t => t.Started is not null).OrderBy(t => t.Started!.Value).ThenBy(t => t.Number).ToList();
        DateTimeOffset origin = started.Count > 0 ? started[0].Started!.Value : default;
        DateTimeOffset end = now ?? started.Select(t => t.Completed ?? t.Started!.Value).DefaultIfEmpty(origin).Max();

        // Greedy slots per worker: a trial takes the first slot of its worker that is free when it starts.
        var rowOf = new Dictionary<long, int>();
        var rows = new List<string>();
        var slotsByWorker = new Dictionary<string, List<(DateTimeOffset FreeAt, int Row)>>(StringComparer.Ordinal);
        foreach (FrozenTrial trial in started)
        {
            string worker = trial.Worker ?? "(unknown worker)";
            if (!slotsByWorker.TryGetValue(worker, out List<(DateTimeOffset FreeAt, int Row)>? slots))
            {
                slotsByWorker[worker] = slots = [];
            }

            DateTimeOffset finish = trial.Completed ?? end;
            int slot = slots.FindIndex(s => s.FreeAt <= trial.Started!.Value);
            if (slot < 0)
            {
                slot = slots.Count;
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{WorkerLabel(worker)} #{slot + 1}"));
                slots.Add((finish, rows.Count - 1));
            }
            else
            {
                slots[slot] = (finish, slots[slot].Row);
            }

            rowOf[trial.Id] = slots[slot].Row;
        }

        var series = ImmutableArray.CreateBuilder<PlotSeries>();
        foreach ((TrialState state, string color) in StateColors.All)
        {
            List<FrozenTrial> ofState = started.Where(t => t.State == state).ToList();
            if (ofState.Count == 0)
            {
                continue;
            }

            var x = ImmutableArray.CreateBuilder<double>();
            var y = ImmutableArray.CreateBuilder<double>();
            var numbers = ImmutableArray.CreateBuilder<int>();
            foreach (FrozenTrial trial in ofState)
            {
                if (x.Count > 0)
                {
                    x.Add(double.NaN);
                    y.Add(double.NaN);
                    numbers.Add(-1);
                }

                x.Add((trial.Started!.Value - origin).TotalSeconds);
                x.Add(((trial.Completed ?? end) - origin).TotalSeconds);
                y.Add(rowOf[trial.Id]);
                y.Add(rowOf[trial.Id]);
                numbers.Add(trial.Number);
                numbers.Add(trial.Number);
            }

            series.Add(new PlotSeries
            {
                Name = StateName(state),
                Kind = SeriesKind.Lines,
                X = x.ToImmutable(),
                Y = y.ToImmutable(),
                TrialNumbers = numbers.ToImmutable(),
                Color = color,
            });
        }

        return new Figure
        {
            Key = "timeline",
            Title = "Timeline: trials per worker",
            X = PlotAxis.Linear("seconds since the first trial started"),
            Y = new PlotAxis { Title = "worker process #slot", Scale = AxisScale.Categorical, Categories = rows.ToImmutableArray() },
            Series = series.ToImmutable(),
            Note = started.Count == 0 ? "No trial has started yet." : null,
        };
    }

    /// <summary>
    /// The population-based-training figures, empty for any other study: the lineage (a row per member, a line from
    /// the member it copied at each exploit step) and, per mutable parameter, its value along each member's schedule.
    /// Read from the attributes <c>PopulationBasedTraining</c> stores (<c>pbt.schedule</c>, <c>pbt.exploits</c>).
    /// </summary>
    public static ImmutableArray<Figure> PbtLineage(SearchSpaceDescriptor descriptor, IReadOnlyList<FrozenTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(trials);
        List<PbtMember> members = PbtMember.Read(trials);
        if (members.Count == 0)
        {
            return [];
        }

        var rowOf = members.Select((m, i) => (m.Number, i)).ToDictionary(p => p.Number, p => p.i);
        var lifeX = ImmutableArray.CreateBuilder<double>();
        var lifeY = ImmutableArray.CreateBuilder<double>();
        var lifeNumbers = ImmutableArray.CreateBuilder<int>();
        var copyX = ImmutableArray.CreateBuilder<double>();
        var copyY = ImmutableArray.CreateBuilder<double>();
        var copyNumbers = ImmutableArray.CreateBuilder<int>();
        var atX = ImmutableArray.CreateBuilder<double>();
        var atY = ImmutableArray.CreateBuilder<double>();
        var atNumbers = ImmutableArray.CreateBuilder<int>();
        foreach (PbtMember member in members)
        {
            int row = rowOf[member.Number];
            Gap(lifeX, lifeY, lifeNumbers);
            lifeX.AddRange(0, member.LastStep);
            lifeY.AddRange(row, row);
            lifeNumbers.AddRange(member.Number, member.Number);
            foreach ((int step, int from) in member.Copies)
            {
                if (!rowOf.TryGetValue(from, out int fromRow))
                {
                    continue;
                }

                Gap(copyX, copyY, copyNumbers);
                copyX.AddRange(step, step);
                copyY.AddRange(fromRow, row);
                copyNumbers.AddRange(from, member.Number);
                atX.Add(step);
                atY.Add(row);
                atNumbers.Add(member.Number);
            }
        }

        var figures = ImmutableArray.CreateBuilder<Figure>();
        figures.Add(new Figure
        {
            Key = "pbt-lineage",
            Title = "Population-based training: who copied whom",
            X = PlotAxis.Linear("step"),
            Y = new PlotAxis { Title = "member", Scale = AxisScale.Categorical, Categories = members.Select(m => "trial " + m.Number.ToString(CultureInfo.InvariantCulture)).ToImmutableArray() },
            Series =
            [
                new PlotSeries { Name = "member", Kind = SeriesKind.Lines, X = lifeX.ToImmutable(), Y = lifeY.ToImmutable(), TrialNumbers = lifeNumbers.ToImmutable(), Color = "#7f7f7f" },
                new PlotSeries { Name = "copied weights and parameters", Kind = SeriesKind.Lines, X = copyX.ToImmutable(), Y = copyY.ToImmutable(), TrialNumbers = copyNumbers.ToImmutable(), Color = "#9467bd" },
                new PlotSeries { Name = "copy", Kind = SeriesKind.Markers, X = atX.ToImmutable(), Y = atY.ToImmutable(), TrialNumbers = atNumbers.ToImmutable(), Color = "#9467bd" },
            ],
            Note = atX.Count == 0 ? "No member has copied another yet." : null,
        });

        foreach (ParameterDescriptor parameter in descriptor.Parameters.Where(p => p.IsMutable))
        {
            PlotAxis axis = PlotAxis.Of(StudyAnalysis.AxisOf(parameter));
            var series = ImmutableArray.CreateBuilder<PlotSeries>();
            foreach (PbtMember member in members)
            {
                var x = ImmutableArray.CreateBuilder<double>();
                var y = ImmutableArray.CreateBuilder<double>();
                foreach (PbtMember.Entry entry in member.Schedule)
                {
                    // An inactive parameter has no value at that step: a gap, not its default.
                    x.Add(entry.Step);
                    y.Add(entry.Parameters.TryGetValue(parameter.Name, out double value) ? value : double.NaN);
                }

                if (x.Count > 0)
                {
                    x.Add(Math.Max(member.LastStep, (int)x[^1]));
                    y.Add(y[^1]);
                }

                series.Add(new PlotSeries
                {
                    Name = "trial " + member.Number.ToString(CultureInfo.InvariantCulture),
                    Kind = SeriesKind.Steps,
                    X = x.ToImmutable(),
                    Y = y.ToImmutable(),
                    TrialNumbers = Enumerable.Repeat(member.Number, x.Count).ToImmutableArray(),
                });
            }

            figures.Add(new Figure
            {
                Key = "pbt-schedule",
                Parameter = parameter.Name,
                Title = "Population-based training schedule: " + parameter.Name,
                X = PlotAxis.Linear("step"),
                Y = axis,
                Series = series.ToImmutable(),
            });
        }

        return figures.ToImmutable();
    }

    /// <summary>A state as figures name it.</summary>
    public static string StateName(TrialState state) => state switch
    {
        TrialState.Complete => "complete",
        TrialState.Pruned => "pruned",
        TrialState.Failed => "failed",
        TrialState.Running => "running",
        TrialState.Waiting => "waiting",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static void Gap(ImmutableArray<double>.Builder x, ImmutableArray<double>.Builder y, ImmutableArray<int>.Builder numbers)
    {
        if (x.Count > 0)
        {
            x.Add(double.NaN);
            y.Add(double.NaN);
            numbers.Add(-1);
        }
    }

    // host:pid:ticks (WorkerIdentity) reads as host:pid; the start time only tells apart a reused pid.
    private static string WorkerLabel(string worker)
    {
        string[] parts = worker.Split(':');
        return parts.Length == 3 ? parts[0] + ":" + parts[1] : worker;
    }

    // Ticks at the normalised positions ParallelCoordinates uses: every choice, or five values evenly spaced on the
    // parameter's own scale (its logarithm for a log range).
    private static (ImmutableArray<double> Positions, ImmutableArray<string> Labels) NormalisedTicks(ParameterAxis axis)
    {
        if (axis.IsCategorical)
        {
            int count = axis.Choices.Length;
            return (
                Enumerable.Range(0, count).Select(k => count == 1 ? 0.5 : (double)k / (count - 1)).ToImmutableArray(),
                axis.Choices);
        }

        if (axis.High == axis.Low)
        {
            return ([0.5], [Format(axis.Low)]);
        }

        double[] positions = [0, 0.25, 0.5, 0.75, 1];
        return (
            positions.ToImmutableArray(),
            positions.Select(t =>
            {
                double value = axis.IsLog ? Math.Exp(Math.Log(axis.Low) + t * (Math.Log(axis.High) - Math.Log(axis.Low))) : axis.Low + t * (axis.High - axis.Low);
                return Format(axis.Kind == DistributionKind.Int ? Math.Round(value) : value);
            }).ToImmutableArray());
    }

    private static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private const string InfeasibleColor = "#a0a0a0";

    // Every metric of a trial, a line each, and whether it is feasible: what a point of a Pareto plot says on hover.
    private static string HoverText(MetricsDescriptor metrics, FrozenTrial trial)
    {
        var lines = new List<string>();
        for (int i = 0; i < metrics.Objectives.Count; i++)
        {
            lines.Add(metrics.Objectives[i].Name + ": " + trial.Values[i].ToString("R", CultureInfo.InvariantCulture));
        }

        for (int i = 0; i < metrics.Constraints.Count; i++)
        {
            lines.Add(metrics.Constraints[i].Name + ": " + trial.ConstraintValues[i].ToString("R", CultureInfo.InvariantCulture));
        }

        if (metrics.Constraints.Count > 0)
        {
            lines.Add(ParetoTrials.IsFeasible(metrics, trial) == true ? "feasible" : "infeasible");
        }

        return string.Join("\n", lines);
    }

    // The running best again, over the complete trials that are feasible: an infeasible trial never holds it.
    private static ImmutableArray<TrialHistoryPoint> FeasibleRunningBest(ImmutableArray<TrialHistoryPoint> points, StudyDirection direction, HashSet<int> infeasible)
    {
        var result = ImmutableArray.CreateBuilder<TrialHistoryPoint>(points.Length);
        double? best = null;
        int? bestNumber = null;
        foreach (TrialHistoryPoint point in points)
        {
            if (point.State == TrialState.Complete && point.Value is { } v && !double.IsNaN(v) && !infeasible.Contains(point.Number) && (best is null || direction.IsBetter(v, best.Value)))
            {
                best = v;
                bestNumber = point.Number;
            }

            result.Add(point with { BestValue = best, BestNumber = bestNumber });
        }

        return result.MoveToImmutable();
    }
}
