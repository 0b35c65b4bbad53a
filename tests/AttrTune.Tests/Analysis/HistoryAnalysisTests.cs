using System.Collections.Generic;
using System.Linq;
using AttrTune.Analysis;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using Xunit;
using static AttrTune.Tests.Analysis.AnalysisTrials;

namespace AttrTune.Tests.Analysis;

public sealed class HistoryAnalysisTests
{
    private static readonly SearchSpaceDescriptor Space = new SearchSpaceDescriptorBuilder("H").Add("X", new FloatDistribution(0, 1)).Build();

    // Finishing order differs from trial order: #3 finishes last, #1 and #2 (failed, pruned with a better value than
    // anything complete) finish first, #5 is still running.
    private static List<FrozenTrial> Trials() =>
    [
        Trial(0, TrialState.Complete, 5.0, Params(("X", 0.1)), 0, 10),
        Trial(1, TrialState.Failed, null, Params(("X", 0.2)), 1, 3),
        Trial(2, TrialState.Pruned, 1.0, Params(("X", 0.3)), 2, 4),
        Trial(3, TrialState.Complete, 3.0, Params(("X", 0.4)), 3, 20),
        Trial(4, TrialState.Complete, 4.0, Params(("X", 0.5)), 5, 8),
        Trial(5, TrialState.Running, null, Params(("X", 0.6)), 6, null),
    ];

    public static TheoryData<StudyDirection, double?[], int?[], int[], double?[], int?[], double[]> Cases => new()
    {
        {
            StudyDirection.Minimize,
            [5, 5, 5, 3, 3, 3], [0, 0, 0, 3, 3, 3],
            [1, 2, 4, 0, 3], [null, null, 4, 4, 3], [null, null, 4, 4, 3], [3, 4, 8, 10, 20]
        },
        {
            StudyDirection.Maximize,
            [5, 5, 5, 5, 5, 5], [0, 0, 0, 0, 0, 0],
            [1, 2, 4, 0, 3], [null, null, 4, 5, 5], [null, null, 4, 0, 0], [3, 4, 8, 10, 20]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Running_best_follows_complete_trials_only_in_trial_and_in_finishing_order(
        StudyDirection direction, double?[] bestByNumber, int?[] bestNumberByNumber, int[] timeOrder, double?[] bestByTime, int?[] bestNumberByTime, double[] elapsedSeconds)
    {
        // Shuffled input: the analysis orders by number itself.
        List<FrozenTrial> trials = Trials();
        trials.Reverse();
        StudyHistory history = new StudyAnalysis(Space, direction, trials).GetHistory();

        Assert.Equal([0, 1, 2, 3, 4, 5], history.ByNumber.Select(p => p.Number));
        Assert.Equal(bestByNumber, history.ByNumber.Select(p => p.BestValue));
        Assert.Equal(bestNumberByNumber, history.ByNumber.Select(p => p.BestNumber));
        Assert.Equal([TrialState.Complete, TrialState.Failed, TrialState.Pruned, TrialState.Complete, TrialState.Complete, TrialState.Running], history.ByNumber.Select(p => p.State));
        Assert.Equal([5.0, null, 1.0, 3.0, 4.0, null], history.ByNumber.Select(p => p.Value));
        Assert.Null(history.ByNumber[5].Elapsed);

        Assert.Equal(timeOrder, history.ByTime.Select(p => p.Number));
        Assert.Equal(bestByTime, history.ByTime.Select(p => p.BestValue));
        Assert.Equal(bestNumberByTime, history.ByTime.Select(p => p.BestNumber));
        Assert.Equal(elapsedSeconds, history.ByTime.Select(p => p.Elapsed!.Value.TotalSeconds));
        Assert.Equal(Origin.AddSeconds(20), history.ByTime[^1].Completed);
        Assert.Equal(Origin.AddSeconds(3), history.ByTime[^1].Started);
    }

    [Fact]
    public void A_study_without_trials_has_an_empty_history()
    {
        StudyHistory history = new StudyAnalysis(Space, StudyDirection.Minimize, []).GetHistory();
        Assert.Empty(history.ByNumber);
        Assert.Empty(history.ByTime);
    }

    [Fact]
    public void Duplicate_trial_numbers_are_refused()
    {
        FrozenTrial trial = Trial(0, TrialState.Complete, 1.0, Params(("X", 0.1)));
        Assert.Throws<System.ArgumentException>(() => new StudyAnalysis(Space, StudyDirection.Minimize, [trial, trial with { Id = 7 }]));
    }
}
