using System;
using System.Collections.Generic;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// Multi-objective TPE (Ozaki et al. 2020, 2022), constraint-aware, as a sampler core. The observations are split into
/// a good and a bad group: feasible before infeasible (infeasible ones by total violation, as Optuna's constrained
/// TPE), feasible ones by non-dominated rank, whole fronts while they fit and the rest of the boundary front by greedy
/// hypervolume subset selection. The good group's kernels are weighted by each point's hypervolume contribution within
/// the group, so the model favours the sparse, extreme parts of the front over crowded ones. Each parameter is then
/// sampled as in univariate TPE (the <see cref="ParzenEstimator"/> and <see cref="CategoricalParzenEstimator"/> the
/// single-objective sampler uses): the candidate from the good model with the best likelihood ratio. With one
/// objective it is constrained TPE: the good group is the best feasible trials, weighted as TPE weights them.
/// </summary>
internal sealed class MotpeCore : IMultiObjectiveCore
{
    // The weight floor of a good point that adds no hypervolume (dominated inside the group, or infeasible).
    private const double WeightFloor = 1e-12;

    /// <summary>Random trials before the model is used.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from the good model per parameter.</summary>
    public int Candidates { get; init; } = 24;

    /// <summary>The weight of the broad prior kernel in each estimator.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Clip kernel widths from below relative to the range (Optuna's "magic clip").</summary>
    public bool MagicClip { get; init; } = true;

    /// <summary>
    /// Model the parameters that are active under the same conditions jointly (multivariate TPE's product kernels, as
    /// the single-objective sampler's <see cref="TpeOptions.Multivariate"/>), rather than each parameter on its own.
    /// </summary>
    public bool Multivariate { get; init; }

    /// <summary>How many of n observations form the good group; by default min(ceil(n / 10), 25), as Optuna's.</summary>
    public Func<int, int> Gamma { get; init; } = n => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <inheritdoc />
    public ParameterSet Propose(SearchSpaceDescriptor space, IReadOnlyList<MultiObjectiveObservation> observations, RandomSource random)
    {
        var set = new ObservationSet(space, observations);
        if (set.Valid.Count < Math.Max(1, StartupTrials) || space.Count == 0)
        {
            return set.Distinct(() => set.RandomValues(random), random);
        }

        (List<int> good, List<int> bad) = Split(set);
        double[] goodWeights = GoodWeights(set, good);
        return set.Distinct(() => Sample(set, good, goodWeights, bad, random), random);
    }

    /// <summary>The good and bad groups as indices into the valid observations, each in observation order.</summary>
    internal (List<int> Good, List<int> Bad) Split(ObservationSet set)
    {
        int n = set.Valid.Count;
        int goodCount = Math.Clamp(Gamma(n), 1, n);
        var feasible = new List<int>();
        var infeasible = new List<int>();
        for (int i = 0; i < n; i++)
        {
            (set.Valid[i].IsFeasible ? feasible : infeasible).Add(i);
        }

        var isGood = new bool[n];
        if (feasible.Count <= goodCount)
        {
            // Every feasible point, and the least violating others (Optuna's constrained TPE: feasibility first).
            foreach (int i in feasible)
            {
                isGood[i] = true;
            }

            infeasible.Sort((a, b) => set.Valid[a].Violation != set.Valid[b].Violation ? set.Valid[a].Violation.CompareTo(set.Valid[b].Violation) : a.CompareTo(b));
            for (int k = 0; k < goodCount - feasible.Count; k++)
            {
                isGood[infeasible[k]] = true;
            }
        }
        else
        {
            var points = new List<double[]>(feasible.Count);
            foreach (int i in feasible)
            {
                points.Add(set.Valid[i].Objectives);
            }

            int taken = 0;
            foreach (int[] front in Pareto.LeadingFronts(points, goodCount))
            {
                if (taken + front.Length <= goodCount)
                {
                    foreach (int f in front)
                    {
                        isGood[feasible[f]] = true;
                    }

                    taken += front.Length;
                    continue;
                }

                // The front that does not fit: the subset that dominates the most hypervolume.
                var frontPoints = new List<double[]>(front.Length);
                foreach (int f in front)
                {
                    frontPoints.Add(points[f]);
                }

                foreach (int s in Hypervolume.GreedySubset(frontPoints, ReferenceFor(frontPoints), goodCount - taken))
                {
                    isGood[feasible[front[s]]] = true;
                }

                break;
            }
        }

        var good = new List<int>(goodCount);
        var bad = new List<int>(n - goodCount);
        for (int i = 0; i < n; i++)
        {
            (isGood[i] ? good : bad).Add(i);
        }

        return (good, bad);
    }

