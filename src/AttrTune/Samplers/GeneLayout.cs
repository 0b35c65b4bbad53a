using System.Collections.Generic;

namespace AttrTune.Samplers;

/// <summary>The shape of a genome: which genes are choices (and how many), the rest being unit-cube coordinates.</summary>
public sealed class GeneLayout
{
    internal GeneLayout(bool[] isChoice, int[] choiceCounts)
    {
        IsChoice = isChoice;
        ChoiceCounts = choiceCounts;
    }

    /// <summary>Whether gene k is a choice index (otherwise a coordinate in [0, 1]).</summary>
    public IReadOnlyList<bool> IsChoice { get; }

    /// <summary>The number of choices of gene k (0 for coordinates).</summary>
    public IReadOnlyList<int> ChoiceCounts { get; }

    /// <summary>The number of genes.</summary>
    public int Count => IsChoice.Count;
}
