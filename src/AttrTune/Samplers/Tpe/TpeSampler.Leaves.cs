using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

public sealed partial class TpeSampler
{
    /// <summary>
    /// The most leaves (assignments of every branch switch) that get a Gaussian process each. A leaf is judged only
    /// after <see cref="TpeOptions.MinTrialsPerBranch"/> trials of its own, so with many leaves the start-up alone
    /// eats a small budget: on a held-out space of nine leaves (two independent switches) the best leaf was reached at
    /// 50 trials in 21 of 100 seeds this way against 52 by the switch-by-switch bandit (docs/benchmarks.md).
    /// </summary>
    internal const int MaxModelledLeaves = 6;

    /// <summary>
    /// Inside a leaf, an input whose fitted lengthscale is above this (the model correlates the two ends of its range
    /// above 0.8) is drawn at random in the leaf GP's proposals (<see cref="GpOptions.WeakInputLengthscale"/>). Measured
    /// at 1.5, 2, 3 and 4 (docs/benchmarks.md): within noise of each other between 1.5 and 3; 1 randomises inputs whose
    /// effect is strong but linear, and costs jenatton its corner.
    /// </summary>
    internal const double WeakInputLengthscale = 2;

    // By leaf index in _leaves; built when a leaf is first scored (its GPs' seeds drawn then, in leaf order).
    private LeafModel?[] _leafModels = [];

    // The space the leaves and their models were built for: a model holds its parameters' indices, so a new space (the
    // same sampler given another version of the configuration class) starts them again, as the trial-value cache does.
    private SearchSpaceDescriptor? _leafSpace;
    private List<double[]>? _leaves;

