using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>Combines two parents into a child.</summary>
public interface ICrossover
{
    /// <summary>A child of <paramref name="first"/> and <paramref name="second"/> (a new array).</summary>
    double[] Cross(double[] first, double[] second, GeneLayout layout, RandomSource random);
}
