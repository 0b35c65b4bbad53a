using System;
using AttrTune.SearchSpaces;

namespace AttrTune.Problems;

/// <summary>A multi-objective problem over a generated space, evaluated through the typed configuration.</summary>
public sealed class MultiObjectiveProblem<TConfig> : IMultiObjectiveProblem
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly Func<TConfig, (double[] Objectives, double[] Constraints)> _evaluate;

    public MultiObjectiveProblem(string name, double[] reference, int constraintCount, Func<TConfig, (double[] Objectives, double[] Constraints)> evaluate, bool heldOut = false)
    {
        Name = name;
        Reference = reference;
        ConstraintCount = constraintCount;
        HeldOut = heldOut;
        _evaluate = evaluate;
    }

    public string Name { get; }

    public SearchSpaceDescriptor Space => TConfig.Descriptor;

    public int ObjectiveCount => Reference.Length;

    public int ConstraintCount { get; }

    public double[] Reference { get; }

    public bool HeldOut { get; }

    public (double[] Objectives, double[] Constraints) Evaluate(ReadOnlySpan<double> values) => _evaluate(TConfig.FromValues(values));

    public (double[] Objectives, double[] Constraints) Evaluate(TConfig config) => _evaluate(config);
}
