using System;
using System.Linq;

namespace AttrTune.Pruners;

/// <summary>
/// Tolerates plateaus: while a trial has improved (by more than <see cref="MinDelta"/>) within its last
/// <see cref="Patience"/> reports, it is never pruned; once it has not, the wrapped pruner decides (or, with none,
/// the trial is pruned).
/// </summary>
public sealed class PatientPruner : IPruner
{
    /// <summary>Creates the wrapper.</summary>
    /// <param name="inner">The pruner consulted after a plateau, or null to prune on the plateau itself.</param>
    /// <param name="patience">How many reports without improvement are tolerated.</param>
    /// <param name="minDelta">The smallest change that counts as an improvement.</param>
    public PatientPruner(IPruner? inner, int patience, double minDelta = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        if (minDelta < 0 || !double.IsFinite(minDelta))
        {
            throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "minDelta must be a finite number >= 0.");
        }

        Inner = inner;
        Patience = patience;
        MinDelta = minDelta;
    }

    /// <summary>The wrapped pruner.</summary>
    public IPruner? Inner { get; }

    /// <summary>Reports without improvement that are tolerated.</summary>
    public int Patience { get; }

    /// <summary>The smallest improvement that counts.</summary>
    public double MinDelta { get; }

    /// <inheritdoc />
    public bool ShouldPrune(PrunerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        double[] values = context.Trial.IntermediateValues.Values.ToArray();
        if (values.Length <= Patience)
        {
            return false;
        }

        double before = Best(values.AsSpan(0, values.Length - Patience), context.Direction);
        double recent = Best(values.AsSpan(values.Length - Patience), context.Direction);
        bool improved = Patience > 0 && (context.Direction == StudyDirection.Minimize ? recent < before - MinDelta : recent > before + MinDelta);
        return !improved && (Inner?.ShouldPrune(context) ?? true);
    }

    private static double Best(ReadOnlySpan<double> values, StudyDirection direction)
    {
        double best = values[0];
        foreach (double value in values)
        {
            best = direction.IsBetter(value, best) ? value : best;
        }

        return best;
    }
}
