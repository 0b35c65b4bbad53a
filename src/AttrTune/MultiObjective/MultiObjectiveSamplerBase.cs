using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;

namespace AttrTune.MultiObjective;

/// <summary>
/// The engine side shared by the multi-objective samplers: read the study as observations, ask the core, and never
/// hand out a configuration the study already holds (complete, running or waiting) unless repeats are allowed.
/// </summary>
/// <remarks>The cores are stateless between calls, so a resumed or shared study proposes as if it had never stopped.</remarks>
public abstract class MultiObjectiveSamplerBase : IMultiObjectiveSampler
{
    private readonly RandomSource _random;
    private readonly ObservationHistory _history = new();
    private readonly EvaluatedConfigurations _evaluated = new();

    private protected MultiObjectiveSamplerBase(ulong? seed) => _random = seed is { } s ? new RandomSource(s) : new RandomSource();

    private protected abstract IMultiObjectiveCore Core { get; }

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        System.ArgumentNullException.ThrowIfNull(context);
        SearchSpaceDescriptor space = context.Descriptor;
        var observations = _history.Read(context);
        IMultiObjectiveCore core = Core;
        var proposal = new SampleProposal(core.Propose(space, observations, _random));
        if (context.AllowRepeats || !EvaluatedConfigurations.DrawsCanRepeat(space))
        {
            return proposal;
        }

        // The core already avoids complete trials; this also covers running and waiting ones.
        _evaluated.Refresh(context);
        return _evaluated.Distinct(context, proposal, () => new SampleProposal(core.Propose(space, observations, _random)), _random);
    }
}
