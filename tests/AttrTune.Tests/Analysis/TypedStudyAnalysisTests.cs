using System;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Analysis;
using AttrTune.Samplers;
using Xunit;
using static AttrTune.Tests.Analysis.AnalysisTrials;

namespace AttrTune.Tests.Analysis;

public sealed class TypedStudyAnalysisTests
{
    [Fact]
    public async Task A_typed_study_analyses_as_its_stored_trials_do()
    {
        var study = Study<TenParameters>.CreateOrResume("typed", new StudyOptions { Sampler = new RandomSampler(3), Direction = StudyDirection.Maximize });
        await study.OptimizeAsync(c => -Math.Pow(Math.Log10(c.LearningRate) + 3, 2) + (c.Optimizer == "sgd" ? 1 : 0), new OptimizeOptions { MaxTrials = 60 });

        StudyAnalysis typed = study.Analyze();
        var untyped = new StudyAnalysis(TenParameters.Descriptor, StudyDirection.Maximize, study.Storage.GetTrials(study.Record.Id));
        Assert.Equal(60, typed.CompleteTrialCount);
        Assert.Equal(StudyDirection.Maximize, typed.Direction);
        var options = new ImportanceOptions { TreeCount = 16 };
        Assert.Equal(untyped.GetImportance(options).Parameters.AsEnumerable(), typed.GetImportance(options).Parameters.AsEnumerable());
        Assert.Equal(study.Best.Value, typed.GetHistory().ByNumber[^1].BestValue);
        Assert.Equal(["LearningRate", "Optimizer"], typed.GetImportance(options).Parameters.Take(2).Select(p => p.Name).Order());
    }

    [Fact]
    public void A_value_outside_its_distribution_is_refused_with_the_trial_and_parameter()
    {
        FrozenTrial bad = Trial(4, TrialState.Complete, 1.0, Params(("Optimizer", 7)));
        var error = Assert.Throws<ArgumentException>(() => new StudyAnalysis(TenParameters.Descriptor, StudyDirection.Minimize, [bad]));
        Assert.Contains("Trial 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("Optimizer", error.Message, StringComparison.Ordinal);
    }
}