    /// <summary>
    /// With <see cref="TpeOptions.LeafGaussianProcessTrials"/>, on a space whose conditions all hang on choices and
    /// which has at most <see cref="MaxModelledLeaves"/> leaves: the leaf is chosen as a whole, and once every leaf has
    /// its start-up and exploration share (the same rule as <see cref="ChooseBranch"/>), it is the leaf whose Gaussian
    /// process promises the largest expected improvement below the study's best value, in the study's own units (a
    /// plateau is done with once its floor is known; a leaf whose values vary widely keeps its promise until a search
    /// inside it narrows them). Every other trial in that leaf is then that leaf's own GP proposal (the next point of
    /// a GP on the leaf's trials alone), the others are left to the branch TPE. Returns true when it set every value;
    /// false leaves the rest to <see cref="SampleBranches"/>, with the switches set when it chose a leaf.
    /// </summary>
    private bool SampleByLeaves(SamplerContext context, SearchSpaceDescriptor space, bool[] switches, double[] values, List<FrozenTrial> counted)
    {
        // Past the young study the leaf models cost more than they add (a GP per leaf grows with its trials), and the
        // switch-by-switch bandit has by then the trials it needs. Checked first: a long study pays one count, not a
        // partition of its trials into leaves.
        if (_options.LeafGaussianProcessTrials == 0 || counted.Count(Scored) >= _options.LeafGaussianProcessTrials)
        {
            return false;
        }

        if (!ReferenceEquals(_leafSpace, space))
        {
            _leafSpace = space;
            _leaves = space.Parameters.Any(p => p.Condition is { } c && !switches[c.ParentIndex]) ? null : Leaves(space, switches);
            _leafModels = new LeafModel?[_leaves?.Count ?? 0];
        }

        if (_leaves is not { Count: >= 2 } leaves)
        {
            return false;
        }

        var members = new List<FrozenTrial>[leaves.Count];
        for (int l = 0; l < leaves.Count; l++)
        {
            members[l] = new List<FrozenTrial>();
        }

        double incumbent = double.PositiveInfinity;
        int scored = 0;
        foreach (FrozenTrial trial in counted)
        {
            int leaf = LeafOf(leaves, switches, _values.Of(space, trial));
            if (leaf < 0)
            {
                continue;
            }

            members[leaf].Add(trial);
            if (Scored(trial))
            {
                scored++;
                double value = trial.Value!.Value;
                incumbent = Math.Min(incumbent, context.Direction == StudyDirection.Minimize ? value : -value);
            }
        }

        // A finite leaf whose every configuration is held (a leaf of one bool, or of switches alone) has nothing left to
        // give on a noise-free objective: it neither waits for its start-up nor keeps an exploration share, or it would be
        // the least tried for good and every proposal a repeat.
        bool[] open = new bool[leaves.Count];
        for (int l = 0; l < leaves.Count; l++)
        {
            open[l] = context.AllowRepeats || !Exhausted(space, switches, leaves[l], members[l]);
        }

        if (!open.Contains(true))
        {
            return false;
        }

        int[] spent = members.Select(m => m.Count).ToArray();
        int least = Enumerable.Range(0, leaves.Count).Where(l => open[l]).Min(l => spent[l]);
        int chosen = -1;
        bool modelled = false;
        if (least < _options.MinTrialsPerBranch || least < _options.BranchExploration * spent.Sum() / leaves.Count || scored == 0)
        {
            int[] candidates = Enumerable.Range(0, leaves.Count).Where(l => open[l] && spent[l] == least).ToArray();
            chosen = candidates[_random.NextInt32(candidates.Length)];
        }
        else
        {
            double chosenScore = double.NegativeInfinity;
            for (int l = 0; l < leaves.Count; l++)
            {
                if (open[l] && Score(context, space, switches, l, members[l], incumbent) is { } score
                    && (score.LogImprovement > chosenScore || (score.LogImprovement == chosenScore && _random.NextDouble() < 0.5)))
                {
                    (chosen, chosenScore, modelled) = (l, score.LogImprovement, true);
                }
            }

            if (chosen < 0)
            {
                // No open leaf has a model (none has a parameter of its own, or every candidate found is held): the bandit decides.
                return false;
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (switches[i])
            {
                values[i] = leaves[chosen][i];
            }
        }

        // The leaf's proposals alternate between its GP and the branch TPE. TPE alone refines slowly; the GP alone ran
        // weak inputs to a corner (model_selection's mlp: layers and dropout at their bounds, lr exact) until weak inputs
        // were drawn at random, and since then it reaches the best leaf as often as the alternation, at twice the GP
        // cost per trial in the young study. Measured in docs/benchmarks.md.
        if (!modelled || members[chosen].Count % 2 == 1)
        {
            return false;
        }

        LeafModel model = _leafModels[chosen]!;
        var leafContext = new SamplerContext(model.Space, context.Direction, () => members[chosen]) { AllowRepeats = context.AllowRepeats };
        SampleProposal? taken = model.Proposer.Sample(leafContext);
        if (taken is null)
        {
            return false;
        }

        foreach (ParameterDescriptor parameter in model.Parameters)
        {
            values[parameter.Index] = taken.Parameters.Values[model.Space.IndexOf(parameter.Name)];
        }

        return true;
    }

    // The leaf's scoring GP: its best proposal and that proposal's log expected improvement below the study's best, in
    // the study's units. Reused while neither the leaf's trials nor the study's best changed.
    private (SampleProposal Proposal, double LogImprovement)? Score(SamplerContext context, SearchSpaceDescriptor space, bool[] switches, int index, List<FrozenTrial> members, double incumbent)
    {
        if (_leafModels[index] is not { } model)
        {
            double[] leaf = _leaves![index];
            string key = string.Join(",", space.Parameters.Where(p => switches[p.Index]).Select(p => leaf[p.Index].ToString(CultureInfo.InvariantCulture)));
            ParameterDescriptor[] parameters = space.Parameters.Where(p => !switches[p.Index] && space.IsActive(p.Index, leaf)).ToArray();
            var relocated = parameters.Select((p, i) => p.Relocate(i, p.Name, p.PropertyPath, null)).ToImmutableArray();
            model = new LeafModel(
                new SearchSpaceDescriptor($"{space.TypeName}[{key}]", relocated),
                parameters,
                // Outputs not warped: a warp fitted to each leaf's own values would put the leaves' improvements in
                // different units, and the choice between leaves compares them.
                new GpSampler(_random.NextUInt64(), new GpOptions { StartupTrials = 2, WarpOutputs = false }),
                new GpSampler(_random.NextUInt64(), new GpOptions { StartupTrials = 2, WeakInputLengthscale = WeakInputLengthscale }));
            _leafModels[index] = model;
        }

        if (model.Parameters.Length == 0)
        {
            return null;
        }

        var state = (members.Count(t => t.State == TrialState.Complete), members.Count(t => t.State == TrialState.Running), incumbent);
        if (model.ScoredAt == state)
        {
            return model.LastScore;
        }

        var leafContext = new SamplerContext(model.Space, context.Direction, () => members) { AllowRepeats = context.AllowRepeats };
        model.LastScore = model.Scorer.SampleAgainst(leafContext, incumbent);
        model.ScoredAt = state;
        return model.LastScore;
    }

    /// <summary>
    /// Every assignment of the switches that can hold together (a leaf of the space's tree), NaN where a switch is
    /// inactive; null when there are more than <see cref="MaxModelledLeaves"/>.
    /// </summary>
    internal static List<double[]>? Leaves(SearchSpaceDescriptor space, bool[] switches)
    {
        var leaves = new List<double[]>();
        bool Expand(double[] partial)
        {
            foreach (ParameterDescriptor parameter in space.Parameters)
            {
                if (switches[parameter.Index] && double.IsNaN(partial[parameter.Index]) && space.IsActive(parameter.Index, partial))
                {
                    int count = ((CategoricalDistribution)parameter.Distribution).Count;
                    for (int c = 0; c < count; c++)
                    {
                        double[] next = (double[])partial.Clone();
                        next[parameter.Index] = c;
                        if (!Expand(next))
                        {
                            return false;
                        }
                    }

                    return true;
                }
            }

            leaves.Add(partial);
            return leaves.Count <= MaxModelledLeaves;
        }

        double[] root = new double[space.Count];
        Array.Fill(root, double.NaN);
        return Expand(root) ? leaves : null;
    }

    // Whether the leaf is finite (no continuous parameter) and the study holds every configuration of it.
    private bool Exhausted(SearchSpaceDescriptor space, bool[] switches, double[] leaf, List<FrozenTrial> members)
    {
        long configurations = 1;
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            if (!switches[parameter.Index] && space.IsActive(parameter.Index, leaf))
            {
                if (parameter.Distribution.IsContinuous)
                {
                    return false;
                }

                configurations *= parameter.Distribution.PointCount;
                if (configurations > members.Count)
                {
                    return false;
                }
            }
        }

        return members.Where(t => t.State is TrialState.Complete or TrialState.Running or TrialState.Waiting)
            .Select(t => _values.Of(space, t)).Distinct(EvaluatedConfigurations.ValuesComparer.Instance).Count() >= configurations;
    }

