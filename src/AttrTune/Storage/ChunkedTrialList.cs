using System;
using System.Collections;
using System.Collections.Generic;

namespace AttrTune.Storage;

/// <summary>
/// The trials of one in-memory study, in number order, with snapshots that never change and cost O(n / 256).
/// Trials live in fixed-size chunks; a snapshot shares the chunks, and a write to a chunk that a snapshot shares
/// copies that chunk only (256 references). Copying one array after every change made each snapshot O(n), so a
/// study that reads its trials once per trial was quadratic. Not thread-safe: the storage's lock guards it.
/// </summary>
internal sealed class ChunkedTrialList
{
    private const int ChunkBits = 8;
    private const int ChunkSize = 1 << ChunkBits;

    private FrozenTrial[][] _chunks = new FrozenTrial[4][];
    private bool[] _shared = new bool[4];
    private Snapshot? _snapshot;

    public int Count { get; private set; }

    public FrozenTrial this[int index] => _chunks[index >> ChunkBits][index & (ChunkSize - 1)];

    public void Add(FrozenTrial trial)
    {
        int chunk = Count >> ChunkBits;
        if (chunk == _chunks.Length)
        {
            Array.Resize(ref _chunks, _chunks.Length * 2);
            Array.Resize(ref _shared, _shared.Length * 2);
        }

        _chunks[chunk] ??= new FrozenTrial[ChunkSize];
        Writable(chunk)[Count & (ChunkSize - 1)] = trial;
        Count++;
        _snapshot = null;
    }

    public void Set(int index, FrozenTrial trial)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        Writable(index >> ChunkBits)[index & (ChunkSize - 1)] = trial;
        _snapshot = null;
    }

    /// <summary>A read-only view of the trials now; later writes never show through it.</summary>
    public IReadOnlyList<FrozenTrial> Freeze()
    {
        if (_snapshot is null)
        {
            int chunks = (Count + ChunkSize - 1) >> ChunkBits;
            var shared = new FrozenTrial[chunks][];
            Array.Copy(_chunks, shared, chunks);
            Array.Fill(_shared, true, 0, chunks);
            _snapshot = new Snapshot(shared, Count);
        }

        return _snapshot;
    }

    // A chunk a snapshot holds is copied before its first write; after that it belongs to the list alone.
    private FrozenTrial[] Writable(int chunk)
    {
        if (_shared[chunk])
        {
            _chunks[chunk] = (FrozenTrial[])_chunks[chunk].Clone();
            _shared[chunk] = false;
        }

        return _chunks[chunk];
    }

    private sealed class Snapshot(FrozenTrial[][] chunks, int count) : IReadOnlyList<FrozenTrial>
    {
        public int Count => count;

        public FrozenTrial this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)count, nameof(index));
                return chunks[index >> ChunkBits][index & (ChunkSize - 1)];
            }
        }

        public IEnumerator<FrozenTrial> GetEnumerator()
        {
            for (int i = 0; i < count; i++)
            {
                yield return chunks[i >> ChunkBits][i & (ChunkSize - 1)];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
