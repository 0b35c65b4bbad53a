using System;
using System.Collections.Generic;
using AttrTune.Randomness;

namespace AttrTune.Samplers;

/// <summary>
/// One choice parameter's Parzen estimator, as Optuna's: a weighted mixture of one kernel per observation and a
/// uniform prior. An observation's kernel puts weight 1 on its choice and <c>priorWeight / (n + 1)</c> on every
/// choice, so a choice never seen keeps some probability and that smoothing fades as observations accumulate.
/// </summary>
internal sealed class CategoricalParzenEstimator
{
    private readonly double[] _probabilities;

    public CategoricalParzenEstimator(int count, IReadOnlyList<double> observations, IReadOnlyList<double> observationWeights, double priorWeight)
    {
        int n = observations.Count;
        double smoothing = priorWeight / (n + 1);
        double kernelTotal = 1 + count * smoothing;
        double total = priorWeight;
        for (int i = 0; i < n; i++)
        {
            total += observationWeights[i];
        }

        _probabilities = new double[count];
        double spread = priorWeight / count;
        for (int i = 0; i < n; i++)
        {
            spread += observationWeights[i] * smoothing / kernelTotal;
        }

        Array.Fill(_probabilities, spread / total);
        for (int i = 0; i < n; i++)
        {
            _probabilities[(int)observations[i]] += observationWeights[i] / kernelTotal / total;
        }
    }

    /// <summary>Draws a choice index.</summary>
    public int Sample(RandomSource random)
    {
        double pick = random.NextDouble();
        for (int c = 0; c < _probabilities.Length - 1; c++)
        {
            pick -= _probabilities[c];
            if (pick < 0)
            {
                return c;
            }
        }

        return _probabilities.Length - 1;
    }

    /// <summary>The log probability of a choice index.</summary>
    public double LogLikelihood(int choice) => Math.Log(_probabilities[choice]);
}
