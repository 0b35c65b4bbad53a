using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// Independent draws from each parameter's prior (uniform in its scale), conditions applied. Reproducible: the
/// same seed gives the same sequence of proposals.
/// </summary>
public sealed class RandomSampler : ISampler
{
    private readonly RandomSource _random;

    /// <summary>Creates a random sampler; without a seed, each run differs.</summary>
    public RandomSampler(ulong? seed = null) => _random = seed is { } s ? new RandomSource(s) : new RandomSource();

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        var values = new double[context.Descriptor.Count];
        context.Descriptor.SampleValues(_random, values);
        return new SampleProposal(ParameterSet.Create(context.Descriptor, values));
    }
}
