using System;
using System.Collections.Generic;

namespace AttrTune.Pruners;

/// <summary>Helpers shared by the pruners.</summary>
internal static class PrunerMath
{
    /// <summary>The trial's best intermediate value up to and including <paramref name="step"/>.</summary>
    public static double? BestUpTo(FrozenTrial trial, long step, StudyDirection direction)
    {
        double? best = null;
        foreach ((long s, double value) in trial.IntermediateValues)
        {
            if (s > step)
            {
                break;
            }

            if (best is null || direction.IsBetter(value, best.Value))
            {
                best = value;
            }
        }

        return best;
    }

    /// <summary>The <paramref name="percentile"/>-th percentile (0..100) by linear interpolation, as numpy does.</summary>
    public static double Percentile(List<double> values, double percentile)
    {
        values.Sort();
        double position = percentile / 100 * (values.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, values.Count - 1);
        return values[lower] + (position - lower) * (values[upper] - values[lower]);
    }
}
