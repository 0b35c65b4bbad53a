using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>The set of configurations a study holds, which every sampler checks before proposing one.</summary>
public sealed class EvaluatedConfigurationsTests
{
    private static readonly SearchSpaceDescriptor Six = new SearchSpaceDescriptorBuilder("Six")
        .Add("kind", new CategoricalDistribution<string>("a", "b"))
        .Add("n", new IntDistribution(1, 3))
        .Build();

    [Fact]
    public void A_running_trial_holds_its_configuration_until_it_fails_and_a_complete_one_for_good()
    {
        var held = new EvaluatedConfigurations();
        var trials = new List<FrozenTrial> { Trial(0, TrialState.Running, 0, 1), Trial(1, TrialState.Running, 1, 2) };
        held.Refresh(Context(trials));
        Assert.True(held.Contains(Point(0, 1)));
        Assert.True(held.Contains(Point(1, 2)));

        trials[0] = trials[0] with { State = TrialState.Failed };
        trials[1] = trials[1] with { State = TrialState.Complete, Value = 1 };
        trials.Add(Trial(2, TrialState.Pruned, 0, 3));
        held.Refresh(Context(trials));
        Assert.False(held.Contains(Point(0, 1)));
        Assert.True(held.Contains(Point(1, 2)));
        Assert.False(held.Contains(Point(0, 3)));
        Assert.Equal(1, held.Count);
    }

    [Fact]
    public void Trials_of_another_study_or_listed_differently_are_read_again_from_the_start()
    {
        var held = new EvaluatedConfigurations();
        var first = Enumerable.Range(0, 4).Select(i => Trial(i, TrialState.Complete, i % 2, 1 + (i % 3))).ToList();
        held.Refresh(Context(first));

        // Another study's trials (other ids), more of them: nothing of the first may remain.
        var second = Enumerable.Range(0, 5).Select(i => Trial(i, TrialState.Complete, 1, 3, id: 100 + i)).ToList();
        held.Refresh(Context(second));
        Assert.Equal(1, held.Count);
        Assert.True(held.Contains(Point(1, 3)));
        Assert.False(held.Contains(Point(0, 1)));
    }

    [Fact]
    public void An_exhausted_space_allows_repeats_and_an_unheld_point_is_found_while_one_is_left()
    {
        var held = new EvaluatedConfigurations();
        var trials = new List<FrozenTrial>();
        var random = new RandomSource(3);
        for (int i = 0; i < 6; i++)
        {
            held.Refresh(Context(trials));
            Assert.False(held.Exhausted);
            ParameterSet fresh = held.Unevaluated(Six, random)!;
            Assert.False(held.Contains(fresh));
            trials.Add(Trial(i, TrialState.Complete, fresh["kind"], fresh["n"]));
        }

        held.Refresh(Context(trials));
        Assert.True(held.Exhausted);
        Assert.Null(held.Unevaluated(Six, random));
        var repeat = new SampleProposal(Point(0, 1));
        Assert.Same(repeat, held.Distinct(Context(trials), repeat, () => throw new Xunit.Sdk.XunitException("no redraw once exhausted"), random));
    }

    [Fact]
    public void A_stored_value_off_its_grid_by_a_rounding_error_is_the_grid_point_it_rounds_to()
    {
        // A stored 0.3 + 1e-10 on a 0.1 step (an enqueued value within the validation tolerance) is the grid point 0.3.
        SearchSpaceDescriptor stepped = new SearchSpaceDescriptorBuilder("Stepped")
            .Add("rate", new FloatDistribution(0, 1, step: 0.1))
            .Build();
        var trials = new List<FrozenTrial>
        {
            new() { Id = 1, Number = 0, State = TrialState.Complete, Value = 1, Parameters = new Dictionary<string, double> { ["rate"] = 0.3 + 1e-10 }.ToImmutableDictionary() },
        };
        var held = new EvaluatedConfigurations();
        held.Refresh(new SamplerContext(stepped, StudyDirection.Minimize, () => trials.ToArray()));
        double gridPoint = stepped.Parameters[0].Distribution.Project(0.3);
        Assert.True(held.Contains(ParameterSet.Create(stepped, [gridPoint])));
        Assert.Equal(1, held.Count);
    }

    [Fact]
    public void A_huge_integer_range_is_never_enumerated()
    {
        // Two billion points: building the grid would allocate 16 GB; the set must not try.
        SearchSpaceDescriptor huge = new SearchSpaceDescriptorBuilder("Huge")
            .Add("seed", new IntDistribution(1, 2_000_000_000))
            .Add("kind", new CategoricalDistribution<string>("a", "b"))
            .Build();
        var held = new EvaluatedConfigurations();
        held.Refresh(new SamplerContext(huge, StudyDirection.Minimize, () => []));
        Assert.False(held.Exhausted);
        Assert.NotNull(held.Unevaluated(huge, new RandomSource(1)));
    }

    private static ParameterSet Point(double kind, double n) => ParameterSet.Create(Six, [kind, n]);

    private static SamplerContext Context(List<FrozenTrial> trials) => new(Six, StudyDirection.Minimize, () => trials.ToArray());

    private static FrozenTrial Trial(int number, TrialState state, double kind, double n, long? id = null) => new()
    {
        Id = id ?? number + 1,
        Number = number,
        State = state,
        Value = state == TrialState.Complete ? 1.0 : null,
        Parameters = new Dictionary<string, double> { ["kind"] = kind, ["n"] = n }.ToImmutableDictionary(),
    };
}
