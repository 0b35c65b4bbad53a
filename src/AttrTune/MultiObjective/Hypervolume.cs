using System;
using System.Collections.Generic;

namespace AttrTune.MultiObjective;

/// <summary>
/// The exact hypervolume of a set of objective vectors (all minimised) against a reference point: the measure of the
/// region they dominate inside the box below the reference. Two objectives by a sweep (O(n log n)), three by a
/// dimension sweep over a two-dimensional staircase (O(n log n) search, O(n²) moves in the worst case), more by WFG
/// (While, Bradstreet and Barone 2012).
/// </summary>
/// <remarks>Stateless and thread-safe. Points are not modified.</remarks>
public static class Hypervolume
{
    /// <summary>
    /// The hypervolume of <paramref name="points"/> against <paramref name="reference"/>. A point that does not
    /// strictly dominate the reference (some coordinate ≥ the reference's, or NaN) contributes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A point's length differs from the reference's, or the reference has a NaN or infinite coordinate.</exception>
    public static double Compute(IReadOnlyList<double[]> points, double[] reference)
    {
        List<double[]> inside = Inside(points, reference, out _);
        return Volume(inside, reference);
    }

    /// <summary>
    /// Each point's exclusive hypervolume: how much the hypervolume of <paramref name="points"/> shrinks when that point
    /// alone is removed. A point that is dominated, or equal to another point, or outside the reference box, contributes 0.
    /// </summary>
    /// <remarks>One hypervolume computation per point, each on the other points limited to the point's box.</remarks>
    /// <exception cref="ArgumentException">A point's length differs from the reference's, or the reference has a NaN or infinite coordinate.</exception>
    public static double[] Contributions(IReadOnlyList<double[]> points, double[] reference)
    {
        List<double[]> inside = Inside(points, reference, out List<int> indices);
        var contributions = new double[points.Count];
        var others = new List<double[]>(inside.Count);
        for (int i = 0; i < inside.Count; i++)
        {
            others.Clear();
            for (int j = 0; j < inside.Count; j++)
            {
                if (j != i)
                {
                    others.Add(inside[j]);
                }
            }

            contributions[indices[i]] = Exclusive(inside[i], others, reference);
        }

        return contributions;
    }

    /// <summary>
    /// Greedy hypervolume subset selection (the (1 − 1/e)-approximation of Guerreiro, Fonseca and Paquete 2016): picks
    /// <paramref name="count"/> of <paramref name="points"/>, each time the one that adds the most hypervolume to those
    /// already picked; ties go to the lower index. Lazy: a point's gain only shrinks as the selection grows (hypervolume
    /// is submodular), so a gain is recomputed only when its stale value could still be the largest.
    /// </summary>
    /// <returns>Indices into <paramref name="points"/>, in the order they were picked.</returns>
    internal static int[] GreedySubset(IReadOnlyList<double[]> points, double[] reference, int count)
    {
        int n = points.Count;
        count = Math.Clamp(count, 0, n);
        var selected = new List<double[]>(count);
        var picked = new int[count];
        var gains = new double[n];
        var fresh = new int[n];
        var taken = new bool[n];
        for (int i = 0; i < n; i++)
        {
            gains[i] = Box(points[i], reference);
        }

        for (int round = 0; round < count; round++)
        {
            while (true)
            {
                int best = -1;
                for (int i = 0; i < n; i++)
                {
                    if (!taken[i] && (best < 0 || gains[i] > gains[best]))
                    {
                        best = i;
                    }
                }

                if (fresh[best] == round)
                {
                    taken[best] = true;
                    picked[round] = best;
                    selected.Add(points[best]);
                    break;
                }

                gains[best] = Exclusive(points[best], selected, reference);
                fresh[best] = round;
            }
        }

        return picked;
    }

    // The part of the region `point` dominates that none of `others` dominates (WFG's exclusive hypervolume): the box
    // of the point minus the hypervolume of the others limited to that box. Computed this way rather than as a
    // difference of two whole hypervolumes, which would lose a small contribution's digits to the large total.
    private static double Exclusive(double[] point, List<double[]> others, double[] reference)
    {
        double box = Box(point, reference);
        if (box <= 0 || others.Count == 0)
        {
            return Math.Max(box, 0);
        }

        var limited = new List<double[]>(others.Count);
        foreach (double[] other in others)
        {
            var worse = new double[point.Length];
            bool inBox = true;
            for (int k = 0; k < worse.Length; k++)
            {
                worse[k] = Math.Max(point[k], other[k]);
                inBox &= worse[k] < reference[k];
            }

            if (inBox)
            {
                limited.Add(worse);
            }
        }

        return Math.Max(0, box - Volume(limited, reference));
    }

    private static List<double[]> Inside(IReadOnlyList<double[]> points, double[] reference, out List<int> indices)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(reference);
        foreach (double r in reference)
        {
            if (!double.IsFinite(r))
            {
                throw new ArgumentException($"The reference point has a non-finite coordinate ({r}).", nameof(reference));
            }
        }

        var inside = new List<double[]>(points.Count);
        indices = new List<int>(points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            double[] point = points[i] ?? throw new ArgumentException($"Point {i} is null.", nameof(points));
            if (point.Length != reference.Length)
            {
                throw new ArgumentException($"Point {i} has {point.Length} objectives; the reference has {reference.Length}.", nameof(points));
            }

            bool strictlyBetter = true;
            for (int k = 0; k < point.Length && strictlyBetter; k++)
            {
                // NaN fails the comparison, so a point with a NaN objective is left out.
                strictlyBetter = point[k] < reference[k];
            }

            if (strictlyBetter)
            {
                inside.Add(point);
                indices.Add(i);
            }
        }

