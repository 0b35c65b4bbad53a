using System;
using System.Collections.Immutable;

namespace AttrTune.Analysis;

/// <summary>
/// The two-parameter marginal of a study: the trials' points, and on a grid the value a random forest fitted to the
/// trials predicts there, averaged over every other parameter (uniformly in each parameter's own scale).
/// </summary>
public sealed record ContourPlot
{
    /// <summary>The horizontal parameter.</summary>
    public required ParameterAxis X { get; init; }

    /// <summary>The vertical parameter.</summary>
    public required ParameterAxis Y { get; init; }

    /// <summary>
    /// The grid's x positions in internal form, ascending: every value of a choice or of a discrete range with few
    /// values, otherwise evenly spaced in the parameter's scale (log-spaced for a log range) from low to high.
    /// </summary>
    public required ImmutableArray<double> XGrid { get; init; }

    /// <summary>The grid's y positions, as <see cref="XGrid"/>.</summary>
    public required ImmutableArray<double> YGrid { get; init; }

    /// <summary>
    /// The predicted marginal value at (XGrid[ix], YGrid[iy]) at index <c>iy * XGrid.Length + ix</c>; empty when fewer
    /// than two complete trials have both parameters active.
    /// </summary>
    public required ImmutableArray<double> Predicted { get; init; }

    /// <summary>The complete trials in which both parameters were active.</summary>
    public required ImmutableArray<ContourPoint> Points { get; init; }

    /// <summary>The predicted value at grid position (<paramref name="ix"/>, <paramref name="iy"/>).</summary>
    /// <exception cref="InvalidOperationException">The plot has no prediction (fewer than two trials).</exception>
    public double PredictedAt(int ix, int iy)
    {
        if (Predicted.IsDefaultOrEmpty)
        {
            throw new InvalidOperationException($"The contour of {X.Name} and {Y.Name} has no prediction: fewer than two complete trials have both active.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(ix);
        ArgumentOutOfRangeException.ThrowIfNegative(iy);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ix, XGrid.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(iy, YGrid.Length);
        return Predicted[iy * XGrid.Length + ix];
    }
}
