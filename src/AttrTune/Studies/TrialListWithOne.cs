using System.Collections;
using System.Collections.Generic;

namespace AttrTune;

/// <summary>
/// A study's trials (in number order) with one of them replaced by a newer copy, without copying the list: how a
/// sampler sees a trial its worker has finished but not yet stored.
/// </summary>
internal sealed class TrialListWithOne : IReadOnlyList<FrozenTrial>
{
    private readonly IReadOnlyList<FrozenTrial> _trials;
    private readonly int _index;
    private readonly FrozenTrial _replacement;

    private TrialListWithOne(IReadOnlyList<FrozenTrial> trials, int index, FrozenTrial replacement)
    {
        _trials = trials;
        _index = index;
        _replacement = replacement;
    }

    public int Count => _trials.Count;

    public FrozenTrial this[int index] => index == _index ? _replacement : _trials[index];

    /// <summary>
    /// <paramref name="trials"/> with the trial of <paramref name="replacement"/>'s id replaced; a worker's trial is
    /// among the latest, so the search starts at the end. A list without it is returned as it is.
    /// </summary>
    public static IReadOnlyList<FrozenTrial> Replacing(IReadOnlyList<FrozenTrial> trials, FrozenTrial replacement)
    {
        for (int i = trials.Count - 1; i >= 0; i--)
        {
            if (trials[i].Id == replacement.Id)
            {
                return new TrialListWithOne(trials, i, replacement);
            }
        }

        return trials;
    }

    public IEnumerator<FrozenTrial> GetEnumerator()
    {
        for (int i = 0; i < _trials.Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
