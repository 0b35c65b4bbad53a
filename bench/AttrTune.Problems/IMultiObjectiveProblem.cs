using System;
using AttrTune.SearchSpaces;

namespace AttrTune.Problems;

/// <summary>
/// A multi-objective benchmark problem: a space, objectives to minimise, constraints (feasible when every value is
/// ≤ 0) and the reference point its hypervolume is measured against (infeasible points count nothing).
/// </summary>
public interface IMultiObjectiveProblem
{
    string Name { get; }

    SearchSpaceDescriptor Space { get; }

    int ObjectiveCount { get; }

    int ConstraintCount { get; }

    /// <summary>The hypervolume's reference point.</summary>
    double[] Reference { get; }

    /// <summary>Written for checking that the samplers were not tuned to the other problems: never used while choosing settings.</summary>
    bool HeldOut { get; }

    /// <summary>The objectives and constraint values at a point given as internal values of <see cref="Space"/>.</summary>
    (double[] Objectives, double[] Constraints) Evaluate(ReadOnlySpan<double> values);
}
