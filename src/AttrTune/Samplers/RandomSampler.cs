using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// Independent draws from each parameter's prior (uniform in its scale), conditions applied, without repeating a
/// configuration the study holds (unless <see cref="SamplerContext.AllowRepeats"/>). Reproducible: the same seed gives
/// the same sequence of proposals for the same trials.
/// </summary>
public sealed class RandomSampler : IMultiObjectiveSampler
{
    private readonly RandomSource _random;
    private readonly EvaluatedConfigurations _evaluated = new();

    /// <summary>Creates a random sampler; without a seed, each run differs.</summary>
    public RandomSampler(ulong? seed = null) => _random = seed is { } s ? new RandomSource(s) : new RandomSource();

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        SampleProposal proposal = Draw(space);
        if (context.AllowRepeats || !EvaluatedConfigurations.DrawsCanRepeat(space))
        {
            return proposal;
        }

        _evaluated.Refresh(context);
        return _evaluated.Distinct(context, proposal, () => Draw(space), _random);
    }

    private SampleProposal Draw(SearchSpaceDescriptor space)
    {
        var values = new double[space.Count];
        space.SampleValues(_random, values);
        return new SampleProposal(ParameterSet.Create(space, values));
    }
}
