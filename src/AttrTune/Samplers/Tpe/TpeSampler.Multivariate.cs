using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

public sealed partial class TpeSampler
{
    // Groups in order of their first parameter, so every condition's parent is sampled before the group it guards.
    private void SampleGroups(SearchSpaceDescriptor space, List<FrozenTrial> good, List<FrozenTrial> bad, double[] values)
    {
        Array.Fill(values, double.NaN);
        foreach (int[] group in Groups(space))
        {
            if (!space.IsActive(group[0], values))
            {
                continue;
            }

            ParameterDescriptor[] parameters = group.Select(i => space.Parameters[i]).ToArray();
            List<double[]> goodRows = Rows(space, parameters, good);
            List<double[]> badRows = Rows(space, parameters, bad);
            var lower = new JointParzenEstimator(parameters, goodRows, DefaultWeights(goodRows.Count), _options.PriorWeight, _options.MagicClip);
            var upper = new JointParzenEstimator(parameters, badRows, DefaultWeights(badRows.Count), _options.PriorWeight, _options.MagicClip);
            double[]? chosen = null;
            double chosenScore = double.NegativeInfinity;
            for (int c = 0; c < _options.ExpectedImprovementCandidates; c++)
            {
                double[] candidate = lower.Sample(_random);
                double score = lower.LogLikelihood(candidate) - upper.LogLikelihood(candidate);
                if (chosen is null || score > chosenScore)
                {
                    (chosen, chosenScore) = (candidate, score);
                }
            }

            for (int g = 0; g < group.Length; g++)
            {
                values[group[g]] = JointParzenEstimator.ToInternal(parameters[g], chosen![g]);
            }
        }
    }

    private static List<int[]> Groups(SearchSpaceDescriptor space)
    {
        var groups = new Dictionary<string, List<int>>();
        var order = new List<string>();
        foreach (ParameterDescriptor parameter in space.Parameters)
        {
            var key = new System.Text.StringBuilder();
            for (ParameterCondition? condition = parameter.Condition; condition is not null; condition = space.Parameters[condition.ParentIndex].Condition)
            {
                key.Append(condition.ParentIndex).Append(':').AppendJoin(',', condition.AllowedChoices).Append(';');
            }

            string text = key.ToString();
            if (!groups.TryGetValue(text, out List<int>? members))
            {
                groups[text] = members = new List<int>();
                order.Add(text);
            }

            members.Add(parameter.Index);
        }

        return order.Select(k => groups[k].ToArray()).ToList();
    }