        return inside;
    }

    // Every point strictly dominates the reference.
    private static double Volume(List<double[]> points, double[] reference)
    {
        switch (points.Count)
        {
            case 0:
                return 0;
            case 1:
                return Box(points[0], reference);
        }

        switch (reference.Length)
        {
            case 0:
                return 0;
            case 1:
                double best = double.PositiveInfinity;
                foreach (double[] point in points)
                {
                    best = Math.Min(best, point[0]);
                }

                return reference[0] - best;
            case 2:
                return Sweep2(points, reference);
            case 3:
                return Sweep3(points, reference);
            default:
                return Wfg(NonDominated(points), reference);
        }
    }

    // Zero for a point outside the reference box (two negative sides would otherwise give a positive product).
    private static double Box(double[] point, double[] reference)
    {
        double volume = 1;
        for (int k = 0; k < point.Length; k++)
        {
            double side = reference[k] - point[k];
            if (!(side > 0))
            {
                return 0;
            }

            volume *= side;
        }

        return volume;
    }

    // Left to right by the first objective, each point adds the strip between its second objective and the lowest
    // second objective seen so far.
    private static double Sweep2(List<double[]> points, double[] reference)
    {
        double[][] sorted = points.ToArray();
        Array.Sort(sorted, static (a, b) => a[0] != b[0] ? a[0].CompareTo(b[0]) : a[1].CompareTo(b[1]));
        double volume = 0;
        double lowest = reference[1];
        foreach (double[] point in sorted)
        {
            if (point[1] < lowest)
            {
                volume += (reference[0] - point[0]) * (lowest - point[1]);
                lowest = point[1];
            }
        }

        return volume;
    }

    // Bottom to top by the third objective: between two consecutive heights the dominated region's cross-section is the
    // two-dimensional staircase of the points below, whose area is kept up to date as each point is inserted.
    private static double Sweep3(List<double[]> points, double[] reference)
    {
        double[][] sorted = points.ToArray();
        Array.Sort(sorted, static (a, b) => a[2].CompareTo(b[2]));
        var staircase = new Staircase(sorted.Length, reference[0], reference[1]);
        double volume = 0;
        double height = sorted[0][2];
        foreach (double[] point in sorted)
        {
            volume += staircase.Area * (point[2] - height);
            height = point[2];
            staircase.Insert(point[0], point[1]);
        }

        return volume + staircase.Area * (reference[2] - height);
    }

    // WFG: the volume is the sum of each point's exclusive volume with respect to the points after it, and that is its
    // box minus the volume of the later points limited to the box (worse of the two in each objective), recursively.
    // Sorting by the first objective makes the limited sets collapse quickly: most limited points are dominated.
    private static double Wfg(List<double[]> points, double[] reference)
    {
        if (points.Count == 1)
        {
            return Box(points[0], reference);
        }

        points.Sort(static (a, b) => a[0].CompareTo(b[0]));
        double volume = 0;
        var later = new List<double[]>(points.Count);
        for (int i = points.Count - 1; i >= 0; i--)
        {
            volume += Exclusive(points[i], later, reference);
            later.Add(points[i]);
        }

        return volume;
    }

    // The points no other point weakly dominates, one copy of equal points kept.
    private static List<double[]> NonDominated(List<double[]> points)
    {
        var result = new List<double[]>(points.Count);
        for (int i = 0; i < points.Count; i++)
        {
            bool keep = true;
            for (int j = 0; j < points.Count && keep; j++)
            {
                if (j != i && WeaklyDominates(points[j], points[i]) && (j < i || !WeaklyDominates(points[i], points[j])))
                {
                    keep = false;
                }
            }

            if (keep)
            {
                result.Add(points[i]);
            }
        }

        return result;
    }

    private static bool WeaklyDominates(double[] a, double[] b)
    {
        for (int k = 0; k < a.Length; k++)
        {
            if (a[k] > b[k])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A two-dimensional non-dominated staircase (first coordinate ascending, second strictly descending) and the area it
    /// dominates below a reference corner.
    /// </summary>
    private sealed class Staircase
    {
        private readonly List<double> _xs;
        private readonly List<double> _ys;
        private readonly double _referenceX;
        private readonly double _referenceY;

        public Staircase(int capacity, double referenceX, double referenceY)
        {
            _xs = new List<double>(capacity);
            _ys = new List<double>(capacity);
            _referenceX = referenceX;
            _referenceY = referenceY;
        }

        public double Area { get; private set; }

        public void Insert(double x, double y)
        {
            // The first step at or right of x; the step left of it bounds the new point's region from above.
            int first = _xs.BinarySearch(x);
            if (first < 0)
            {
                first = ~first;
            }

            int left = first < _xs.Count && _xs[first] == x ? first : first - 1;
            if (left >= 0 && _ys[left] <= y)
            {
                return;
            }

            // Walk right over the steps the new point dominates (those above it), adding the area between the old
            // staircase and the new point's level, until a step at or below its level (or the reference) ends it.
            double currentX = x;
            double currentY = first > 0 ? _ys[first - 1] : _referenceY;
            int end = first;
            while (end < _xs.Count && _ys[end] > y)
            {
                Area += (_xs[end] - currentX) * (currentY - y);
                currentX = _xs[end];
                currentY = _ys[end];
                end++;
            }

            double rightX = end < _xs.Count ? _xs[end] : _referenceX;
            Area += (rightX - currentX) * (currentY - y);
            _xs.RemoveRange(first, end - first);
            _ys.RemoveRange(first, end - first);
            _xs.Insert(first, x);
            _ys.Insert(first, y);
        }
    }
}
