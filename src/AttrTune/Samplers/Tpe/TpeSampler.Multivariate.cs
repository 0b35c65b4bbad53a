using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using AttrTune.Distributions;
using AttrTune.Numerics;
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
            double[] chosen = SampleJoint(space, parameters, good, bad);
            for (int g = 0; g < group.Length; g++)
            {
                values[group[g]] = JointParzenEstimator.ToInternal(parameters[g], chosen[g]);
            }
        }
    }

    // One joint Parzen model over the parameters of a group, each estimator built on the trials where the whole group
    // was active; the candidate (drawn from the good model) with the best likelihood ratio.
    private double[] SampleJoint(SearchSpaceDescriptor space, ParameterDescriptor[] parameters, List<FrozenTrial> good, List<FrozenTrial> bad)
    {
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

        return chosen!;
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
                key.Append(condition.CanonicalText).Append(';');
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
    /// group's dimension, clipped like the univariate estimator's. Log densities are summed per component in log
    /// space, as Optuna does, so a kernel whose bin mass underflows still ranks by its true log mass.
    /// </summary>
    internal sealed class JointParzenEstimator
    {
        private const int Chunk = 256;

        private readonly ParameterDescriptor[] _parameters;
        private readonly Scale[] _scales;
        private readonly double[][] _centres;
        private readonly double[] _sigmas;
        private readonly double[] _weights;
        private readonly double _choiceSmoothing;
        private readonly bool _hasBins;

        // Column k over the components (the prior last), so each parameter's term is one vector pass over them.
        private readonly double[][] _negatedCentres;
        private readonly double[][] _inverseSigmas;
        private readonly double[][] _scaledInverseSigmas;

        // Per component: its log weight plus every term that does not depend on the point (the log normalisers of the
        // truncations and, for continuous parameters, −log σ − log √(2π)).
        private readonly double[] _constantLogTerms;

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
            _hasBins = _scales.Any(s => s.Bin > 0);
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
            _constantLogTerms = _weights.Select(w => Math.Log(Math.Max(w, 1e-300))).ToArray();
            _negatedCentres = new double[d][];
            _inverseSigmas = new double[d][];
            _scaledInverseSigmas = new double[d][];
            var lower = new double[m + 1];
            var upper = new double[m + 1];
            var logNormalizers = new double[m + 1];
            var scratch = new double[m + 1];
            for (int k = 0; k < d; k++)
            {
                if (parameters[k].Distribution is CategoricalDistribution)
                {
                    continue;
                }

                Scale scale = _scales[k];
                _negatedCentres[k] = new double[m + 1];
                _inverseSigmas[k] = new double[m + 1];
                _scaledInverseSigmas[k] = new double[m + 1];
                for (int i = 0; i <= m; i++)
                {
                    double sigma = Sigma(i, k);
                    _negatedCentres[k][i] = -_centres[i][k];
                    _inverseSigmas[k][i] = 1 / sigma;
                    _scaledInverseSigmas[k][i] = Math.Sqrt(0.5) / sigma;
                    lower[i] = (scale.Low - _centres[i][k]) / sigma;
                    upper[i] = (scale.High - _centres[i][k]) / sigma;
                }

                TruncatedNormal.LogMasses(lower, upper, logNormalizers, scratch);
                for (int i = 0; i <= m; i++)
                {
                    _constantLogTerms[i] -= logNormalizers[i] + (scale.Bin > 0 ? 0 : Math.Log(Sigma(i, k)) + StandardNormal.LogSqrtTwoPi);
                }
            }
        }

        public static double ToModel(ParameterDescriptor parameter, double value) =>
            parameter.Distribution is CategoricalDistribution ? value : Scale.Of(parameter.Distribution).ToModel(value);

        public static double ToInternal(ParameterDescriptor parameter, double modelValue) =>
            parameter.Distribution is CategoricalDistribution ? modelValue : parameter.Distribution.Project(Scale.Of(parameter.Distribution).FromModel(modelValue));

        /// <summary>The number of product kernels, the prior last.</summary>
        internal int ComponentCount => _centres.Length;

        /// <summary>Component <paramref name="component"/>'s normalised weight.</summary>
        internal double Weight(int component) => _weights[component];

        /// <summary>Component <paramref name="component"/>'s centre in parameter <paramref name="k"/> (model scale; −1 for the prior's choices).</summary>
        internal double Centre(int component, int k) => _centres[component][k];

        /// <summary>Component <paramref name="component"/>'s bandwidth in numeric parameter <paramref name="k"/>.</summary>
        internal double Sigma(int component, int k) => IsPrior(component) ? _scales[k].High - _scales[k].Low : _sigmas[k];

        private bool IsPrior(int component) => component == _centres.Length - 1;

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
                double value = mu + sigma * TruncatedNormal.Sample(random, (scale.Low - mu) / sigma, (scale.High - mu) / sigma);
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

        /// <summary>The log density at <paramref name="x"/> (log bin masses for discrete parameters, log probabilities for choices).</summary>
        public double LogLikelihood(double[] x)
        {
            // Components in stack chunks: each chunk's log-sum-exp is folded into the running one.
            Span<double> terms = stackalloc double[Chunk];
            Span<double> first = stackalloc double[Chunk];
            Span<double> second = _hasBins ? stackalloc double[Chunk] : default;
            Span<double> third = _hasBins ? stackalloc double[Chunk] : default;
            Span<double> fourth = _hasBins ? stackalloc double[Chunk] : default;
            double result = double.NegativeInfinity;
            int count = _centres.Length;
            for (int start = 0; start < count; start += Chunk)
            {
                int length = Math.Min(Chunk, count - start);
                Span<double> chunk = terms[..length];
                _constantLogTerms.AsSpan(start, length).CopyTo(chunk);
                for (int k = 0; k < x.Length; k++)
                {
                    if (_parameters[k].Distribution is CategoricalDistribution categorical)
                    {
                        AddChoiceTerms(chunk, start, k, categorical.Count, (int)x[k]);
                        continue;
                    }

                    ReadOnlySpan<double> negatedCentres = _negatedCentres[k].AsSpan(start, length);
                    Span<double> t = first[..length];
                    Scale scale = _scales[k];
                    if (scale.Bin > 0)
                    {
                        Span<double> b = second[..length];
                        ReadOnlySpan<double> inverseSigmas = _inverseSigmas[k].AsSpan(start, length);
                        TensorPrimitives.AddMultiply(negatedCentres, Math.Max(scale.Low, x[k] - 0.5 * scale.Bin), inverseSigmas, t);
                        TensorPrimitives.AddMultiply(negatedCentres, Math.Min(scale.High, x[k] + 0.5 * scale.Bin), inverseSigmas, b);
                        Span<double> logMass = third[..length];
                        TruncatedNormal.LogMasses(t, b, logMass, fourth[..length]);
                        TensorPrimitives.Add(chunk, logMass, chunk);
                        continue;
                    }

                    // −z²/2 with t = z/√2.
                    TensorPrimitives.AddMultiply(negatedCentres, x[k], _scaledInverseSigmas[k].AsSpan(start, length), t);
                    TensorPrimitives.Multiply(t, t, t);
                    TensorPrimitives.Subtract(chunk, t, chunk);
                }

                result = LogSpace.AddExp(result, LogSpace.SumExp(chunk, first[..length]));
            }

            return result;
        }

        private void AddChoiceTerms(Span<double> terms, int start, int k, int count, int choice)
        {
            double hit = Math.Log(ChoiceProbability(count, 0, 0));
            double miss = Math.Log(ChoiceProbability(count, 0, 1));
            double prior = -Math.Log(count);
            for (int i = 0; i < terms.Length; i++)
            {
                int component = start + i;
                terms[i] += IsPrior(component) ? prior : (int)_centres[component][k] == choice ? hit : miss;
            }
        }
    }
}