    // The trials where the whole group was active, as rows in the model scale (choice indices for choices).
    private List<double[]> Rows(SearchSpaceDescriptor space, ParameterDescriptor[] parameters, List<FrozenTrial> trials)
    {
        var rows = new List<double[]>();
        foreach (FrozenTrial trial in trials)
        {
            double[] values = _values.Of(space, trial);
            var row = new double[parameters.Length];
            bool complete = true;
            for (int k = 0; k < parameters.Length && complete; k++)
            {
                double value = values[parameters[k].Index];
                complete = !double.IsNaN(value);
                row[k] = complete ? JointParzenEstimator.ToModel(parameters[k], value) : 0;
            }

            if (complete)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>
    /// A Parzen estimator over several parameters at once, as Optuna's multivariate one: one product kernel per
    /// observation (truncated normals in each numeric parameter's model scale; for a choice, weight 1 on the observed
    /// one and <c>priorWeight / (n + 1)</c> on every one) and a broad prior. Bandwidths follow Scott's rule in the
    /// group's dimension, clipped like the univariate estimator's.
    /// </summary>
    internal sealed class JointParzenEstimator
    {
        private readonly ParameterDescriptor[] _parameters;
        private readonly Scale[] _scales;
        private readonly double[][] _centres;
        private readonly double[] _sigmas;
        private readonly double[] _logWeights;
        private readonly double[] _weights;
        private readonly double _choiceSmoothing;

        public JointParzenEstimator(ParameterDescriptor[] parameters, List<double[]> rows, double[] weights, double priorWeight, bool magicClip)
        {
            _parameters = parameters;
            int d = parameters.Length;
            int m = rows.Count;
            _scales = parameters.Select(p => p.Distribution is CategoricalDistribution ? default : Scale.Of(p.Distribution)).ToArray();
            _centres = new double[m + 1][];
            for (int i = 0; i < m; i++)
            {
                _centres[i] = rows[i];
            }

            _centres[m] = parameters.Select((p, k) => p.Distribution is CategoricalDistribution ? -1 : 0.5 * (_scales[k].Low + _scales[k].High)).ToArray();
            _sigmas = new double[d];
            double scott = 0.2 * Math.Pow(Math.Max(m, 1), -1.0 / (d + 4));
            for (int k = 0; k < d; k++)
            {
                if (parameters[k].Distribution is not CategoricalDistribution)
                {
                    double span = _scales[k].High - _scales[k].Low;
                    double minimum = magicClip ? span / Math.Min(100.0, 1.0 + m + 1) : 1e-12;
                    _sigmas[k] = Math.Clamp(scott * span, minimum, span);
                }
            }

            _choiceSmoothing = priorWeight / (m + 1);
            _weights = new double[m + 1];
            double total = priorWeight + weights.Sum();
            for (int i = 0; i < m; i++)
            {
                _weights[i] = weights[i] / total;
            }

            _weights[m] = priorWeight / total;
            _logWeights = _weights.Select(w => Math.Log(Math.Max(w, 1e-300))).ToArray();
        }

        public static double ToModel(ParameterDescriptor parameter, double value) =>
            parameter.Distribution is CategoricalDistribution ? value : Scale.Of(parameter.Distribution).ToModel(value);

        public static double ToInternal(ParameterDescriptor parameter, double modelValue) =>
            parameter.Distribution is CategoricalDistribution ? modelValue : parameter.Distribution.Project(Scale.Of(parameter.Distribution).FromModel(modelValue));

        private bool IsPrior(int component) => component == _centres.Length - 1;

        private double Sigma(int component, int k) => IsPrior(component) ? _scales[k].High - _scales[k].Low : _sigmas[k];

        public double[] Sample(RandomSource random)
        {
            double pick = random.NextDouble();
            int component = 0;
            for (double cumulative = _weights[0]; component < _weights.Length - 1 && pick >= cumulative; cumulative += _weights[++component])
            {
            }

            var x = new double[_parameters.Length];
            for (int k = 0; k < x.Length; k++)
            {
                if (_parameters[k].Distribution is CategoricalDistribution categorical)
                {
                    x[k] = DrawChoice(random, categorical.Count, IsPrior(component) ? -1 : (int)_centres[component][k]);
                    continue;
                }

                Scale scale = _scales[k];
                double mu = _centres[component][k];
                double sigma = Sigma(component, k);
                double a = ParzenEstimator.NormalCdf((scale.Low - mu) / sigma);
                double b = ParzenEstimator.NormalCdf((scale.High - mu) / sigma);
                double u = a + random.NextDouble() * (b - a);
                double value = mu + sigma * ParzenEstimator.NormalQuantile(Math.Clamp(u, 1e-300, 1 - 1e-16));
                x[k] = scale.Snap(Math.Clamp(double.IsFinite(value) ? value : mu, scale.Low, scale.High));
            }

            return x;
        }

        private int DrawChoice(RandomSource random, int count, int centre)
        {
            double pick = random.NextDouble();
            for (int c = 0; c < count; c++)
            {
                pick -= ChoiceProbability(count, centre, c);
                if (pick < 0)
                {
                    return c;
                }
            }

            return count - 1;
        }

        private double ChoiceProbability(int count, int centre, int choice) =>
            centre < 0 ? 1.0 / count : ((choice == centre ? 1.0 : 0.0) + _choiceSmoothing) / (1 + count * _choiceSmoothing);

        public double LogLikelihood(double[] x)
        {
            double max = double.NegativeInfinity;
            var terms = new double[_centres.Length];
            for (int i = 0; i < _centres.Length; i++)
            {
                double log = _logWeights[i];
                for (int k = 0; k < x.Length; k++)
                {
                    if (_parameters[k].Distribution is CategoricalDistribution categorical)
                    {
                        log += Math.Log(ChoiceProbability(categorical.Count, IsPrior(i) ? -1 : (int)_centres[i][k], (int)x[k]));
                        continue;
                    }

                    Scale scale = _scales[k];
                    double mu = _centres[i][k];
                    double sigma = Sigma(i, k);
                    double normalizer = Math.Max(ParzenEstimator.NormalCdf((scale.High - mu) / sigma) - ParzenEstimator.NormalCdf((scale.Low - mu) / sigma), 1e-300);
                    double mass;
                    if (scale.Bin > 0)
                    {
                        double lower = Math.Max(scale.Low, x[k] - 0.5 * scale.Bin);
                        double upper = Math.Min(scale.High, x[k] + 0.5 * scale.Bin);
                        mass = ParzenEstimator.NormalCdf((upper - mu) / sigma) - ParzenEstimator.NormalCdf((lower - mu) / sigma);
                    }
                    else
                    {
                        double z = (x[k] - mu) / sigma;
                        mass = Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
                    }

                    log += Math.Log(Math.Max(mass / normalizer, 1e-300));
                }

                terms[i] = log;
                max = Math.Max(max, log);
            }

            double sum = 0;
            foreach (double term in terms)
            {
                sum += Math.Exp(term - max);
            }

            return max + Math.Log(sum);
        }
    }
}