    /// <summary>
    /// The good points' kernel weights. Several objectives: feasible points by their hypervolume contribution within the
    /// feasible good points, relative to the largest, floored at 1e-12; infeasible points get the floor while any good
    /// point is feasible, and equal weights when none is (they then show the way to feasibility). One objective: TPE's
    /// weights by age.
    /// </summary>
    internal double[] GoodWeights(ObservationSet set, List<int> good)
    {
        if (set.ObjectiveCount < 2)
        {
            return TpeSampler.DefaultWeights(good.Count);
        }

        var weights = new double[good.Count];
        var feasiblePoints = new List<double[]>();
        var feasibleSlots = new List<int>();
        for (int k = 0; k < good.Count; k++)
        {
            if (set.Valid[good[k]].IsFeasible)
            {
                feasiblePoints.Add(set.Valid[good[k]].Objectives);
                feasibleSlots.Add(k);
            }
        }

        if (feasiblePoints.Count == 0)
        {
            Array.Fill(weights, 1.0);
            return weights;
        }

        Array.Fill(weights, WeightFloor);
        double[] contributions = feasiblePoints.Count == 1 ? [1.0] : Hypervolume.Contributions(feasiblePoints, ReferenceFor(feasiblePoints));
        double largest = 0;
        foreach (double c in contributions)
        {
            largest = Math.Max(largest, c);
        }

        for (int j = 0; j < feasibleSlots.Count; j++)
        {
            weights[feasibleSlots[j]] = largest > 0 ? Math.Max(contributions[j] / largest, WeightFloor) : 1.0;
        }

        return weights;
    }

    /// <summary>
    /// A reference point just beyond <paramref name="points"/>: the worst value of each objective plus a tenth of its
    /// range (plus 1 when it does not vary, which scales every contribution alike). Depends on the points' spread, not on
    /// where the objective's zero lies (Optuna's 1.1 × worst does), so shifting an objective changes no weight.
    /// </summary>
    internal static double[] ReferenceFor(IReadOnlyList<double[]> points)
    {
        int m = points[0].Length;
        var reference = new double[m];
        for (int k = 0; k < m; k++)
        {
            double low = double.PositiveInfinity;
            double high = double.NegativeInfinity;
            foreach (double[] point in points)
            {
                low = Math.Min(low, point[k]);
                high = Math.Max(high, point[k]);
            }

            double margin = 0.1 * (high - low);
            reference[k] = high + (margin > 0 ? margin : 1.0);
            if (!(reference[k] > high))
            {
                // The margin vanished in rounding next to a large value.
                reference[k] = high + Math.Max(Math.Abs(high) * 1e-9, double.Epsilon);
            }
        }

        return reference;
    }

    private double[] Sample(ObservationSet set, List<int> good, double[] goodWeights, List<int> bad, RandomSource random)
    {
        if (Multivariate)
        {
            return SampleGroups(set, good, goodWeights, bad, random);
        }

        SearchSpaceDescriptor space = set.Space;
        var values = new double[space.Count];
        var goodValues = new List<double>(good.Count);
        var goodActiveWeights = new List<double>(good.Count);
        var badValues = new List<double>(bad.Count);
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            int p = parameter.Index;
            if (!space.IsActive(p, values))
            {
                values[p] = double.NaN;
                continue;
            }

            // Each parameter is modelled on the trials where it was active.
            goodValues.Clear();
            goodActiveWeights.Clear();
            badValues.Clear();
            for (int k = 0; k < good.Count; k++)
            {
                double value = set.Values[good[k]][p];
                if (!double.IsNaN(value))
                {
                    goodValues.Add(value);
                    goodActiveWeights.Add(goodWeights[k]);
                }
            }

            foreach (int i in bad)
            {
                double value = set.Values[i][p];
                if (!double.IsNaN(value))
                {
                    badValues.Add(value);
                }
            }

            double[] badWeights = TpeSampler.DefaultWeights(badValues.Count);
            values[p] = parameter.Distribution is CategoricalDistribution categorical
                ? SampleChoice(categorical.Count, goodValues, goodActiveWeights, badValues, badWeights, random)
                : SampleNumber(parameter.Distribution, goodValues, goodActiveWeights, badValues, badWeights, random);
        }

