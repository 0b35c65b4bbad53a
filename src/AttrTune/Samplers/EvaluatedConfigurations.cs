using System;
using System.Collections.Generic;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>
/// The configurations a study already holds (complete, running or waiting), so a sampler can avoid proposing one of
/// them again: on a noise-free objective a repeat is a trial spent on a known answer. Model samplers fall into repeats
/// in the discrete part of a space (a Gaussian process's acquisition snapping to an evaluated integer point, a TPE's
/// good set concentrating on one choice), so each sampler checks its proposal here and draws again, and when its own
/// draws keep repeating, <see cref="Unevaluated"/> gives a random configuration nobody has tried.
/// </summary>
/// <remarks>
/// Failed and pruned trials do not count: a failure may be transient, and a pruned trial never gave its final value.
/// Set <see cref="SamplerContext.AllowRepeats"/> (from <c>StudyOptions.NoisyObjective</c>) when repeating a
/// configuration is worth a trial.
/// </remarks>
internal sealed class EvaluatedConfigurations
{
    // Random draws before walking the grid in Unevaluated.
    private const int RandomDraws = 256;
    private const long EnumerableLimit = 1_000_000;

    private readonly TrialValueCache _values;

    // Configuration -> how many held trials have it (two running trials may share one when repeats are allowed).
    private readonly Dictionary<double[], int> _evaluated = new(ValuesComparer.Instance);
    private readonly List<(int Position, long Id)> _unfinished = new();
    private SearchSpaceDescriptor? _space;
    private long? _finiteSize;
    private int _scanned;
    private long _lastScannedId;

    public EvaluatedConfigurations(TrialValueCache? values = null)
    {
        _values = values ?? new TrialValueCache();
    }

    /// <summary>
    /// Whether independent uniform draws of <paramref name="space"/> can repeat a configuration: not when a continuous
    /// parameter is always active, since two draws of it coincide with probability about 2^-52. Random and
    /// quasi-random samplers skip the check (and its reading of the study) there.
    /// </summary>
    public static bool DrawsCanRepeat(SearchSpaceDescriptor space)
    {
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            if (parameter.Condition is null && parameter.Distribution.IsContinuous)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How many distinct configurations are held (after <see cref="Refresh"/>).</summary>
    public int Count => _evaluated.Count;

    /// <summary>
    /// Reads the study's trials; call once per proposal, before <see cref="Contains(ParameterSet)"/>. Incremental:
    /// snapshots list trials in number order and only ever grow, so a call reads the trials created since the last one
    /// and those that were unfinished then (whose state may have changed), not the whole study.
    /// </summary>
    public void Refresh(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        IReadOnlyList<FrozenTrial> trials = context.Trials;
        // What was read must still be where it was (the same trial at the same position); otherwise (another
        // study, a storage that lists trials differently) everything is read again.
        if (!ReferenceEquals(space, _space) || trials.Count < _scanned
            || (_scanned > 0 && trials[_scanned - 1].Id != _lastScannedId)
            || _unfinished.Exists(u => trials[u.Position].Id != u.Id))
        {
            if (!ReferenceEquals(space, _space))
            {
                _space = space;
                _finiteSize = FiniteSize(space);
            }

            _evaluated.Clear();
            _unfinished.Clear();
            _scanned = 0;
        }

        int revisit = _unfinished.Count;
        for (int i = 0; i < revisit; i++)
        {
            (int number, long id) = _unfinished[i];
            FrozenTrial trial = trials[number];
            if (!trial.State.IsFinished())
            {
                _unfinished.Add((number, id));
            }
            else if (trial.State != TrialState.Complete)
            {
                // Held while running; a failed or pruned end releases the configuration.
                Release(Key(space, _values.Of(space, trial)));
            }
        }

        _unfinished.RemoveRange(0, revisit);
        for (int number = _scanned; number < trials.Count; number++)
        {
            FrozenTrial trial = trials[number];
            if (trial.State is TrialState.Complete or TrialState.Running or TrialState.Waiting)
            {
                double[] values = Key(space, _values.Of(space, trial));
                _evaluated[values] = _evaluated.GetValueOrDefault(values) + 1;
            }

            if (!trial.State.IsFinished())
            {
                _unfinished.Add((number, trial.Id));
            }
        }

        _scanned = trials.Count;
        _lastScannedId = _scanned > 0 ? trials[_scanned - 1].Id : 0;
    }

    /// <summary>Whether <paramref name="parameters"/> is held.</summary>
    public bool Contains(ParameterSet parameters) => _evaluated.ContainsKey(Key(parameters.Descriptor, parameters.Values));

    /// <summary>
    /// True when every configuration of the space is held: only a space of discrete parameters can be exhausted.
    /// Then repeats are unavoidable and allowed.
    /// </summary>
    public bool Exhausted => _finiteSize is { } size && _evaluated.Count >= size;

    /// <summary>
    /// A configuration not held, drawn uniformly from the prior (by rejection, then, on a finite space, by walking the
    /// grid from a random point); null when the space is exhausted or no unheld point was found.
    /// </summary>
    public ParameterSet? Unevaluated(SearchSpaceDescriptor space, RandomSource random)
    {
        if (Exhausted)
        {
            return null;
        }

        var values = new double[space.Count];
        for (int draw = 0; draw < RandomDraws; draw++)
        {
            space.SampleValues(random, values);
            if (!_evaluated.ContainsKey(Key(space, values)))
            {
                return ParameterSet.Create(space, values);
            }
        }

        if (_finiteSize is not { } size)
        {
            return null;
        }

        // A nearly exhausted finite space: rejection would take about size / (size - held) draws, so walk the grid.
        SearchSpaceGrid grid = space.CreateGrid();
        long start = (long)(random.NextDouble() * size);
        for (long i = 0; i < size; i++)
        {
            ParameterSet point = grid.GetPoint((start + i) % size);
            if (!Contains(point))
            {
                return point;
            }
        }

        return null;
    }

    /// <summary>
    /// Call <see cref="Refresh"/> first. The proposal, or when it is held (and repeats are not allowed), the first of <paramref name="redraws"/> calls of
    /// <paramref name="redraw"/> that is not, or else a random unheld configuration; the original proposal when the
    /// space is exhausted.
    /// </summary>
    public SampleProposal Distinct(SamplerContext context, SampleProposal proposal, Func<SampleProposal?> redraw, RandomSource random, int redraws = 8)
    {
        if (context.AllowRepeats || Exhausted || !Contains(proposal.Parameters))
        {
            return proposal;
        }

        for (int i = 0; i < redraws; i++)
        {
            if (redraw() is { } next && !Contains(next.Parameters))
            {
                return next;
            }
        }

        return Unevaluated(context.Descriptor, random) is { } fresh ? new SampleProposal(fresh) : proposal;
    }

    // A configuration's identity: each active value on its parameter's grid. A stored value may sit off it by a
    // rounding error (an enqueued 0.1 + 0.2 on a 0.1 step) and still be the same configuration as the grid point
    // samplers propose.
    private static double[] Key(SearchSpaceDescriptor space, ReadOnlySpan<double> values)
    {
        var key = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            key[i] = double.IsNaN(values[i]) ? double.NaN : space.Parameters[i].Distribution.Project(values[i]);
        }

        return key;
    }

