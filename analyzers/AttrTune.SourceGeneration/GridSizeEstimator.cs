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
            (long Start, long End)[] allowed = blockCondition?.Allowed ?? Array.Empty<(long, long)>();
            if (parameter.Condition is { } condition && local.TryGetValue(condition.ParentProperty, out int own))
            {
                parent = own;
                allowed = AllowedPositions(condition, flat[own].Points);
            }

            if (parameter.Kind == ParameterKind.Repeated)
            {
                // Instance j under "count >= j + 1", like a nested space under that condition.
                if (type.GetMembers(parameter.PropertyName).OfType<IPropertySymbol>().FirstOrDefault() is not { } repeated
                    || SearchSpaceParser.RepeatedElement(repeated.Type).Element is not INamedTypeSymbol elementType
                    || !local.TryGetValue(parameter.RepeatedBy!, out int count))
                {
                    continue;
                }

                SearchSpaceSpec? element = new SearchSpaceParser(known, sink: null, cancellationToken).Parse(elementType);
                if (element is null)
                {
                    continue;
                }

                for (int j = 0; j < parameter.RepeatMax; j++)
                {
                    var instance = new ConditionSpec(parameter.RepeatedBy!, EquatableArray<int>.Empty)
                    {
                        Form = ConditionForm.Range,
                        AtLeast = j + 1,
                        ParentLow = parameter.RepeatCountLow,
                        ParentStep = parameter.RepeatCountStep,
                    };
                    string? missingInstance = Flatten(element, elementType, $"{prefix}{parameter.PropertyName}[{j}].", new FlatParameter(0, count, AllowedPositions(instance, flat[count].Points)), continuousPoints, known, flat, cancellationToken);
                    if (missingInstance is not null)
                    {
                        return missingInstance;
                    }
                }

                continue;
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

    // The positions in the parent's grid (its choice indices, or the k of an integer value low + k * step) where a
    // condition holds, as half-open intervals.
    private static (long Start, long End)[] AllowedPositions(ConditionSpec condition, long points)
    {
        switch (condition.Form)
        {
            case ConditionForm.Values:
                return condition.AllowedValues.Select(v => (v - condition.ParentLow) / condition.ParentStep).Select(k => (k, k + 1)).ToArray();
            case ConditionForm.Range:
                // Positions whose value lies in [AtLeast, AtMost]; the parser made sure at least one does.
                long first = condition.AtLeast is { } low && low > condition.ParentLow ? CeilingDivide(low - condition.ParentLow, condition.ParentStep) : 0;
                long last = condition.AtMost is { } high && high < condition.ParentLow + ((points - 1) * condition.ParentStep) ? FloorDivide(high - condition.ParentLow, condition.ParentStep) : points - 1;
                return first <= last ? new[] { (first, last + 1) } : Array.Empty<(long, long)>();
            default:
                return condition.AllowedChoices.Select(i => ((long)i, (long)i + 1)).ToArray();
        }
    }

    private static long CeilingDivide(long a, long b) => (a + b - 1) / b;

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    // The points of a parameter's sub-grid: its own values, each times the sub-grids of the children it switches
    // on (an inactive child has one point, "absent"). Subtrees under different values or different roots are
    // independent, so this is the number SearchSpaceGrid.CountFrom reaches by enumerating every assignment of the
    // parents. The parent's positions are cut where a child's condition starts or stops holding, and each piece counted
    // once times its length, so the time is linear in the parameters and their conditions, not in the grid or in the
    // length of an integer range. Saturates instead of overflowing.
    private static long Count(int j, List<FlatParameter> flat, List<int>[] children, long[] counts)
    {
        long points = flat[j].Points;
        if (children[j].Count == 0)
        {
            return points;
        }

        var cuts = new SortedSet<long> { 0, points };
        foreach (int child in children[j])
        {
            foreach ((long start, long end) in flat[child].Allowed)
            {
                cuts.Add(Math.Max(0, Math.Min(points, start)));
                cuts.Add(Math.Max(0, Math.Min(points, end)));
            }
        }

        long total = 0;
        long previous = -1;
        foreach (long cut in cuts)
        {
            if (previous >= 0 && cut > previous)
            {
                long branch = 1;
                foreach (int child in children[j])
                {
                    if (flat[child].Allowed.Any(a => a.Start <= previous && previous < a.End))
                    {
                        branch = Multiply(branch, counts[child]);
                    }
                }

                long piece = Multiply(cut - previous, branch);
                total = total > long.MaxValue - piece ? long.MaxValue : total + piece;
            }

            previous = cut;
        }

        return total;
    }

    private static long Multiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;

    private sealed class FlatParameter
    {
        public FlatParameter(long points, int parent, (long Start, long End)[] allowed)
        {
            Points = points;
            Parent = parent;
            Allowed = allowed;
        }

        public long Points { get; }

        public int Parent { get; }

        public (long Start, long End)[] Allowed { get; }
    }
}
