using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// Builds the GP model of a study for <see cref="GpSampler"/> and for CMA-ES pre-screening: encodes complete trials,
/// warps and standardises their values, fits (or reuses) the kernel hyperparameters and adds running trials as
/// fantasies. Hyperparameters are warm-started from the previous fit, so keep one instance per sampler.
/// </summary>
internal sealed class GpSurrogate(GpOptions options, RandomSource random, int recentLimit = int.MaxValue)
{
    private GpHyperparameters? _lastFit;
    private int _lastFitCount;
    private int _fits;
    private GaussianProcess? _previous;
    private readonly TrialValueCache _values = new();

    internal sealed record Fitted(GaussianProcess Model, double Best, List<double[]> Observed, double[] Outputs)
    {
        /// <summary>The study's minimised value that standardises to 0, when the outputs are not warped.</summary>
        public double Centre { get; init; }

        /// <summary>The study's value change that standardises to 1, when the outputs are not warped.</summary>
        public double Scale { get; init; } = 1;
    }

    /// <summary>The model of the study, or null while it has fewer than <paramref name="minimumObservations"/> complete trials.</summary>
    public Fitted? Fit(SamplerContext context, UnitEncoding encoding, int minimumObservations)
    {
        var observed = new List<double[]>();
        var values = new List<double>();
        var running = new List<double[]>();
        static bool Scored(FrozenTrial trial) => trial.State == TrialState.Complete && trial.Value is { } value && double.IsFinite(value);

        // Only the most recent complete trials are modelled; the older ones are not even encoded.
        int skip = recentLimit == int.MaxValue ? 0 : Math.Max(0, context.Trials.Count(Scored) - recentLimit);
        foreach (FrozenTrial trial in context.Trials)
        {
            if (Scored(trial))
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                observed.Add(encoding.EncodeValues(_values.Of(encoding.Space, trial)));
                double value = trial.Value!.Value;
                values.Add(context.Direction == StudyDirection.Minimize ? value : -value);
            }
            else if (trial.State == TrialState.Running && options.ConstantLiar && trial.Parameters.Count > 0)
            {
                running.Add(encoding.EncodeValues(_values.Of(encoding.Space, trial)));
            }
        }

        if (observed.Count < Math.Max(1, minimumObservations))
        {
            return null;
        }

        double[] outputs = Standardise(values, options.WarpOutputs, out double centre, out double scale);
        double[] inputs = Flatten(observed, encoding.Dimensions);
        GpHyperparameters hyperparameters = FitHyperparameters(encoding, observed, inputs, outputs);
        GaussianProcess model = GaussianProcess.Create(encoding.Categorical, hyperparameters, inputs, outputs, _previous);
        _previous = model;
        model = model.WithFantasies(running);
        return new Fitted(model, outputs.Min(), observed, outputs) { Centre = centre, Scale = scale };
    }

    private GpHyperparameters FitHyperparameters(UnitEncoding encoding, List<double[]> observed, double[] inputs, double[] outputs)
    {
        int n = outputs.Length;
        int limit = options.HyperparameterFitLimit;
        // Refit every trial while the model is young, then every n/25 trials: at hundreds of points one more
        // observation barely moves the marginal likelihood's optimum.
        int refitEvery = n <= 50 ? 1 : Math.Max(2, n / 25);
        if (_lastFit is { } previous && previous.Count == encoding.Dimensions + 2 && n - _lastFitCount < refitEvery)
        {
            return previous;
        }

        double[] fitInputs = inputs;
        double[] fitOutputs = outputs;
        if (n > limit)
        {
            // The best half of the subset, and a seeded random sample of the rest.
            int[] order = Enumerable.Range(0, n).OrderBy(i => outputs[i]).ToArray();
            var chosen = order.Take(limit / 2).ToList();
            int[] rest = order.Skip(limit / 2).ToArray();
            for (int i = rest.Length - 1; i > 0; i--)
            {
                int j = random.NextInt32(i + 1);
                (rest[i], rest[j]) = (rest[j], rest[i]);
            }

            chosen.AddRange(rest.Take(limit - chosen.Count));
            fitInputs = Flatten(chosen.Select(i => observed[i]).ToList(), encoding.Dimensions);
            fitOutputs = chosen.Select(i => outputs[i]).ToArray();
        }

        int d = encoding.Dimensions;
        var starts = new List<double[]>();
        if (_lastFit is { } last && last.Count == d + 2)
        {
            starts.Add(last.ToArray());
        }

        _fits++;
        bool explore = _lastFit is null || _fits % 5 == 1;
        var prior = new double[d + 2];
        Array.Fill(prior, -2 * (Math.Sqrt(2) + 0.5 * Math.Log(Math.Max(d, 1))), 0, d);
        prior[d] = 0;
        prior[d + 1] = GaussianProcess.NoisePriorMean;
        // Multi-start: the warm start and, on the first and every fifth fit, the prior's centre and a random
        // perturbation of it (the likelihood of few points is multimodal; a fresh start keeps a fit from staying in a
        // poor mode for ever).
        if (explore)
        {
            starts.Add(prior);
            var perturbed = new double[d + 2];
            for (int i = 0; i < d; i++)
            {
                perturbed[i] = prior[i] + 3 * (random.NextDouble() - 0.5);
            }

            perturbed[d] = 0;
            perturbed[d + 1] = prior[d + 1] - 2;
            starts.Add(perturbed);
        }

        GpHyperparameters fitted = GaussianProcess.FitHyperparameters(encoding.Categorical, fitInputs, fitOutputs, starts, explore ? 60 : 20);
        _lastFit = fitted;
        _lastFitCount = n;
        return fitted;
    }

    private static double[] Flatten(List<double[]> rows, int dimensions)
    {
        var flat = new double[rows.Count * dimensions];
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(flat, i * dimensions);
        }

        return flat;
    }

    // Heavy right tails (a few terrible trials orders of magnitude above the rest, as on Rosenbrock or a diverging
    // learning rate) would squash every good trial together after standardisation; a shifted log spreads them out.
    // The mean and sd it divides by come back: a value's units when the outputs are not warped.
    internal static double[] Standardise(List<double> values, bool warp, out double mean, out double sd)
    {
        double[] y = values.ToArray();
        if (warp && y.Length >= 3)
        {
            double[] sorted = y.Order().ToArray();
            double min = sorted[0];
            double median = sorted[sorted.Length / 2];
            double max = sorted[^1];
            double spread = median - min;
            if (spread > 0 && max - median > 4 * spread)
            {
                double shift = 0.05 * spread;
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = Math.Log(y[i] - min + shift);
                }
            }
        }

        double centre = y.Average();
        double variance = y.Sum(v => (v - centre) * (v - centre)) / y.Length;
        double scale = variance > 0 ? Math.Sqrt(variance) : 1;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (y[i] - centre) / scale;
        }

        (mean, sd) = (centre, scale);

        return y;
    }
}
