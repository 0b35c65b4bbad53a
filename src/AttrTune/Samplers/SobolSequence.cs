using System;
using System.Numerics;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// A scrambled Sobol sequence in [0, 1)^d (Joe-Kuo direction numbers, linear matrix scrambling and a random
/// digital shift, both seeded). Points are generated in Gray-code order, one XOR per dimension per point.
/// </summary>
internal sealed class SobolSequence
{
    private const int Bits = 30;
    private const double Scale = 1.0 / (1 << Bits);
    private readonly uint[][] _directions;
    private readonly uint[] _state;
    private long _index;

    /// <summary>Creates the sequence.</summary>
    /// <param name="dimensions">1 to 1000.</param>
    /// <param name="seed">Seed of the scrambling; the same seed gives the same points.</param>
    /// <exception cref="ArgumentOutOfRangeException">Too many or too few dimensions.</exception>
    public SobolSequence(int dimensions, ulong seed)
    {
        if (dimensions < 1 || dimensions > SobolDirectionNumbers.Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, $"Sobol sequences here support 1 to {SobolDirectionNumbers.Dimensions} dimensions.");
        }

        Dimensions = dimensions;
        var random = new RandomSource(seed);
        _directions = new uint[dimensions][];
        _state = new uint[dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            _directions[d] = Scramble(DirectionNumbers(d), random);
            _state[d] = (uint)(random.NextUInt64() >> (64 - Bits));
        }
    }

    /// <summary>The number of coordinates of each point.</summary>
    public int Dimensions { get; }

    /// <summary>How many points were drawn.</summary>
    public long Index => _index;

    /// <summary>Writes the next point into <paramref name="destination"/>.</summary>
    public void Next(Span<double> destination)
    {
        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"The sequence has {Dimensions} dimensions; the span has {destination.Length}.", nameof(destination));
        }

        if (_index >= 1L << Bits)
        {
            throw new InvalidOperationException($"A {Bits}-bit Sobol sequence has {1L << Bits} points; all were drawn.");
        }

        for (int d = 0; d < Dimensions; d++)
        {
            destination[d] = _state[d] * Scale;
        }

        // Gray-code order: the next point differs by the direction number of the lowest zero bit of the index.
        int bit = BitOperations.TrailingZeroCount(~_index);
        for (int d = 0; d < Dimensions; d++)
        {
            _state[d] ^= _directions[d][bit];
        }

        _index++;
    }

    /// <summary>Skips <paramref name="count"/> points.</summary>
    public void Skip(long count)
    {
        Span<double> scratch = Dimensions <= 256 ? stackalloc double[Dimensions] : new double[Dimensions];
        for (long i = 0; i < count; i++)
        {
            Next(scratch);
        }
    }

    // Bratley-Fox recurrence on the direction numbers, scaled to Bits bits (bit Bits-1 is 1/2).
    private static uint[] DirectionNumbers(int dimension)
    {
        var v = new uint[Bits];
        if (dimension == 0)
        {
            for (int k = 0; k < Bits; k++)
            {
                v[k] = 1u << (Bits - 1 - k);
            }

            return v;
        }

        uint polynomial = SobolDirectionNumbers.Polynomials[dimension];
        uint[] initial = SobolDirectionNumbers.Initial[dimension];
        int degree = 31 - BitOperations.LeadingZeroCount(polynomial);
        for (int k = 0; k < Bits; k++)
        {
            if (k < degree)
            {
                v[k] = initial[k] << (Bits - 1 - k);
                continue;
            }

            uint value = v[k - degree] ^ (v[k - degree] >> degree);
            for (int j = 1; j < degree; j++)
            {
                if (((polynomial >> (degree - j)) & 1) != 0)
                {
                    value ^= v[k - j];
                }
            }

            v[k] = value;
        }

        return v;
    }

    // Linear matrix scrambling: multiply every direction number by a random lower-triangular bit matrix with a
    // unit diagonal (over GF(2)), which keeps the net's structure and randomises its fine detail.
    private static uint[] Scramble(uint[] directions, RandomSource random)
    {
        var rows = new uint[Bits];
        for (int i = 0; i < Bits; i++)
        {
            // Row i (counted from the most significant bit) has a 1 on the diagonal and random bits before it.
            uint before = i == 0 ? 0u : (uint)(random.NextUInt64() >> (64 - i)) << (Bits - i);
            rows[i] = before | (1u << (Bits - 1 - i));
        }

        var scrambled = new uint[Bits];
        for (int k = 0; k < Bits; k++)
        {
            uint result = 0;
            for (int i = 0; i < Bits; i++)
            {
                if ((BitOperations.PopCount(rows[i] & directions[k]) & 1) != 0)
                {
                    result |= 1u << (Bits - 1 - i);
                }
            }

            scrambled[k] = result;
        }

        return scrambled;
    }
}