    private static bool Scored(FrozenTrial trial) => trial.State == TrialState.Complete && trial.Value is { } value && double.IsFinite(value);

    private static int LeafOf(List<double[]> leaves, bool[] switches, double[] values)
    {
        for (int l = 0; l < leaves.Count; l++)
        {
            double[] leaf = leaves[l];
            bool match = true;
            for (int i = 0; i < leaf.Length && match; i++)
            {
                match = !switches[i] || (double.IsNaN(leaf[i]) ? double.IsNaN(values[i]) : values[i] == leaf[i]);
            }

            if (match)
            {
                return l;
            }
        }

        // A trial from an older version of the space (a switch it never had, or a value that is now inactive) is in no
        // leaf: it neither counts as spent in one nor enters a leaf's model, where its missing parameters would read as
        // observations at the centre of their ranges.
        return -1;
    }

    /// <summary>One leaf's parameters as a space of their own, its scoring GP (outputs not warped) and its proposing GP.</summary>
    private sealed class LeafModel(SearchSpaceDescriptor space, ParameterDescriptor[] parameters, GpSampler scorer, GpSampler proposer)
    {
        public SearchSpaceDescriptor Space { get; } = space;

        public ParameterDescriptor[] Parameters { get; } = parameters;

        public GpSampler Scorer { get; } = scorer;

        public GpSampler Proposer { get; } = proposer;

        public (int Complete, int Running, double Incumbent) ScoredAt { get; set; } = (-1, -1, double.NaN);

        public (SampleProposal Proposal, double LogImprovement)? LastScore { get; set; }
    }
}
