using System;
using System.Collections.Generic;
using System.Linq;
using AttrTune.Distributions;
using AttrTune.Numerics;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace AttrTune.Samplers;

/// <summary>
/// The covariance matrix adaptation evolution strategy (Hansen's tutorial, 2016) on the unit-cube encoding: out-of-box
/// samples are redrawn (then clipped), integer and step parameters use the margin of Hamada et al. (2022) so the
/// distribution never collapses inside one bin, and stagnating runs restart with a doubled population (IPOP).
/// Categorical parameters are searched as one relaxed coordinate each, decoded to the bin they fall in; prefer
/// <see cref="TpeSampler"/> or <see cref="GpSampler"/> on mostly categorical spaces. Generations are in memory: a
/// resumed study starts a new run from its best trial.
/// </summary>
public sealed class CmaEsSampler : ISampler
{
    private readonly CmaEsOptions _options;
    private readonly RandomSource _random;
    private readonly SobolSampler _startup;
    private readonly HashSet<long> _consumed = new();
    private readonly List<(double[] X, ParameterSet Parameters)> _asked = new();
    private readonly EvaluatedConfigurations _evaluated = new();
    private CmaState? _state;
    private string? _fingerprint;
    private int _restarts;
    private GpSurrogate? _surrogate;

    /// <summary>Creates a CMA-ES sampler; the same seed gives the same proposals for the same trials.</summary>
    public CmaEsSampler(ulong? seed = null, CmaEsOptions? options = null)
    {
        _options = options ?? new CmaEsOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.StartupTrials, nameof(CmaEsOptions.StartupTrials));
        if (!(_options.InitialSigma > 0 && _options.InitialSigma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.InitialSigma), _options.InitialSigma, "CmaEsOptions.InitialSigma must be in (0, 1] (a step on the unit cube).");
        }

        if (_options.PopulationSize is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.PopulationSize), _options.PopulationSize, "CmaEsOptions.PopulationSize must be at least 2.");
        }

        if (!(_options.SurrogateShortestStep > 0 && _options.SurrogateShortestStep <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(CmaEsOptions.SurrogateShortestStep), _options.SurrogateShortestStep, "CmaEsOptions.SurrogateShortestStep must be in (0, 1] (a fraction of the step size).");
        }

        _random = seed is { } s ? new RandomSource(s) : new RandomSource();
        _startup = new SobolSampler(_random.NextUInt64());
    }

    /// <summary>How many times the search restarted with a larger population (for diagnostics and tests).</summary>
    internal int Restarts => _restarts;

    /// <inheritdoc />
    public SampleProposal? Sample(SamplerContext context)
    {
        SearchSpaceDescriptor space = context.Descriptor;
        if (space.Count == 0)
        {
            return _startup.Sample(context);
        }

        var encoding = UnitEncoding.Of(space);
        int completed = context.Trials.Count(t => t.State == TrialState.Complete);
        if (completed < _options.StartupTrials && _state is null)
        {
            return _startup.Sample(context);
        }

        if (_state is null || _fingerprint != space.Fingerprint)
        {
            _fingerprint = space.Fingerprint;
            _state = new CmaState(encoding, StartingMean(context, encoding), _options.InitialSigma, _options.PopulationSize ?? DefaultPopulation(space.Count));
            _asked.Clear();
        }

        Tell(context, encoding);
        double[] x = _state.Ask(_random);
        if (_options.SurrogateCandidates > 1)
        {
            x = PreScreen(context, encoding, x);
        }

        var parameters = ParameterSet.Create(space, encoding.Decode(_state.ForEvaluation(x)));
        if (!context.AllowRepeats)
        {
            // Integer and choice coordinates round many draws to one configuration; a converged distribution rounds
            // nearly all of them to the best one. Draw again from the distribution, else take an untried configuration:
            // it is not one of the generation's points, so its result does not update the distribution (the
            // generation still waits for points of its own), and while the distribution keeps landing on tried
            // configurations the proposals are untried random ones.
            _evaluated.Refresh(context);
            for (int redraw = 0; redraw < 8 && _evaluated.Contains(parameters); redraw++)
            {
                x = _state.Ask(_random);
                parameters = ParameterSet.Create(space, encoding.Decode(_state.ForEvaluation(x)));
            }

            if (_evaluated.Contains(parameters) && _evaluated.Unevaluated(space, _random) is { } fresh)
            {
                return new SampleProposal(fresh);
            }
        }

        _asked.Add((x, parameters));
        return new SampleProposal(parameters);
    }

    private double[] PreScreen(SamplerContext context, UnitEncoding encoding, double[] first)
    {
        _surrogate ??= new GpSurrogate(new GpOptions { ConstantLiar = false }, _random.Fork("surrogate"), recentLimit: 300);
        GpSurrogate.Fitted? fitted = _surrogate.Fit(context, encoding, encoding.Dimensions + 2);
        if (fitted is null)
        {
            return first;
        }

        double[] chosen = first;
        double chosenScore = double.NegativeInfinity;
        for (int c = 0; c < _options.SurrogateCandidates; c++)
        {
            double[] x = c == 0 ? first : _state!.Ask(_random, Math.Exp(Math.Log(_options.SurrogateShortestStep) * _random.NextDouble()));
            double mean = fitted.Model.Predict(encoding.Canonical(_state!.ForEvaluation(x)), out _);
            double score = -mean;
            if (score > chosenScore)
            {
                (chosen, chosenScore) = (x, score);
            }
        }

        return chosen;
    }

    private static int DefaultPopulation(int dimensions) => 4 + (int)Math.Floor(3 * Math.Log(dimensions));

    private double[] StartingMean(SamplerContext context, UnitEncoding encoding)
    {
        FrozenTrial? best = context.Trials.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v))
            .OrderBy(t => context.Direction == StudyDirection.Minimize ? t.Value!.Value : -t.Value!.Value).FirstOrDefault();
        if (best is not null)
        {
            double[] x = encoding.EncodeValues(best.ToParameterSet(encoding.Space).Values);
            for (int k = 0; k < x.Length; k++)
            {
                x[k] = encoding.Categorical[k] ? (Math.Max(0, x[k]) + 0.5) / encoding.ChoiceCounts[k] : x[k];
            }

            return x;
        }

        return Enumerable.Repeat(0.5, encoding.Dimensions).ToArray();
    }

    // Completed trials of the current generation are matched to the points asked for them; once a population is
    // complete the distribution is updated. Failed and pruned trials are dropped, and their places asked again.
    private void Tell(SamplerContext context, UnitEncoding encoding)
    {
        CmaState state = _state!;
        foreach (FrozenTrial trial in context.Trials)
        {
            if (_consumed.Contains(trial.Number) || trial.State == TrialState.Running || trial.State == TrialState.Waiting)
            {
                continue;
            }

            ParameterSet parameters = trial.ToParameterSet(context.Descriptor);
            int index = _asked.FindIndex(a => a.Parameters.Equals(parameters));
            if (index < 0)
            {
                _consumed.Add(trial.Number);
                continue;
            }

            if (trial.State == TrialState.Complete && trial.Value is { } value && double.IsFinite(value))
            {
                state.Record(_asked[index].X, context.Direction == StudyDirection.Minimize ? value : -value);
            }

            _consumed.Add(trial.Number);
            _asked.RemoveAt(index);
        }

        if (state.GenerationComplete)
        {
            state.Update();
            if (_options.RestartWithLargerPopulation && state.ShouldStop)
            {
                _restarts++;
                double[] mean = new double[encoding.Dimensions];
                for (int k = 0; k < mean.Length; k++)
                {
                    mean[k] = _random.NextDouble();
                }

                _state = new CmaState(encoding, mean, _options.InitialSigma, state.PopulationSize * 2);
                _asked.Clear();
            }
        }
    }

    /// <summary>One CMA-ES run: mean, step size, covariance and evolution paths.</summary>
    private sealed class CmaState
    {
        private readonly UnitEncoding _encoding;
        private readonly int _n;
        private readonly int _mu;
        private readonly double[] _weights;
        private readonly double _muEffective;
        private readonly double _cSigma;
        private readonly double _dSigma;
        private readonly double _cC;
        private readonly double _c1;
        private readonly double _cMu;
        private readonly double _expectedNorm;
        private readonly double[] _binWidths;
        private readonly double _marginQuantile;
        private readonly List<(double[] X, double Value)> _generation = new();
        private readonly Queue<double> _bestHistory = new();
        private double[] _mean;
        private double _sigma;
        private Matrix<double> _covariance;
        private Matrix<double> _eigenvectors;
        private readonly double[] _eigenvalueRoots;
        private readonly double[] _pathSigma;
        private readonly double[] _pathC;
        private int _generationIndex;

        public CmaState(UnitEncoding encoding, double[] mean, double sigma, int populationSize)
        {
            _encoding = encoding;
            _n = encoding.Dimensions;
            PopulationSize = populationSize;
            _mu = populationSize / 2;
            _weights = new double[_mu];
            for (int i = 0; i < _mu; i++)
            {
                _weights[i] = Math.Log((populationSize + 1) / 2.0) - Math.Log(i + 1);
            }

            double sum = _weights.Sum();
            for (int i = 0; i < _mu; i++)
            {
                _weights[i] /= sum;
            }

            _muEffective = 1.0 / _weights.Sum(w => w * w);
            int n = _n;
            _cSigma = (_muEffective + 2) / (n + _muEffective + 5);
            _dSigma = 1 + 2 * Math.Max(0, Math.Sqrt((_muEffective - 1) / (n + 1)) - 1) + _cSigma;
            _cC = (4 + _muEffective / n) / (n + 4 + 2 * _muEffective / n);
            _c1 = 2 / ((n + 1.3) * (n + 1.3) + _muEffective);
            _cMu = Math.Min(1 - _c1, 2 * (_muEffective - 2 + 1 / _muEffective) / ((n + 2) * (n + 2) + _muEffective));
            _expectedNorm = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
            _mean = (double[])mean.Clone();
            _sigma = sigma;
            _covariance = Matrix<double>.Build.DenseIdentity(n);
            _eigenvectors = Matrix<double>.Build.DenseIdentity(n);
            _eigenvalueRoots = Enumerable.Repeat(1.0, n).ToArray();
            _pathSigma = new double[n];
            _pathC = new double[n];

            // The margin: the probability that a discrete coordinate leaves its bin stays at least 1 / (n·λ).
            _binWidths = new double[n];
            for (int k = 0; k < n; k++)
            {
                Distribution distribution = encoding.Space.Parameters[k].Distribution;
                _binWidths[k] = encoding.Categorical[k] ? 1.0 / encoding.ChoiceCounts[k]
                    : distribution is IntDistribution { IsLog: false } || distribution is FloatDistribution { Step: > 0 } ? 1.0 / distribution.PointCount
                    : 0;
            }

            _marginQuantile = StandardNormal.Quantile(1 - 1.0 / (n * populationSize));
        }

        public int PopulationSize { get; }

        public bool GenerationComplete => _generation.Count >= PopulationSize;

        public bool ShouldStop { get; private set; }

        /// <summary>A point from the search distribution, its step from the mean scaled by <paramref name="stepScale"/>.</summary>
        public double[] Ask(RandomSource random, double stepScale = 1)
        {
            var z = new double[_n];
            var x = new double[_n];
            for (int attempt = 0; attempt < 100; attempt++)
            {
                for (int k = 0; k < _n; k++)
                {
                    z[k] = random.NextGaussian() * _eigenvalueRoots[k];
                }

                bool inside = true;
                for (int k = 0; k < _n; k++)
                {
                    double y = 0;
                    for (int j = 0; j < _n; j++)
                    {
                        y += _eigenvectors[k, j] * z[j];
                    }

                    x[k] = _mean[k] + stepScale * _sigma * y;
                    inside &= x[k] >= 0 && x[k] <= 1;
                }

                if (inside)
                {
                    return x;
                }
            }

            for (int k = 0; k < _n; k++)
            {
                x[k] = Math.Clamp(x[k], 0, 1);
            }

            return x;
        }

        /// <summary>The point the objective sees: categorical coordinates as choice indices, the rest as they are.</summary>
        public double[] ForEvaluation(double[] x)
        {
            var point = (double[])x.Clone();
            for (int k = 0; k < _n; k++)
            {
                if (_encoding.Categorical[k])
                {
                    point[k] = Math.Min((int)(Math.Clamp(x[k], 0, 1) * _encoding.ChoiceCounts[k]), _encoding.ChoiceCounts[k] - 1);
                }
            }

            return point;
        }

        public void Record(double[] x, double value) => _generation.Add((x, value));

        public void Update()
        {
            var ranked = _generation.OrderBy(r => r.Value).Take(PopulationSize).ToList();
            _generation.Clear();
            _generationIndex++;
            int n = _n;
            double[] oldMean = _mean;
            var yWeighted = new double[n];
            var steps = new double[_mu][];
            for (int i = 0; i < _mu; i++)
            {
                steps[i] = new double[n];
                for (int k = 0; k < n; k++)
                {
                    steps[i][k] = (ranked[i].X[k] - oldMean[k]) / _sigma;
                    yWeighted[k] += _weights[i] * steps[i][k];
                }
            }

            var newMean = new double[n];
            for (int k = 0; k < n; k++)
            {
                newMean[k] = oldMean[k] + _sigma * yWeighted[k];
            }

            // C^{-1/2} y_w = B D⁻¹ Bᵀ y_w
            var bty = new double[n];
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += _eigenvectors[k, j] * yWeighted[k];
                }

                bty[j] = sum / _eigenvalueRoots[j];
            }

            double sigmaScale = Math.Sqrt(_cSigma * (2 - _cSigma) * _muEffective);
            double pathNorm2 = 0;
            for (int k = 0; k < n; k++)
            {
                double sum = 0;
                for (int j = 0; j < n; j++)
                {
                    sum += _eigenvectors[k, j] * bty[j];
                }

                _pathSigma[k] = (1 - _cSigma) * _pathSigma[k] + sigmaScale * sum;
                pathNorm2 += _pathSigma[k] * _pathSigma[k];
            }

            double pathNorm = Math.Sqrt(pathNorm2);
            bool hSigma = pathNorm / Math.Sqrt(1 - Math.Pow(1 - _cSigma, 2 * _generationIndex)) < (1.4 + 2.0 / (n + 1)) * _expectedNorm;
            double cScale = Math.Sqrt(_cC * (2 - _cC) * _muEffective);
            for (int k = 0; k < n; k++)
            {
                _pathC[k] = (1 - _cC) * _pathC[k] + (hSigma ? cScale * yWeighted[k] : 0);
            }

            double deltaH = hSigma ? 0 : _cC * (2 - _cC);
            var covariance = _covariance * (1 - _c1 - _cMu + deltaH * _c1);
            for (int a = 0; a < n; a++)
            {
                for (int b = 0; b <= a; b++)
                {
                    double rankMu = 0;
                    for (int i = 0; i < _mu; i++)
                    {
                        rankMu += _weights[i] * steps[i][a] * steps[i][b];
                    }

                    double value = covariance[a, b] + _c1 * _pathC[a] * _pathC[b] + _cMu * rankMu;
                    covariance[a, b] = value;
                    covariance[b, a] = value;
                }
            }

            _covariance = covariance;
            _sigma *= Math.Exp(_cSigma / _dSigma * (pathNorm / _expectedNorm - 1));
            _sigma = Math.Min(_sigma, 1.0);
            _mean = newMean;
            Decompose();
            ApplyMargin();

            double best = ranked[0].Value;
            double worst = ranked[^1].Value;
            _bestHistory.Enqueue(best);
            int window = 10 + (int)Math.Ceiling(30.0 * n / PopulationSize);
            while (_bestHistory.Count > window)
            {
                _bestHistory.Dequeue();
            }

            double historyRange = _bestHistory.Max() - _bestHistory.Min();
            double maxStd = _sigma * _eigenvalueRoots.Max();
            double condition = Math.Pow(_eigenvalueRoots.Max() / _eigenvalueRoots.Min(), 2);
            ShouldStop = (_bestHistory.Count >= window && Math.Max(historyRange, worst - best) < 1e-12)
                || maxStd < 1e-6
                || condition > 1e14
                || _generationIndex > 100 + 150 * (n + 3) * (n + 3) / Math.Sqrt(PopulationSize);
        }

        private void Decompose()
        {
            // Keep C symmetric and positive: round-off from the rank updates would otherwise accumulate.
            Evd<double> evd = _covariance.Evd(Symmetricity.Symmetric);
            _eigenvectors = evd.EigenVectors;
            for (int k = 0; k < _n; k++)
            {
                _eigenvalueRoots[k] = Math.Sqrt(Math.Max(evd.EigenValues[k].Real, 1e-20));
            }
        }

        // Hamada et al.'s margin on the mean: if a discrete coordinate's marginal would leave its bin with probability
        // below 1 / (n·λ), the mean moves toward the nearer bin edge until it does not.
        private void ApplyMargin()
        {
            for (int k = 0; k < _n; k++)
            {
                double width = _binWidths[k];
                if (width <= 0)
                {
                    continue;
                }

                double std = _sigma * Math.Sqrt(_covariance[k, k]);
                double reach = _marginQuantile * std;
                double bin = Math.Clamp(Math.Floor(_mean[k] / width), 0, Math.Round(1 / width) - 1);
                double low = bin * width;
                double high = low + width;
                bool hasLower = bin > 0;
                bool hasUpper = high < 1 - 1e-12;
                double toLower = hasLower ? _mean[k] - low : double.PositiveInfinity;
                double toUpper = hasUpper ? high - _mean[k] : double.PositiveInfinity;
                if (Math.Min(toLower, toUpper) > reach && (hasLower || hasUpper))
                {
                    _mean[k] = toLower <= toUpper ? low + reach : high - reach;
                }
            }
        }
    }
}