        return values;
    }

    private int SampleChoice(int count, List<double> goodValues, List<double> goodWeights, List<double> badValues, double[] badWeights, RandomSource random)
    {
        var l = new CategoricalParzenEstimator(count, goodValues, goodWeights, PriorWeight);
        var g = new CategoricalParzenEstimator(count, badValues, badWeights, PriorWeight);
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < Candidates; i++)
        {
            int candidate = l.Sample(random);
            double score = l.LogLikelihood(candidate) - g.LogLikelihood(candidate);
            if (best < 0 || score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    private double SampleNumber(Distribution distribution, List<double> goodValues, List<double> goodWeights, List<double> badValues, double[] badWeights, RandomSource random)
    {
        TpeSampler.Scale scale = TpeSampler.Scale.Of(distribution);
        var lower = new ParzenEstimator(scale.Low, scale.High, scale.Bin, goodValues.ConvertAll(scale.ToModel), goodWeights, PriorWeight, MagicClip);
        var upper = new ParzenEstimator(scale.Low, scale.High, scale.Bin, badValues.ConvertAll(scale.ToModel), badWeights, PriorWeight, MagicClip);
        double chosen = double.NaN;
        double chosenScore = double.NegativeInfinity;
        for (int i = 0; i < Candidates; i++)
        {
            double candidate = scale.Snap(lower.Sample(random));
            double score = lower.LogLikelihood(candidate) - upper.LogLikelihood(candidate);
            if (double.IsNaN(chosen) || score > chosenScore)
            {
                (chosen, chosenScore) = (candidate, score);
            }
        }

        return distribution.Project(scale.FromModel(chosen));
    }

    // Groups in order of their first parameter, so every condition's parent is sampled before the group it guards; each
    // group modelled on the trials where it was active.
    private double[] SampleGroups(ObservationSet set, List<int> good, double[] goodWeights, List<int> bad, RandomSource random)
    {
        SearchSpaceDescriptor space = set.Space;
        var values = new double[space.Count];
        Array.Fill(values, double.NaN);
        foreach (int[] group in Groups(space))
        {
            if (!space.IsActive(group[0], values))
            {
                continue;
            }

            var parameters = new ParameterDescriptor[group.Length];
            for (int g = 0; g < group.Length; g++)
            {
                parameters[g] = space.Parameters[group[g]];
            }

            (List<double[]> goodRows, List<double> goodRowWeights) = Rows(set, parameters, good, goodWeights);
            (List<double[]> badRows, _) = Rows(set, parameters, bad, null);
            var lower = new TpeSampler.JointParzenEstimator(parameters, goodRows, goodRowWeights.ToArray(), PriorWeight, MagicClip);
            var upper = new TpeSampler.JointParzenEstimator(parameters, badRows, TpeSampler.DefaultWeights(badRows.Count), PriorWeight, MagicClip);
            double[]? chosen = null;
            double chosenScore = double.NegativeInfinity;
            for (int c = 0; c < Candidates; c++)
            {
                double[] candidate = lower.Sample(random);
                double score = lower.LogLikelihood(candidate) - upper.LogLikelihood(candidate);
                if (chosen is null || score > chosenScore)
                {
                    (chosen, chosenScore) = (candidate, score);
                }
            }

            for (int g = 0; g < group.Length; g++)
            {
                values[group[g]] = TpeSampler.JointParzenEstimator.ToInternal(parameters[g], chosen![g]);
            }
        }

        return values;
    }

    // The observations where the whole group was active, as rows in the model scale, with their weights.
    private static (List<double[]> Rows, List<double> Weights) Rows(ObservationSet set, ParameterDescriptor[] parameters, List<int> members, double[]? weights)
    {
        var rows = new List<double[]>(members.Count);
        var rowWeights = new List<double>(members.Count);
        for (int m = 0; m < members.Count; m++)
        {
            double[] values = set.Values[members[m]];
            var row = new double[parameters.Length];
            bool complete = true;
            for (int k = 0; k < parameters.Length && complete; k++)
            {
                double value = values[parameters[k].Index];
                complete = !double.IsNaN(value);
                row[k] = complete ? TpeSampler.JointParzenEstimator.ToModel(parameters[k], value) : 0;
            }

            if (complete)
            {
                rows.Add(row);
                rowWeights.Add(weights?[m] ?? 1.0);
            }
        }

        return (rows, rowWeights);
    }

    // Parameters grouped by their chain of conditions: those active under exactly the same conditions.
    private static List<int[]> Groups(SearchSpaceDescriptor space)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            var key = new System.Text.StringBuilder();
            for (ParameterCondition? condition = parameter.Condition; condition is not null; condition = space.Parameters[condition.ParentIndex].Condition)
            {
                key.Append(condition.CanonicalText).Append(';');
            }

            string text = key.ToString();
            if (!groups.TryGetValue(text, out List<int>? members))
            {
                groups[text] = members = new List<int>();
                order.Add(text);
            }

            members.Add(parameter.Index);
        }

        return order.ConvertAll(k => groups[k].ToArray());
    }
}
