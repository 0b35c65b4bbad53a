using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AttrTune.SourceGeneration.Model;
using Microsoft.CodeAnalysis;

namespace AttrTune.SourceGeneration;

/// <summary>Counts the grid a space would enumerate, without enumerating it, for the large-grid advice.</summary>
internal static class GridSizeEstimator
{
    public static GridSize Estimate(SearchSpaceSpec spec, int continuousPoints, KnownSymbols known, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var flat = new List<FlatParameter>();
        string? missing = Flatten(spec, type, string.Empty, null, continuousPoints, known, flat, cancellationToken);
        if (missing is not null)
        {
            return new GridSize(0, missing);
        }

        var children = new List<int>[flat.Count];
        for (int j = 0; j < flat.Count; j++)
        {
            children[j] = new List<int>();
            if (flat[j].Parent >= 0)
            {
                children[flat[j].Parent].Add(j);
            }
        }

        // From the last: the parser orders parents first, so every child is counted before its parent needs it.
        var counts = new long[flat.Count];
        for (int j = flat.Count - 1; j >= 0; j--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            counts[j] = Count(j, flat, children, counts);
        }

        long total = 1;
        for (int j = 0; j < flat.Count; j++)
        {
            if (flat[j].Parent < 0)
            {
                total = Multiply(total, counts[j]);
            }
        }

        return new GridSize(total, null);
    }

    private static string? Flatten(SearchSpaceSpec spec, INamedTypeSymbol type, string prefix, FlatParameter? blockCondition, int continuousPoints, KnownSymbols known, List<FlatParameter> flat, CancellationToken cancellationToken)
    {
        var local = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ParameterSpec parameter in spec.Parameters)
        {
            int parent = blockCondition?.Parent ?? -1;
            int[] allowed = blockCondition?.Allowed ?? Array.Empty<int>();
            if (parameter.Condition is { } condition && local.TryGetValue(condition.ParentProperty, out int own))
            {
                parent = own;
                allowed = condition.AllowedChoices.ToArray();
            }

            if (parameter.Kind == ParameterKind.Nested)
            {
                if (type.GetMembers(parameter.PropertyName).OfType<IPropertySymbol>().FirstOrDefault()?.Type is not INamedTypeSymbol nestedType)
                {
                    continue;
                }

                SearchSpaceSpec? nested = new SearchSpaceParser(known, sink: null, cancellationToken).Parse(nestedType);
                if (nested is null)
                {
                    continue;
                }

                string? missing = Flatten(nested, nestedType, prefix + parameter.PropertyName + ".", new FlatParameter(0, parent, allowed), continuousPoints, known, flat, cancellationToken);
                if (missing is not null)
                {
                    return missing;
                }

                continue;
            }

            long points = parameter.PointCount > 0 ? parameter.PointCount : parameter.GridPoints > 0 ? parameter.GridPoints : continuousPoints;
            if (points <= 0)
            {
                return prefix + parameter.PropertyName;
            }

            local[parameter.PropertyName] = flat.Count;
            flat.Add(new FlatParameter(points, parent, allowed));
        }

        return null;
    }

    // The points of a parameter's sub-grid: its own values, each times the sub-grids of the children it switches
    // on (an inactive child has one point, "absent"). Subtrees under different values or different roots are
    // independent, so this is the number SearchSpaceGrid.CountFrom reaches by enumerating every assignment of the
    // parents, in time linear in the parameters rather than in the grid. Saturates instead of overflowing.
    private static long Count(int j, List<FlatParameter> flat, List<int>[] children, long[] counts)
    {
        if (children[j].Count == 0)
        {
            return flat[j].Points;
        }

        long total = 0;
        for (int value = 0; value < flat[j].Points; value++)
        {
            long branch = 1;
            foreach (int child in children[j])
            {
                if (Array.IndexOf(flat[child].Allowed, value) >= 0)
                {
                    branch = Multiply(branch, counts[child]);
                }
            }

            total = total > long.MaxValue - branch ? long.MaxValue : total + branch;
        }

        return total;
    }

    private static long Multiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;

    private sealed class FlatParameter
    {
        public FlatParameter(long points, int parent, int[] allowed)
        {
            Points = points;
            Parent = parent;
            Allowed = allowed;
        }

        public long Points { get; }

        public int Parent { get; }

        public int[] Allowed { get; }
    }
}
