using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace AttrTune.Samplers;

/// <summary>
/// Bayesian optimisation with a Gaussian process: a Matérn-5/2 ARD kernel on the unit-cube encoding of the space
/// (categorical parameters by a Hamming distance), hyperparameters by maximum a posteriori marginal likelihood with
/// multi-start L-BFGS, log expected improvement maximised by random candidates refined with L-BFGS-B on the numeric
/// inputs and local search over integers and choices. Inactive conditional parameters encode at a fixed point, so the
/// model shares information across the branches of a conditional space. Pruned and failed trials are ignored; running
/// trials count as fantasies (see <see cref="GpOptions.ConstantLiar"/>).
/// </summary>
public sealed class GpSampler : ISampler
{
    private readonly GpOptions _options;
    private readonly RandomSource _random;
    private readonly SobolSampler _startup;
    private readonly GpSurrogate _surrogate;
    private readonly EvaluatedConfigurations _evaluated = new();

    /// <summary>Creates a GP sampler; the same seed gives the same proposals for the same trials.</summary>
    public GpSampler(ulong? seed = null, GpOptions? options = null)
    {
        _options = options ?? new GpOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Candidates, 1, nameof(GpOptions.Candidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.LocalSearches, 0, nameof(GpOptions.LocalSearches));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.HyperparameterFitLimit, 10, nameof(GpOptions.HyperparameterFitLimit));
        if (_options.StartupTrials is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(GpOptions.StartupTrials), _options.StartupTrials, "GpOptions.StartupTrials must be at least 1 (the model needs an observation).");
        }

        _random = seed is { } s ? new RandomSource(s) : new RandomSource();
        _startup = new SobolSampler(_random.NextUInt64());
        _surrogate = new GpSurrogate(_options, _random);
    }

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        var encoding = UnitEncoding.Of(space);
        if (Fit(context, encoding) is not { } fitted)
        {
            return _startup.Sample(context);
        }

        Func<double[], bool> held = Held(context, encoding);
        double[]? chosen = new AcquisitionSearch(encoding, fitted.Model, fitted.Best, _random, _options).Maximise(fitted.Observed, fitted.Outputs, held, out _);
        if (chosen is not null && _options.WeakInputLengthscale is { } weakLength)
        {
            chosen = RandomiseWeakInputs(chosen, fitted.Model, encoding, weakLength, held);
        }

        if (chosen is null)
        {
            return _evaluated.Unevaluated(space, _random) is { } fresh ? new SampleProposal(fresh) : _startup.Sample(context);
        }

        return new SampleProposal(ParameterSet.Create(space, encoding.Decode(chosen)));
    }

    /// <summary>
    /// The next point of a study whose outputs are not warped, and the log of its expected improvement below
    /// <paramref name="incumbent"/> (a minimised value in the study's own units, possibly from outside this study):
    /// comparable between studies, which is what a choice between the branches of a conditional space needs.
    /// Null while the study has fewer complete trials than its start-up, or when every candidate found is held.
    /// </summary>
    internal (SampleProposal Proposal, double LogImprovement)? SampleAgainst(SamplerContext context, double incumbent)
    {
        if (_options.WarpOutputs)
        {
            throw new InvalidOperationException("SampleAgainst compares improvements in the study's own units; it needs GpOptions.WarpOutputs off.");
        }

        SearchSpaceDescriptor space = context.Descriptor;
        var encoding = UnitEncoding.Of(space);
        if (Fit(context, encoding) is not { } fitted)
        {
            return null;
        }

        double best = (incumbent - fitted.Centre) / fitted.Scale;
        double[]? chosen = new AcquisitionSearch(encoding, fitted.Model, best, _random, _options).Maximise(fitted.Observed, fitted.Outputs, Held(context, encoding), out double score);
        return chosen is null ? null : (new SampleProposal(ParameterSet.Create(space, encoding.Decode(chosen))), score + Math.Log(fitted.Scale));
    }

    // An input whose fitted lengthscale is longer than its range barely moves the model: the acquisition's optimum
    // along it is set by the variance growing towards the edges, not by evidence, so it runs to a bound and stays
    // there. Such inputs are drawn at random instead ("dropout" Bayesian optimisation, Li et al. 2017), which costs
    // what the model says they matter and gathers the evidence it lacks.
    private double[] RandomiseWeakInputs(double[] chosen, GaussianProcess model, UnitEncoding encoding, double weakLength, Func<double[], bool> held)
    {
        double[] logInverse = model.Hyperparameters.LogInverseSquaredLengthscales;
        double[] values = encoding.Decode(chosen);
        double[] x = (double[])chosen.Clone();
        bool changed = false;
        for (int k = 0; k < x.Length; k++)
        {
            if (!double.IsNaN(values[k]) && Math.Exp(-0.5 * logInverse[k]) > weakLength)
            {
                x[k] = encoding.Categorical[k] ? _random.NextInt32(encoding.ChoiceCounts[k]) : _random.NextDouble();
                changed = true;
            }
        }

        if (!changed)
        {
            return chosen;
        }

        x = encoding.Canonical(x);
        return held(x) ? chosen : x;
    }

    // The study's model, or null while it has fewer complete trials than the start-up.
    private GpSurrogate.Fitted? Fit(SamplerContext context, UnitEncoding encoding)
    {
        int startup = _options.StartupTrials ?? Math.Clamp(context.Descriptor.Count + 1, 5, 20);
        return context.Descriptor.Count == 0 ? null : _surrogate.Fit(context, encoding, startup);
    }

    // Integer and choice coordinates snap the acquisition's optimum to a grid, and on a noise-free objective an
    // evaluated point's expected improvement is not zero in the model (its noise floor), so the search can settle on
    // one evaluated configuration for good: it takes the best-scoring configuration the study does not hold.
    private Func<double[], bool> Held(SamplerContext context, UnitEncoding encoding)
    {
        if (context.AllowRepeats)
        {
            return _ => false;
        }

        _evaluated.Refresh(context);
        return x => _evaluated.Contains(ParameterSet.Create(context.Descriptor, encoding.Decode(x)));
    }

    /// <summary>Maximises log EI: scored random and perturbed candidates, the best refined by L-BFGS-B and local search.</summary>
    private sealed class AcquisitionSearch(UnitEncoding encoding, GaussianProcess model, double best, RandomSource random, GpOptions options)
    {
        /// <summary>The best-scoring point whose configuration is not <paramref name="held"/>; null if every one found is.</summary>
        public double[]? Maximise(List<double[]> observed, double[] outputs, Func<double[], bool> held, out double chosenScore)
        {
            int d = encoding.Dimensions;
            int n = model.Count;

            // Scoring a candidate costs O(n²) (a triangular solve), so the candidate count shrinks on large studies.
            int candidateCount = Math.Clamp((int)Math.Min(options.Candidates, 40_000_000.0 / Math.Max(1, n * n)), Math.Min(128, options.Candidates), options.Candidates);
            int[] bestObserved = Enumerable.Range(0, outputs.Length).OrderBy(i => outputs[i]).Take(5).ToArray();
            var candidates = new List<double[]>(candidateCount + bestObserved.Length);
            for (int c = 0; c < candidateCount; c++)
            {
                double[] x;
                if (c % 4 == 3)
                {
                    // A quarter are perturbations of the best trials so far: exploitation needs candidates near them.
                    x = (double[])observed[bestObserved[(c / 4) % bestObserved.Length]].Clone();
                    double scale = c % 8 == 3 ? 0.02 : 0.1;
                    for (int k = 0; k < d; k++)
                    {
                        if (encoding.Categorical[k])
                        {
                            if (random.NextDouble() < 1.0 / d)
                            {
                                x[k] = random.NextInt32(encoding.ChoiceCounts[k]);
                            }
                        }
                        else
                        {
                            x[k] = Math.Clamp(x[k] + scale * random.NextGaussian(), 0, 1);
                        }
                    }
                }
                else
                {
                    x = new double[d];
                    for (int k = 0; k < d; k++)
                    {
                        x[k] = encoding.Categorical[k] ? random.NextInt32(encoding.ChoiceCounts[k]) : random.NextDouble();
                    }
                }

                candidates.Add(encoding.Canonical(x));
            }

            var scored = candidates.Select(x => (X: x, Score: Score(x))).OrderByDescending(c => c.Score).ToList();
            double[] winner = scored[0].X;
            double winnerScore = scored[0].Score;
            var starts = new List<double[]>();
            foreach (var candidate in scored)
            {
                if (starts.Count >= options.LocalSearches)
                {
                    break;
                }

                if (!starts.Any(s => s.AsSpan().SequenceEqual(candidate.X)))
                {
                    starts.Add(candidate.X);
                }
            }

            var found = new List<(double[] X, double Score)>(scored);
            foreach (double[] start in starts)
            {
                (double[] refined, double score) = LocalSearch(GradientSteps(start));
                found.Add((refined, score));
                if (score > winnerScore)
                {
                    (winner, winnerScore) = (refined, score);
                }
            }

            chosenScore = winnerScore;
            if (!held(winner))
            {
                return winner;
            }

            foreach ((double[] x, double score) in found.OrderByDescending(f => f.Score))
            {
                if (!held(x))
                {
                    chosenScore = score;
                    return x;
                }
            }

            chosenScore = double.NegativeInfinity;
            return null;
        }

        private double Score(double[] x)
        {
            double mean = model.Predict(x, out double variance);
            return LogExpectedImprovement.Value(best, mean, Math.Sqrt(variance));
        }

        // L-BFGS-B over the numeric, active inputs, the others held fixed; then snapped to the space.
        private double[] GradientSteps(double[] start)
        {
            int d = encoding.Dimensions;
            double[] startValues = encoding.Decode(start);
            int[] free = Enumerable.Range(0, d).Where(k => !encoding.Categorical[k] && !double.IsNaN(startValues[k])).ToArray();
            if (free.Length == 0)
            {
                return start;
            }

            double[] bestX = start;
            double bestScore = Score(start);
            var meanGradient = new double[d];
            var varianceGradient = new double[d];
            var objective = ObjectiveFunction.Gradient(z =>
            {
                double[] x = (double[])start.Clone();
                for (int f = 0; f < free.Length; f++)
                {
                    x[free[f]] = Math.Clamp(z[f], 0, 1);
                }

                double mean = model.PredictWithGradient(x, out double variance, meanGradient, varianceGradient);
                double sd = Math.Sqrt(variance);
                double zScore = (best - mean) / sd;
                double value = Math.Log(sd) + LogExpectedImprovement.LogH(zScore);
                double dLogH = LogExpectedImprovement.LogHDerivative(zScore);
                if (value > bestScore)
                {
                    (bestX, bestScore) = (x, value);
                }

                var gradient = Vector<double>.Build.Dense(free.Length);
                for (int f = 0; f < free.Length; f++)
                {
                    int k = free[f];
                    double dSd = varianceGradient[k] / (2 * sd);
                    double dZ = (-meanGradient[k] - zScore * dSd) / sd;
                    gradient[f] = -(dSd / sd + dLogH * dZ);
                }

                return (-value, gradient);
            });

            try
            {
                var lower = Vector<double>.Build.Dense(free.Length, 0.0);
                var upper = Vector<double>.Build.Dense(free.Length, 1.0);
                var initial = Vector<double>.Build.Dense(free.Length, f => start[free[f]]);
                new BfgsBMinimizer(1e-8, 1e-10, 1e-12, 40).FindMinimum(objective, lower, upper, initial);
            }
            catch (Exception exception) when (exception is MaximumIterationsException or InnerOptimizationException or OptimizationException or ArgumentException)
            {
                // The best point evaluated before the failure is kept.
            }

            return encoding.Canonical(bestX);
        }

        // Integers, steps and choices: move one input at a time to a neighbouring bin or another choice while it helps.
        private (double[] X, double Score) LocalSearch(double[] start)
        {
            double[] current = start;
            double currentScore = Score(current);
            for (int pass = 0; pass < 3; pass++)
            {
                bool improved = false;
                for (int k = 0; k < encoding.Dimensions; k++)
                {
                    foreach (double[] neighbour in encoding.DiscreteNeighbours(current, k))
                    {
                        double score = Score(neighbour);
                        if (score > currentScore)
                        {
                            (current, currentScore, improved) = (neighbour, score, true);
                        }
                    }
                }

                if (!improved)
                {
                    break;
                }
            }

            return (current, currentScore);
        }
    }
}
