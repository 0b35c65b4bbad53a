using System;
using System.Globalization;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// Quasi-random search: points of a scrambled Sobol sequence decoded through the unit hypercube, which cover the
/// space far more evenly than independent random draws for the same budget. Each point is claimed in storage as
/// <c>sobol:&lt;index&gt;</c>, so parallel workers and processes sharing a study take distinct points, and a resumed
/// study continues the sequence where it stopped.
/// </summary>
public sealed class SobolSampler : IMultiObjectiveSampler
{
    private const string KeyPrefix = "sobol:";
    private readonly ulong _seed;
    private readonly EvaluatedConfigurations _evaluated = new();
    private readonly RandomSource _random;
    private SobolSequence? _sequence;
    private string? _fingerprint;

    /// <summary>Creates a Sobol sampler; the seed fixes the scrambling, so the same seed gives the same points.</summary>
    public SobolSampler(ulong? seed = null)
    {
        _seed = seed ?? new RandomSource().NextUInt64();

        // Only for the rare configuration no sequence point reaches (a nearly exhausted discrete space).
        _random = new RandomSource(_seed ^ 0x9E3779B97F4A7C15UL);
    }

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        SearchSpaceDescriptor descriptor = context.Descriptor;
        if (_sequence is null || _fingerprint != descriptor.Fingerprint)
        {
            _sequence = new SobolSequence(Math.Max(1, descriptor.Count), _seed);
            _fingerprint = descriptor.Fingerprint;
            _sequence.Skip(NextUnclaimed(context));
        }

        SampleProposal proposal = Next(descriptor);
        if (context.AllowRepeats || !EvaluatedConfigurations.DrawsCanRepeat(descriptor))
        {
            return proposal;
        }

        // On a discrete space, distinct sequence points can round to one configuration: move on along the sequence.
        _evaluated.Refresh(context);
        return _evaluated.Distinct(context, proposal, () => Next(descriptor), _random);
    }

    private SampleProposal Next(SearchSpaceDescriptor descriptor)
    {
        var unit = new double[_sequence!.Dimensions];
        long index = _sequence.Index;
        _sequence.Next(unit);
        var values = new double[descriptor.Count];
        descriptor.FromUnitVector(unit.AsSpan(0, descriptor.Count), values);
        return new SampleProposal(ParameterSet.Create(descriptor, values), KeyPrefix + index.ToString(CultureInfo.InvariantCulture));
    }

    // A resumed study (or another process) may already hold points: continue after the highest one.
    private static long NextUnclaimed(SamplerContext context)
    {
        long next = 0;
        foreach (FrozenTrial trial in context.Trials)
        {
            if (trial.ClaimKey is { } key && key.StartsWith(KeyPrefix, StringComparison.Ordinal)
                && long.TryParse(key.AsSpan(KeyPrefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out long index))
            {
                next = Math.Max(next, index + 1);
            }
        }

        return next;
    }
}
