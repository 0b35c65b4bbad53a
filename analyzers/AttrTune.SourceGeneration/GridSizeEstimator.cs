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

        var assignment = new int[flat.Count];
        var isParent = new bool[flat.Count];
        foreach (FlatParameter parameter in flat)
        {
            if (parameter.Parent >= 0)
            {
                isParent[parameter.Parent] = true;
            }
        }

        return new GridSize(CountFrom(0, flat, assignment, isParent), null);
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

    // Mirrors SearchSpaceGrid.CountFrom: only condition parents branch; saturates instead of overflowing.
    private static long CountFrom(int j, List<FlatParameter> flat, int[] assignment, bool[] isParent)
    {
        if (j == flat.Count)
        {
            return 1;
        }

        FlatParameter parameter = flat[j];
        if (!IsActive(j, flat, assignment))
        {
            assignment[j] = -1;
            return CountFrom(j + 1, flat, assignment, isParent);
        }

        if (!isParent[j])
        {
            assignment[j] = 0;
            return Multiply(parameter.Points, CountFrom(j + 1, flat, assignment, isParent));
        }

        long total = 0;
        for (int value = 0; value < parameter.Points; value++)
        {
            assignment[j] = value;
            long branch = CountFrom(j + 1, flat, assignment, isParent);
            total = total > long.MaxValue - branch ? long.MaxValue : total + branch;
        }

        return total;
    }

    private static bool IsActive(int j, List<FlatParameter> flat, int[] assignment)
    {
        for (FlatParameter current = flat[j]; current.Parent >= 0; current = flat[current.Parent])
        {
            if (Array.IndexOf(current.Allowed, assignment[current.Parent]) < 0)
            {
                return false;
            }
        }

        return true;
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
