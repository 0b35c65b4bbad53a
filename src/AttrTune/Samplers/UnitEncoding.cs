using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// The model-side view of a space shared by the GP, CMA-ES and genetic samplers: numeric parameters as coordinates
/// of the unit cube (the descriptor's own unit encoding, so integers and steps are bins and log ranges are linear in
/// the log), categorical ones as choice indices. Inactive parameters encode at a fixed value (0.5, or −1 for a
/// choice), so points from different branches of a conditional space stay comparable.
/// </summary>
internal sealed class UnitEncoding
{
    // Descriptors live as long as their config type, and samplers asked for the encoding on every proposal.
    private static readonly ConditionalWeakTable<SearchSpaceDescriptor, UnitEncoding> Cache = new();

    private readonly SearchSpaceDescriptor _space;

    private UnitEncoding(SearchSpaceDescriptor space)
    {
        _space = space;
        Dimensions = space.Count;
        Categorical = new bool[Dimensions];
        ChoiceCounts = new int[Dimensions];
        for (int k = 0; k < Dimensions; k++)
        {
            if (space.Parameters[k].Distribution is CategoricalDistribution categorical)
            {
                Categorical[k] = true;
                ChoiceCounts[k] = categorical.Count;
            }
        }
    }

    /// <summary>The encoding of <paramref name="space"/>, built once per descriptor.</summary>
    public static UnitEncoding Of(SearchSpaceDescriptor space) => Cache.GetValue(space, s => new UnitEncoding(s));

    public int Dimensions { get; }

    public bool[] Categorical { get; }

    public int[] ChoiceCounts { get; }

    public SearchSpaceDescriptor Space => _space;

    public double[] EncodeValues(ReadOnlySpan<double> values)
    {
        var x = new double[Dimensions];
        for (int k = 0; k < Dimensions; k++)
        {
            x[k] = double.IsNaN(values[k]) ? InactiveValue(k) : Categorical[k] ? values[k] : _space.Parameters[k].Distribution.ToUnit(values[k]);
        }

        return x;
    }

    /// <summary>Internal values of the point (conditions applied: inactive parameters are NaN).</summary>
    public double[] Decode(ReadOnlySpan<double> x)
    {
        var values = new double[Dimensions];
        for (int k = 0; k < Dimensions; k++)
        {
            if (!_space.IsActive(k, values))
            {
                values[k] = double.NaN;
                continue;
            }

            Distribution distribution = _space.Parameters[k].Distribution;
            values[k] = Categorical[k]
                ? Math.Clamp(x[k] < 0 ? 0 : Math.Round(x[k]), 0, ChoiceCounts[k] - 1)
                : distribution.FromUnit(Math.Clamp(double.IsNaN(x[k]) ? 0.5 : x[k], 0, 1));
        }

        return values;
    }

    /// <summary>The encoding of the point the space actually holds: discrete inputs snapped, inactive ones fixed.</summary>
    public double[] Canonical(ReadOnlySpan<double> x) => EncodeValues(Decode(x));

    public double InactiveValue(int k) => Categorical[k] ? -1 : 0.5;

    /// <summary>Points differing from <paramref name="x"/> only in discrete input <paramref name="k"/>: other choices, or the neighbouring bins.</summary>
    public IEnumerable<double[]> DiscreteNeighbours(double[] x, int k)
    {
        double[] values = Decode(x);
        if (double.IsNaN(values[k]))
        {
            yield break;
        }

        Distribution distribution = _space.Parameters[k].Distribution;
        if (Categorical[k])
        {
            for (int choice = 0; choice < ChoiceCounts[k]; choice++)
            {
                if (choice != (int)values[k])
                {
                    values[k] = choice;
                    yield return Canonical(EncodeValues(values));
                }
            }

            yield break;
        }

        double step = distribution switch
        {
            IntDistribution i => i.Step,
            FloatDistribution { Step: > 0 } f => f.Step,
            _ => 0,
        };
        if (step == 0)
        {
            yield break;
        }

        double original = values[k];
        foreach (double candidate in new[] { original - step, original + step })
        {
            double projected = distribution.Project(candidate);
            if (projected != original && distribution.Contains(projected))
            {
                values[k] = projected;
                yield return Canonical(EncodeValues(values));
            }
        }
    }
}
