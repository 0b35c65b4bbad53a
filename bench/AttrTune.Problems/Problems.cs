using System;
using System.Collections.Generic;
using AttrTune.Samplers;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Problems;

/// <summary>A benchmark problem (reference values in test_vectors.json): a space, an objective to minimise and its optimum.</summary>
public interface IProblem
{
    string Name { get; }

    double Optimum { get; }

    SearchSpaceDescriptor Space { get; }

    /// <summary>The objective at a point given as internal values of <see cref="Space"/>.</summary>
    double Evaluate(ReadOnlySpan<double> values);

    /// <summary>
    /// For a conditional space whose optimum lies in one branch: a run whose best value is below this has found that
    /// branch (only it goes there). Null for problems without branches. A default member, so that other
    /// implementations need not know about branches.
    /// </summary>
    double? BestBranchThreshold => null;
}

/// <summary>A problem over a generated space, evaluated through the typed configuration.</summary>
public sealed class Problem<TConfig> : IProblem
    where TConfig : class, ISearchSpace<TConfig>
{
    private readonly Func<TConfig, double> _objective;

    public Problem(string name, double optimum, Func<TConfig, double> objective, double? bestBranchThreshold = null)
    {
        Name = name;
        Optimum = optimum;
        _objective = objective;
        BestBranchThreshold = bestBranchThreshold;
    }

    public string Name { get; }

    public double Optimum { get; }

    /// <inheritdoc />
    public double? BestBranchThreshold { get; }

    public SearchSpaceDescriptor Space => TConfig.Descriptor;

    public double Evaluate(ReadOnlySpan<double> values) => _objective(TConfig.FromValues(values));

    public double Evaluate(TConfig config) => _objective(config);
}

/// <summary>Runs a sampler on a problem without the engine's typed layer: the loop the quality benchmark and tests share.</summary>
public static class ProblemRunner
{
    /// <summary>The best value after <paramref name="trials"/> sequential trials of <paramref name="sampler"/>.</summary>
    public static double BestAfter(IProblem problem, ISampler sampler, int trials)
    {
        var storage = new InMemoryStorage();
        long study = storage.CreateOrLoadStudy("problem", StudyDirection.Minimize, problem.Space.Fingerprint, problem.Space.TypeName).Id;
        double best = double.PositiveInfinity;
        for (int i = 0; i < trials; i++)
        {
            SampleProposal proposal = sampler.Sample(new SamplerContext(problem.Space, StudyDirection.Minimize, () => storage.GetTrials(study)))
                ?? throw new InvalidOperationException($"The sampler had nothing left after {i} trials of {problem.Name}.");
            double value = problem.Evaluate(proposal.Parameters.Values);
            var parameters = new Dictionary<string, double>();
            foreach (KeyValuePair<string, double> active in proposal.Parameters.ActiveValues)
            {
                parameters[active.Key] = active.Value;
            }

            FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, parameters, proposal.ClaimKey))
                ?? throw new InvalidOperationException($"The sampler proposed the claimed point {proposal.ClaimKey} again.");
            storage.FinishTrial(trial.Id, TrialState.Complete, value, null);
            sampler.OnTrialFinished(new SamplerContext(problem.Space, StudyDirection.Minimize, () => storage.GetTrials(study)), storage.GetTrial(trial.Id));
            best = Math.Min(best, value);
        }

        return best;
    }
}

public static class BenchmarkProblems
{
    public static readonly Problem<Branin> Branin = new("branin", 0.39788735772973816, c => Functions.Branin(c.X0, c.X1));
    public static readonly Problem<Hartmann6> Hartmann6 = new("hartmann6", -3.322368011415515, c => Functions.Hartmann6(new[] { c.X0, c.X1, c.X2, c.X3, c.X4, c.X5 }));
    public static readonly Problem<Box10Rosenbrock> Rosenbrock10 = new("rosenbrock10", 0.0, c => Functions.Rosenbrock(c.ToArray()));
    public static readonly Problem<Box10Ackley> Ackley10 = new("ackley10", 0.0, c => Functions.Ackley(c.ToArray()));
    public static readonly Problem<MixedMl> Mixed = new("mixed_ml", 0.1, c => Functions.MixedMl(c.Optimizer, c.Lr, c.NLayers, c.NUnits, c.Dropout));

    // Thresholds from shared/bench/problems.md section 8: only the x1=0, x2=0 branch goes below 0.2, only mlp below 0.12.
    public static readonly Problem<Jenatton> Jenatton = new("jenatton", 0.1, Functions.Jenatton, bestBranchThreshold: 0.2);
    public static readonly Problem<ModelSelection> ModelSelection = new("model_selection", 0.08, Functions.ModelSelection, bestBranchThreshold: 0.12);

    public static IProblem[] All => new IProblem[] { Branin, Hartmann6, Rosenbrock10, Ackley10, Mixed, Jenatton, ModelSelection };
}

