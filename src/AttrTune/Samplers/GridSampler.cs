using System;
using System.Collections.Generic;
using System.Globalization;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// Exhaustive search over the space's grid. Each point is claimed in storage under the key <c>grid:&lt;index&gt;</c>,
/// so parallel trials, other processes and resumed studies never evaluate a point twice; the study stops when
/// every point is claimed.
/// </summary>
public sealed class GridSampler : IMultiObjectiveSampler
{
    private const string KeyPrefix = "grid:";
    private readonly GridOptions _options;
    private readonly RandomSource? _shuffle;
    private SearchSpaceGrid? _grid;
    private string? _fingerprint;
    private long _multiplier = 1;
    private long _offset;
    private long _cursor;

    // Claim keys seen so far, and how many trials (in number order) they were read from: trials only ever join at
    // the end and a claim key never changes, so each proposal reads only the trials created since the last one,
    // instead of the whole study (which made a long grid study quadratic).
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private int _trialsSeen;

    /// <summary>Creates a grid sampler.</summary>
    /// <param name="options">Points for continuous ranges without <c>GridPoints</c> on their attribute.</param>
    /// <param name="shuffleSeed">Visit the grid in a seeded pseudo-random order (useful when it may not be finished); null for grid order.</param>
    public GridSampler(GridOptions? options = null, ulong? shuffleSeed = null)
    {
        _options = options ?? GridOptions.Default;
        _shuffle = shuffleSeed is { } seed ? new RandomSource(seed) : null;
    }

    /// <summary>The number of grid points, once the sampler has seen the space.</summary>
    public long? Count => _grid?.Count;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A continuous parameter has no grid points; the message names it.</exception>
    public SampleProposal? Sample(SamplerContext context)
    {
        SearchSpaceGrid grid = GridFor(context.Descriptor);
        IReadOnlyList<FrozenTrial> trials = context.Trials;
        if (trials.Count < _trialsSeen)
        {
            // Another study's trials (the sampler was reused): start over.
            _claimed.Clear();
            _trialsSeen = 0;
        }

        for (int i = _trialsSeen; i < trials.Count; i++)
        {
            if (trials[i].ClaimKey is { } key)
            {
                _claimed.Add(key);
            }
        }

        _trialsSeen = trials.Count;
        HashSet<string> claimed = _claimed;

        for (; _cursor < grid.Count; _cursor++)
        {
            long index = (long)(((UInt128)(ulong)_multiplier * (ulong)_cursor + (ulong)_offset) % (ulong)grid.Count);
            string key = KeyPrefix + index.ToString(CultureInfo.InvariantCulture);
            if (!claimed.Contains(key))
            {
                return new SampleProposal(grid.GetPoint(index), key);
            }
        }

        return null;
    }

    private SearchSpaceGrid GridFor(SearchSpaceDescriptor descriptor)
    {
        if (_grid is null || _fingerprint != descriptor.Fingerprint)
        {
            _grid = descriptor.CreateGrid(_options);
            _fingerprint = descriptor.Fingerprint;
            _cursor = 0;
            _claimed.Clear();
            _trialsSeen = 0;
            _multiplier = 1;
            _offset = 0;
            if (_shuffle is not null && _grid.Count > 1)
            {
                // A seeded affine bijection of [0, Count): a random visiting order without materialising the grid.
                do
                {
                    _multiplier = 1 + _shuffle.NextInt64(_grid.Count - 1);
                }
                while (GreatestCommonDivisor(_multiplier, _grid.Count) != 1);
                _offset = _shuffle.NextInt64(_grid.Count);
            }
        }

        return _grid;
    }

    private static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
