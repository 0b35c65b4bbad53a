using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.Randomness;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Tests.Engine;

public class ChunkedTrialListTests
{
    private static FrozenTrial Trial(int number, double value) =>
        new() { Id = number + 1, Number = number, State = TrialState.Complete, Value = value, Parameters = ImmutableDictionary<string, double>.Empty };

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Snapshots_equal_a_copy_taken_at_the_time_and_never_change_afterwards(ulong seed)
    {
        var random = new RandomSource(seed);
        var list = new ChunkedTrialList();
        var reference = new List<FrozenTrial>();
        var snapshots = new List<(IReadOnlyList<FrozenTrial> View, FrozenTrial[] Copy)>();

        // Enough operations to cross many chunk boundaries, with writes landing in shared and unshared chunks.
        for (int op = 0; op < 5000; op++)
        {
            double roll = random.NextDouble();
            if (roll < 0.5 || reference.Count == 0)
            {
                FrozenTrial added = Trial(reference.Count, op);
                list.Add(added);
                reference.Add(added);
            }
            else if (roll < 0.9)
            {
                // Mostly recent trials finish, sometimes an old one.
                int index = random.NextDouble() < 0.8 ? reference.Count - 1 - random.NextInt32(System.Math.Min(8, reference.Count)) : random.NextInt32(reference.Count);
                FrozenTrial replaced = Trial(index, -op);
                list.Set(index, replaced);
                reference[index] = replaced;
            }
            else
            {
                snapshots.Add((list.Freeze(), reference.ToArray()));
            }

            Assert.Equal(reference.Count, list.Count);
        }

        snapshots.Add((list.Freeze(), reference.ToArray()));
        foreach ((IReadOnlyList<FrozenTrial> view, FrozenTrial[] copy) in snapshots)
        {
            Assert.Equal(copy.Length, view.Count);
            Assert.Equal(copy, view);
            Assert.Equal(copy, Enumerable.Range(0, view.Count).Select(i => view[i]));
        }
    }
}