/// <summary>The formulas, written in the reference evaluation order (included, for bit-exact values).</summary>
public static class Functions
{
    public static double Branin(double x0, double x1)
    {
        const double a = 1, r = 6, s = 10;
        double b = 5.1 / (4.0 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        double inner = x1 - b * x0 * x0 + c * x0 - r;
        return a * inner * inner + s * (1 - t) * Math.Cos(x0) + s;
    }

    private static readonly double[] Alpha = { 1.0, 1.2, 3.0, 3.2 };

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    public static double Hartmann6(double[] x)
    {
        double outer = 0;
        for (int i = 0; i < 4; i++)
        {
            double inner = 0;
            for (int j = 0; j < 6; j++)
            {
                double d = x[j] - P[i, j];
                inner += A[i, j] * (d * d);
            }

            outer += Alpha[i] * Math.Exp(-inner);
        }

        return -outer;
    }

    public static double Rosenbrock(double[] x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            sum += 100 * (a * a) + b * b;
        }

        return sum;
    }

    public static double Ackley(double[] x)
    {
        double squares = 0, cosines = 0;
        foreach (double v in x)
        {
            squares += v * v;
            cosines += Math.Cos(2.0 * Math.PI * v);
        }

        int d = x.Length;
        return -20 * Math.Exp(-0.2 * Math.Sqrt(squares / d)) - Math.Exp(cosines / d) + 20 + Math.E;
    }

    public static double MixedMl(string optimizer, double lr, int layers, int units, double dropout)
    {
        (double c, double b) = optimizer switch
        {
            "sgd" => (-1.0, 0.10),
            "momentum" => (-1.5, 0.05),
            "adam" => (-3.0, 0.00),
            "rmsprop" => (-2.5, 0.03),
            _ => throw new ArgumentException($"Unknown optimizer '{optimizer}'.", nameof(optimizer)),
        };
        double u = Math.Log10(lr);
        double w = Math.Log2(units);
        double delta = u - (c + 0.1 * (layers - 4));
        double lrTerm = 0.15 * delta * delta + 0.05 * (1 - Math.Cos(2 * Math.PI * delta));
        double capTerm = 0.03 * (layers - 4) * (layers - 4) + 0.02 * (w - 8) * (w - 8);
        double dOpt = 0.1 + 0.04 * (layers - 1) + 0.03 * (w - 4);
        double dropTerm = 0.8 * (dropout - dOpt) * (dropout - dOpt);
        return 0.1 + b + lrTerm + capTerm + dropTerm;
    }

    /// <summary>Jenatton et al. (2017): four leaves of a binary tree, each a shifted parabola plus its subtree's offset.</summary>
    public static double Jenatton(Jenatton c) => (c.X1, c.X2, c.X3) switch
    {
        ("0", "0", _) => c.X4 * c.X4 + 0.1 + c.R8,
        ("0", "1", _) => c.X5 * c.X5 + 0.2 + c.R8,
        ("1", _, "0") => c.X6 * c.X6 + 0.3 + c.R9,
        ("1", _, "1") => c.X7 * c.X7 + 0.4 + c.R9,
        _ => throw new ArgumentException($"Unknown branch x1={c.X1}, x2={c.X2}, x3={c.X3}.", nameof(c)),
    };

    /// <summary>Four model families; only the family's own parameters are read (the others are inactive).</summary>
    public static double ModelSelection(ModelSelection c)
    {
        switch (c.Family)
        {
            case "ridge":
            {
                double a = Math.Log10(c.RidgeAlpha);
                return 0.25 + 0.02 * (a * a);
            }

            case "forest":
            {
                double t = Math.Log10(c.ForestTrees) - 2.5;
                double m = c.ForestMaxFeatures - 0.3;
                return 0.18 + 0.01 * (t * t) + 0.2 * (m * m);
            }

            case "boosting":
            {
                double l = Math.Log10(c.BoostLr) + 1.3;
                double d = c.BoostDepth - 6;
                double s = c.BoostSubsample - 0.8;
                return 0.12 + 0.3 * (l * l) + 0.01 * (d * d) + 0.4 * (s * s);
            }

            case "mlp":
            {
                (double center, double offset) = c.MlpActivation switch
                {
                    "relu" => (-3.0, 0.0),
                    "tanh" => (-2.3, 0.03),
                    _ => throw new ArgumentException($"Unknown activation '{c.MlpActivation}'.", nameof(c)),
                };
                double l = Math.Log10(c.MlpLr) - center;
                double n = c.MlpLayers - 3;
                double d = c.MlpDropout - 0.2;
                return 0.08 + offset + 0.6 * (l * l) + 0.02 * (n * n) + 0.5 * (d * d);
            }

            default:
                throw new ArgumentException($"Unknown family '{c.Family}'.", nameof(c));
        }
    }
}

[SearchSpace]
public partial class Branin
{
    [Uniform(-5, 10)] public double X0 { get; set; }
    [Uniform(0, 15)] public double X1 { get; set; }
}

[SearchSpace]
public partial class Hartmann6
{
    [Uniform(0, 1)] public double X0 { get; set; }
    [Uniform(0, 1)] public double X1 { get; set; }
    [Uniform(0, 1)] public double X2 { get; set; }
    [Uniform(0, 1)] public double X3 { get; set; }
    [Uniform(0, 1)] public double X4 { get; set; }
    [Uniform(0, 1)] public double X5 { get; set; }
}

