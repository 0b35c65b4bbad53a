using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>Changes a child in place.</summary>
public interface IMutation
{
    /// <summary>Mutates <paramref name="genes"/> in place.</summary>
    void Mutate(double[] genes, GeneLayout layout, RandomSource random);
}
