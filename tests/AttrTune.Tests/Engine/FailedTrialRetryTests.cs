using System;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Samplers;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>OptimizeOptions.MaxRetries: a configuration whose objective threw is tried again, a bounded number of times.</summary>
public sealed class FailedTrialRetryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_failing_configuration_is_retried_up_to_the_limit_and_each_retry_names_the_trial_it_retries(int maxRetries)
    {
        var study = Study<TenParameters>.CreateOrResume("retried", new StudyOptions { Sampler = new RandomSampler(5) });

        // The first trial and every retry of it fail; every other trial succeeds.
        await study.OptimizeAsync(
            (config, trial, _) =>
                trial.Number == 0 || trial.Snapshot().UserAttributes.ContainsKey(Study<TenParameters>.RetryOfAttribute)
                    ? throw new InvalidOperationException("out of memory")
                    : ValueTask.FromResult(1.0),
            new OptimizeOptions { MaxTrials = 6, MaxRetries = maxRetries });

        var trials = study.GetTrials();
        Assert.Equal(6, trials.Count);
        Assert.Equal(1 + maxRetries, trials.Count(t => t.State == TrialState.Failed));
        for (int retry = 1; retry <= maxRetries; retry++)
        {
            Assert.Equal((retry - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), trials[retry].Attributes[Study<TenParameters>.RetryOfAttribute]);
            Assert.Equal(trials[0].Frozen.Parameters, trials[retry].Frozen.Parameters);
        }

        // After the last retry, new configurations again, none of them a retry.
        Assert.All(trials.Skip(1 + maxRetries), t => Assert.Equal(TrialState.Complete, t.State));
        Assert.All(trials.Skip(1 + maxRetries), t => Assert.False(t.Attributes.ContainsKey(Study<TenParameters>.RetryOfAttribute)));
    }

    [Fact]
    public void A_negative_limit_is_refused_with_the_rule()
    {
        var study = Study<TenParameters>.CreateOrResume("bad", new StudyOptions());
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => study.OptimizeAsync(_ => 1.0, new OptimizeOptions { MaxTrials = 1, MaxRetries = -1 }).GetAwaiter().GetResult());
        Assert.Contains("MaxRetries must be 0 (no retry) or more", error.Message, StringComparison.Ordinal);
    }
}