[SearchSpace]
public partial class Box10Rosenbrock
{
    [Uniform(-5, 10)] public double X0 { get; set; }
    [Uniform(-5, 10)] public double X1 { get; set; }
    [Uniform(-5, 10)] public double X2 { get; set; }
    [Uniform(-5, 10)] public double X3 { get; set; }
    [Uniform(-5, 10)] public double X4 { get; set; }
    [Uniform(-5, 10)] public double X5 { get; set; }
    [Uniform(-5, 10)] public double X6 { get; set; }
    [Uniform(-5, 10)] public double X7 { get; set; }
    [Uniform(-5, 10)] public double X8 { get; set; }
    [Uniform(-5, 10)] public double X9 { get; set; }

    public double[] ToArray() => new[] { X0, X1, X2, X3, X4, X5, X6, X7, X8, X9 };
}

[SearchSpace]
public partial class Box10Ackley
{
    [Uniform(-32.768, 32.768)] public double X0 { get; set; }
    [Uniform(-32.768, 32.768)] public double X1 { get; set; }
    [Uniform(-32.768, 32.768)] public double X2 { get; set; }
    [Uniform(-32.768, 32.768)] public double X3 { get; set; }
    [Uniform(-32.768, 32.768)] public double X4 { get; set; }
    [Uniform(-32.768, 32.768)] public double X5 { get; set; }
    [Uniform(-32.768, 32.768)] public double X6 { get; set; }
    [Uniform(-32.768, 32.768)] public double X7 { get; set; }
    [Uniform(-32.768, 32.768)] public double X8 { get; set; }
    [Uniform(-32.768, 32.768)] public double X9 { get; set; }

    public double[] ToArray() => new[] { X0, X1, X2, X3, X4, X5, X6, X7, X8, X9 };
}

[SearchSpace]
public partial class MixedMl
{
    [Choice("sgd", "momentum", "adam", "rmsprop")] public string Optimizer { get; set; } = "sgd";
    [LogUniform(1e-5, 1)] public double Lr { get; set; } = 1e-3;
    [IntRange(1, 8)] public int NLayers { get; set; } = 1;
    [IntRange(16, 1024, Log = true)] public int NUnits { get; set; } = 16;
    [Uniform(0, 0.7)] public double Dropout { get; set; }
}

/// <summary>
/// The Jenatton et al. (2017) tree (shared/bench/problems.md 8.1): conditions chain, so X4 is tuned only when X1 is
/// "0" and X2 is "0".
/// </summary>
[SearchSpace]
public partial class Jenatton
{
    [Choice("0", "1")] public string X1 { get; set; } = "0";
    [Choice("0", "1")] [ActiveWhen(nameof(X1), "0")] public string X2 { get; set; } = "0";
    [Choice("0", "1")] [ActiveWhen(nameof(X1), "1")] public string X3 { get; set; } = "0";
    [Uniform(0, 1)] [ActiveWhen(nameof(X2), "0")] public double X4 { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(X2), "1")] public double X5 { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(X3), "0")] public double X6 { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(X3), "1")] public double X7 { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(X1), "0")] public double R8 { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(X1), "1")] public double R9 { get; set; }
}

/// <summary>
/// Four model families, each with its own parameters (shared/bench/problems.md 8.2). Defaults, used while a parameter
/// is inactive, are lower bounds as in <see cref="MixedMl"/>, so no default sits at an optimum.
/// </summary>
[SearchSpace]
public partial class ModelSelection
{
    [Choice("ridge", "forest", "boosting", "mlp")] public string Family { get; set; } = "ridge";
    [LogUniform(1e-6, 1e3)] [ActiveWhen(nameof(Family), "ridge")] public double RidgeAlpha { get; set; } = 1e-6;
    [IntRange(10, 1000, Log = true)] [ActiveWhen(nameof(Family), "forest")] public int ForestTrees { get; set; } = 10;
    [Uniform(0.1, 1)] [ActiveWhen(nameof(Family), "forest")] public double ForestMaxFeatures { get; set; } = 0.1;
    [LogUniform(1e-3, 1)] [ActiveWhen(nameof(Family), "boosting")] public double BoostLr { get; set; } = 1e-3;
    [IntRange(2, 12)] [ActiveWhen(nameof(Family), "boosting")] public int BoostDepth { get; set; } = 2;
    [Uniform(0.5, 1)] [ActiveWhen(nameof(Family), "boosting")] public double BoostSubsample { get; set; } = 0.5;
    [LogUniform(1e-5, 1e-1)] [ActiveWhen(nameof(Family), "mlp")] public double MlpLr { get; set; } = 1e-5;
    [IntRange(1, 4)] [ActiveWhen(nameof(Family), "mlp")] public int MlpLayers { get; set; } = 1;
    [Uniform(0, 0.6)] [ActiveWhen(nameof(Family), "mlp")] public double MlpDropout { get; set; }
    [Choice("relu", "tanh")] [ActiveWhen(nameof(Family), "mlp")] public string MlpActivation { get; set; } = "relu";
}
