using System.Collections.Generic;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>Chooses a parent from the population.</summary>
public interface ISelection
{
    /// <summary>One parent.</summary>
    Individual Select(IReadOnlyList<Individual> population, RandomSource random);
}
