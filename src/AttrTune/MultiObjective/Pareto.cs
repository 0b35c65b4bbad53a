using System;
using System.Collections.Generic;

namespace AttrTune.MultiObjective;

/// <summary>
/// Pareto dominance on objective vectors that are all minimised (negate a maximised objective first), with Deb's
/// constrained dominance for vectors that carry constraint values (feasible when every constraint is ≤ 0).
/// </summary>
/// <remarks>Stateless and thread-safe. NaN objectives compare as neither better nor worse, so filter them out first.</remarks>
public static class Pareto
{
    /// <summary>Whether <paramref name="a"/> dominates <paramref name="b"/>: no worse in every objective and better in one.</summary>
    /// <exception cref="ArgumentException">The vectors have different lengths.</exception>
    public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        CheckSameLength(a.Length, b.Length);
        bool better = false;
        for (int k = 0; k < a.Length; k++)
        {
            if (a[k] > b[k])
            {
                return false;
            }

            better |= a[k] < b[k];
        }

        return better;
    }

    /// <summary>
    /// The total constraint violation: the sum of the positive constraint values (0 when feasible). A NaN constraint
    /// counts as an infinite violation: a constraint that could not be evaluated is not evidence of feasibility.
    /// </summary>
    public static double TotalViolation(ReadOnlySpan<double> constraints)
    {
        double total = 0;
        foreach (double c in constraints)
        {
            if (double.IsNaN(c))
            {
                return double.PositiveInfinity;
            }

            if (c > 0)
            {
                total += c;
            }
        }

        return total;
    }

    /// <summary>
    /// Deb's constrained dominance: a feasible vector (violation 0) beats an infeasible one; of two infeasible vectors
    /// the one with the smaller total violation wins; two feasible vectors compare by <see cref="Dominates"/>.
    /// </summary>
    /// <param name="a">The first objective vector.</param>
    /// <param name="aViolation">Its total violation (<see cref="TotalViolation"/>).</param>
    /// <param name="b">The second objective vector.</param>
    /// <param name="bViolation">Its total violation.</param>
    public static bool ConstrainedDominates(ReadOnlySpan<double> a, double aViolation, ReadOnlySpan<double> b, double bViolation)
    {
        bool aFeasible = aViolation <= 0;
        bool bFeasible = bViolation <= 0;
        if (aFeasible && bFeasible)
        {
            return Dominates(a, b);
        }

        return aFeasible || (!bFeasible && aViolation < bViolation);
    }

    /// <summary>
    /// Deb's fast non-dominated sort: the indices of <paramref name="points"/> by front, the non-dominated ones first.
    /// With <paramref name="violations"/>, constrained dominance is used, so feasible points come before infeasible ones
    /// and infeasible ones are ordered by violation. Equal points share a front. O(m n²) for n points of m objectives.
    /// </summary>
    /// <param name="points">Objective vectors of equal length.</param>
    /// <param name="violations">Total violations by point (<see cref="TotalViolation"/>), or null when unconstrained.</param>
    /// <exception cref="ArgumentException">Vectors of different lengths, or a violation list of another length.</exception>
    public static int[][] NonDominatedSort(IReadOnlyList<double[]> points, IReadOnlyList<double>? violations = null)
    {
        int[] ranks = Ranks(points, violations);
        int fronts = 0;
        foreach (int rank in ranks)
        {
            fronts = Math.Max(fronts, rank + 1);
        }

        var sizes = new int[fronts];
        foreach (int rank in ranks)
        {
            sizes[rank]++;
        }

        var result = new int[fronts][];
        for (int f = 0; f < fronts; f++)
        {
            result[f] = new int[sizes[f]];
            sizes[f] = 0;
        }

        for (int i = 0; i < ranks.Length; i++)
        {
            result[ranks[i]][sizes[ranks[i]]++] = i;
        }

        return result;
    }

    /// <summary>Each point's front number (0: non-dominated), as <see cref="NonDominatedSort"/> assigns them.</summary>
    /// <exception cref="ArgumentException">Vectors of different lengths, or a violation list of another length.</exception>
    public static int[] Ranks(IReadOnlyList<double[]> points, IReadOnlyList<double>? violations = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        int n = points.Count;
        if (violations is not null && violations.Count != n)
        {
            throw new ArgumentException($"{n} points but {violations.Count} violations.", nameof(violations));
        }

        for (int i = 1; i < n; i++)
        {
            CheckSameLength(points[0].Length, points[i].Length);
        }

        // Deb's bookkeeping: how many points dominate each point, and whom each point dominates; a front is the points
        // whose count drops to zero once the previous fronts are taken away.
        var dominatedByCount = new int[n];
        var dominates = new List<int>[n];
        for (int i = 0; i < n; i++)
        {
            dominates[i] = new List<int>();
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                int order = Compare(points[i], violations?[i] ?? 0, points[j], violations?[j] ?? 0);
                if (order < 0)
                {
                    dominates[i].Add(j);
                    dominatedByCount[j]++;
                }
                else if (order > 0)
                {
                    dominates[j].Add(i);
                    dominatedByCount[i]++;
                }
            }
        }

        var ranks = new int[n];
        var current = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (dominatedByCount[i] == 0)
            {
                current.Add(i);
            }
        }

        int rank = 0;
        while (current.Count > 0)
        {
            var next = new List<int>();
            foreach (int i in current)
            {
                ranks[i] = rank;
                foreach (int j in dominates[i])
                {
                    if (--dominatedByCount[j] == 0)
                    {
                        next.Add(j);
                    }
                }
            }

            current = next;
            rank++;
        }

        return ranks;
    }

    /// <summary>
    /// The first fronts of <paramref name="points"/> (unconstrained), as <see cref="NonDominatedSort"/> would give them,
    /// until they hold at least <paramref name="count"/> points: what a sampler that keeps only its best points needs,
    /// without ranking the rest. Points are scanned in lexicographic order, where a point can only be dominated by
    /// one before it, and by a member of the front if by anything; so each front costs one pass over the remaining
    /// points against the front's members, instead of the full sort's comparison of every pair.
    /// </summary>
    internal static List<int[]> LeadingFronts(IReadOnlyList<double[]> points, int count)
    {
        var remaining = new List<int>(points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            remaining.Add(i);
        }

        remaining.Sort((x, y) =>
        {
            double[] a = points[x];
            double[] b = points[y];
            for (int k = 0; k < a.Length; k++)
            {
                int order = a[k].CompareTo(b[k]);
                if (order != 0)
                {
                    return order;
                }
            }

            return x.CompareTo(y);
        });
        var fronts = new List<int[]>();
        int ranked = 0;
        var front = new List<int>();
        var rest = new List<int>(remaining.Count);
        while (ranked < count && remaining.Count > 0)
        {
            front.Clear();
            rest.Clear();
            foreach (int i in remaining)
            {
                bool dominated = false;
                foreach (int f in front)
                {
                    if (Compare(points[f], 0, points[i], 0) < 0)
                    {
                        dominated = true;
                        break;
                    }
                }

                (dominated ? rest : front).Add(i);
            }

            int[] members = front.ToArray();
            Array.Sort(members);
            fronts.Add(members);
            ranked += members.Length;
            (remaining, rest) = (rest, remaining);
        }

        return fronts;
    }

    /// <summary>
    /// The indices of the Pareto front of <paramref name="points"/> (the points no other point dominates), ascending;
    /// with <paramref name="violations"/>, the front of the feasible points, or when none is feasible the least
    /// violating points' front.
    /// </summary>
    /// <exception cref="ArgumentException">Vectors of different lengths, or a violation list of another length.</exception>
    public static int[] Front(IReadOnlyList<double[]> points, IReadOnlyList<double>? violations = null)
    {
        int[][] fronts = NonDominatedSort(points, violations);
        return fronts.Length == 0 ? Array.Empty<int>() : fronts[0];
    }

    /// <summary>
    /// The crowding distance of each point of one front (Deb et al. 2002): the sum over objectives of the gap between its
    /// two neighbours along that objective, divided by the objective's range over the front. The extreme points of
    /// every objective get +∞, so they are always kept; an objective that does not vary adds nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Vectors of different lengths.</exception>
    public static double[] CrowdingDistance(IReadOnlyList<double[]> front)
    {
        ArgumentNullException.ThrowIfNull(front);
        int n = front.Count;
        var distance = new double[n];
        if (n == 0)
        {
            return distance;
        }

        int m = front[0].Length;
        for (int i = 1; i < n; i++)
        {
            CheckSameLength(m, front[i].Length);
        }

        if (n <= 2)
        {
            Array.Fill(distance, double.PositiveInfinity);
            return distance;
        }

        var order = new int[n];
        var keys = new double[n];
        for (int k = 0; k < m; k++)
        {
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
                keys[i] = front[i][k];
            }

            // Ties sorted by index, so the points that get +∞ do not depend on the sort's stability.
            Array.Sort(order, (x, y) => keys[x] != keys[y] ? keys[x].CompareTo(keys[y]) : x.CompareTo(y));
            double range = keys[order[n - 1]] - keys[order[0]];
            distance[order[0]] = double.PositiveInfinity;
            distance[order[n - 1]] = double.PositiveInfinity;
            if (!(range > 0))
            {
                continue;
            }

            for (int i = 1; i < n - 1; i++)
            {
                distance[order[i]] += (keys[order[i + 1]] - keys[order[i - 1]]) / range;
            }
        }

        return distance;
    }

    // −1 when a (constrained-)dominates b, +1 when b dominates a, 0 otherwise; one pass over the objectives, since the
    // sort compares every pair (45,000 pairs for a proposal at 300 trials).
    private static int Compare(double[] a, double aViolation, double[] b, double bViolation)
    {
        bool aFeasible = aViolation <= 0;
        bool bFeasible = bViolation <= 0;
        if (aFeasible != bFeasible)
        {
            return aFeasible ? -1 : 1;
        }

        if (!aFeasible)
        {
            return aViolation < bViolation ? -1 : bViolation < aViolation ? 1 : 0;
        }

        bool aBetter = false;
        bool bBetter = false;
        for (int k = 0; k < a.Length; k++)
        {
            if (a[k] < b[k])
            {
                aBetter = true;
            }
            else if (b[k] < a[k])
            {
                bBetter = true;
            }
        }

        return aBetter == bBetter ? 0 : aBetter ? -1 : 1;
    }

    private static void CheckSameLength(int first, int second)
    {
        if (first != second)
        {
            throw new ArgumentException($"Objective vectors of different lengths ({first} and {second}).");
        }
    }
}
