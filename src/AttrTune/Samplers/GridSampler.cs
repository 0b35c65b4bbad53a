using System;
using System.Collections.Generic;
using System.Globalization;

namespace AttrTune;

/// <summary>
/// Exhaustive search over the space's grid. Each point is claimed in storage under the key <c>grid:&lt;index&gt;</c>,
/// so parallel trials, other processes and resumed studies never evaluate a point twice; the study stops when
/// every point is claimed.
/// </summary>
public sealed class GridSampler : ISampler
{
    private const string KeyPrefix = "grid:";
    private readonly GridOptions _options;
    private readonly RandomSource? _shuffle;
    private SearchSpaceGrid? _grid;
    private string? _fingerprint;
    private long[]? _order;
    private long _cursor;

    /// <summary>Creates a grid sampler.</summary>
    /// <param name="options">Points for continuous ranges without <c>GridPoints</c> on their attribute.</param>
    /// <param name="shuffleSeed">Visit the grid in a seeded random order (useful when it may not be finished); null for grid order.</param>
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
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (FrozenTrial trial in context.Trials)
        {
            if (trial.ClaimKey is { } key)
            {
                claimed.Add(key);
            }
        }

        for (; _cursor < grid.Count; _cursor++)
        {
            long index = _order is null ? _cursor : _order[_cursor];
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
            _order = null;
            if (_shuffle is not null)
            {
                if (_grid.Count > int.MaxValue)
                {
                    throw new InvalidOperationException($"The grid of {descriptor.TypeName} has {_grid.Count} points, too many to shuffle; use grid order.");
                }

                _order = new long[_grid.Count];
                for (long i = 0; i < _order.LongLength; i++)
                {
                    _order[i] = i;
                }

                for (long i = _order.LongLength - 1; i > 0; i--)
                {
                    long j = _shuffle.NextInt64(i + 1);
                    (_order[i], _order[j]) = (_order[j], _order[i]);
                }
            }
        }

        return _grid;
    }
}
