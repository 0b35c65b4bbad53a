using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AttrTune.Randomness;

/// <summary>
/// A fast, seedable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
/// The same seed gives the same sequence on every platform and .NET version, which <see cref="Random"/>
/// does not promise. Not thread-safe: give each thread its own instance (see <see cref="Fork(string)"/>).
/// </summary>
public sealed class RandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose sequence is fully determined by <paramref name="seed"/>.</summary>
    public RandomSource(ulong seed)
    {
        Seed = seed;
        ulong state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    /// <summary>Creates a generator seeded from the operating system's entropy.</summary>
    public RandomSource()
        : this((ulong)Random.Shared.NextInt64() ^ ((ulong)Random.Shared.NextInt64() << 1))
    {
    }

    /// <summary>The seed this generator started from.</summary>
    public ulong Seed { get; }

    /// <summary>Returns 64 uniformly random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Returns a uniformly random double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns a uniformly random integer in [0, <paramref name="exclusiveMax"/>), without modulo bias.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="exclusiveMax"/> is not positive.</exception>
    public long NextInt64(long exclusiveMax)
    {
        if (exclusiveMax <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The exclusive upper bound must be positive.");
        }

        // Lemire's multiply-and-reject: one multiplication in the common case.
        ulong range = (ulong)exclusiveMax;
        ulong high = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), range, out low);
            }
        }

        return (long)high;
    }

    /// <summary>Returns a uniformly random integer in [0, <paramref name="exclusiveMax"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int NextInt32(int exclusiveMax) => (int)NextInt64(exclusiveMax);

    /// <summary>A standard normal draw (Box–Muller on two uniforms; the second value is discarded to keep the stream simple).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The generator's position in its stream, so a resumed run can continue the same stream.</summary>
    internal ulong[] SaveState() => [_s0, _s1, _s2, _s3];

    /// <summary>Continues the stream from a position written by <see cref="SaveState"/>.</summary>
    internal void RestoreState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 4)
        {
            throw new ArgumentException($"A generator state has 4 words, got {state.Length}.", nameof(state));
        }

        (_s0, _s1, _s2, _s3) = (state[0], state[1], state[2], state[3]);
    }

    /// <summary>
    /// A new generator whose stream depends only on this generator's seed and <paramref name="key"/>, not on
    /// how much of this stream was used: a stable per-parameter or per-worker stream.
    /// </summary>
    public RandomSource Fork(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ulong hash = 14695981039346656037UL;
        foreach (char c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        ulong mixed = Seed ^ hash;
        return new RandomSource(SplitMix64(ref mixed));
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