    private void Release(double[] values)
    {
        if (_evaluated.TryGetValue(values, out int count))
        {
            if (count <= 1)
            {
                _evaluated.Remove(values);
            }
            else
            {
                _evaluated[values] = count - 1;
            }
        }
    }

    // The number of configurations of a space whose parameters are all discrete (its grid), if small enough to walk.
    private static long? FiniteSize(SearchSpaceDescriptor space)
    {
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            // A grid thinned by GridPoints is not the whole space, so it cannot tell when the space is exhausted.
            if (parameter.Distribution.IsContinuous || parameter.GridPoints > 0)
            {
                return null;
            }
        }

        // The product of the parameters' point counts bounds the grid (inactive combinations included); past the
        // limit the grid is not built at all, since building it allocates every parameter's values (an integer range
        // of two billion would be 16 GB).
        long bound = 1;
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            long points = parameter.Distribution.PointCount;
            if (points <= 0 || points > EnumerableLimit || bound > EnumerableLimit / points)
            {
                return null;
            }

            bound *= points;
        }

        try
        {
            long count = space.CreateGrid().Count;
            return count <= EnumerableLimit ? count : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Configurations as internal-value arrays, equal when every value is (NaN, inactive, equals NaN).</summary>
    internal sealed class ValuesComparer : IEqualityComparer<double[]>
    {
        public static readonly ValuesComparer Instance = new();

        // double.Equals treats NaN (an inactive parameter) as equal to NaN, as a configuration key needs.
        public bool Equals(double[]? x, double[]? y)
        {
            if (x is null || y is null || x.Length != y.Length)
            {
                return ReferenceEquals(x, y);
            }

            for (int i = 0; i < x.Length; i++)
            {
                if (!x[i].Equals(y[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public int GetHashCode(double[] values)
        {
            var hash = new HashCode();
            foreach (double value in values)
            {
                hash.Add(value);
            }

            return hash.ToHashCode();
        }
    }
}
