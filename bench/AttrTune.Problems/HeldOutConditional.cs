using System;
using AttrTune.SearchSpaces;

namespace AttrTune.Problems;

/// <summary>
/// Conditional problems written for validation only: no sampler setting was chosen on them. Their optima are inside
/// the ranges (jenatton's sits on a corner, which rewards a search that runs to the bounds), a branch that looks
/// promising by its spread is not the best one, and one space has nine leaves under two independent switches.
/// </summary>
public static class HeldOutConditionalProblems
{
    public static readonly Problem<FamiliesHeldOut> Families = new("families_heldout", 0.0, FamiliesHeldOut.Objective, bestBranchThreshold: 0.1);

    public static readonly Problem<SpreadDecoy> Decoy = new("spread_decoy", 0.2, SpreadDecoy.Objective, bestBranchThreshold: 0.24);

    public static readonly Problem<OptimizerSchedule> Schedules = new("optimizer_schedule", 0.07, OptimizerSchedule.Objective, bestBranchThreshold: 0.078);

    public static IProblem[] All => new IProblem[] { Families, Decoy, Schedules };
}

/// <summary>Four families: a narrow log-scale basin with an integer and a choice, a plateau, a wide bowl, an integer grid.</summary>
[SearchSpace]
public partial class FamiliesHeldOut
{
    [Choice("narrow", "flat", "wide", "grid")] public string Family { get; set; } = "flat";
    [LogUniform(1e-4, 1)] [ActiveWhen(nameof(Family), "narrow")] public double Rate { get; set; } = 1e-4;
    [IntRange(1, 8)] [ActiveWhen(nameof(Family), "narrow")] public int Depth { get; set; } = 1;
    [Choice("a", "b", "c")] [ActiveWhen(nameof(Family), "narrow")] public string Kind { get; set; } = "a";
    [Uniform(0, 1)] [ActiveWhen(nameof(Family), "flat")] public double Level { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(Family), "wide")] public double Width { get; set; }
    [IntRange(0, 20)] [ActiveWhen(nameof(Family), "grid")] public int Cells { get; set; }
    [IntRange(0, 20)] [ActiveWhen(nameof(Family), "grid")] public int Rows { get; set; }

    public static double Objective(FamiliesHeldOut c) => c.Family switch
    {
        "narrow" => (0.8 * Math.Pow(Math.Log10(c.Rate) + 2.5, 2)) + (0.05 * Math.Pow(c.Depth - 5, 2)) + (c.Kind == "b" ? 0 : 0.2),
        "flat" => 0.3 + (0.01 * c.Level),
        "wide" => 0.15 + (2 * Math.Pow(c.Width - 0.7, 2)),
        "grid" => 0.25 + (0.01 * Math.Abs(c.Cells - 13)) + (0.01 * Math.Abs(c.Rows - 7)),
        _ => throw new ArgumentException($"Unknown family '{c.Family}'.", nameof(c)),
    };
}

/// <summary>
/// Three branches: the best one ("bowl", minimum 0.2 inside a small disc) against a decoy whose values vary a
/// hundredfold (a ridge of sharp valleys, minimum 0.26) and a plateau at 0.3.
/// </summary>
[SearchSpace]
public partial class SpreadDecoy
{
    [Choice("bowl", "decoy", "plateau")] public string Branch { get; set; } = "plateau";
    [Uniform(0, 1)] [ActiveWhen(nameof(Branch), "bowl")] public double X { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(Branch), "bowl")] public double Y { get; set; }
    [Uniform(0, 1)] [ActiveWhen(nameof(Branch), "decoy")] public double U { get; set; }
    [LogUniform(1e-3, 10)] [ActiveWhen(nameof(Branch), "decoy")] public double V { get; set; } = 1e-3;
    [Uniform(0, 1)] [ActiveWhen(nameof(Branch), "plateau")] public double P { get; set; }

    public static double Objective(SpreadDecoy c) => c.Branch switch
    {
        "bowl" => 0.2 + (3 * (Math.Pow(c.X - 0.37, 2) + Math.Pow(c.Y - 0.61, 2))),
        "decoy" => 0.26 + (Math.Abs(Math.Log10(c.V) - 0.4) * (1 + (25 * Math.Pow(Math.Sin(7 * Math.PI * c.U), 2)))),
        "plateau" => 0.3 + (0.02 * c.P),
        _ => throw new ArgumentException($"Unknown branch '{c.Branch}'.", nameof(c)),
    };
}

/// <summary>
/// Nine leaves under two switches (optimiser and schedule), a learning rate shared by all of them, the optimisers' and
/// schedules' own parameters conditional: adam with a cosine schedule near 60 steps is the only leaf below 0.078.
/// </summary>
[SearchSpace]
public partial class OptimizerSchedule
{
    [Choice("sgd", "adam", "rmsprop")] public string Optimizer { get; set; } = "sgd";
    [Choice("constant", "step", "cosine")] public string Schedule { get; set; } = "constant";
    [LogUniform(1e-5, 1)] public double Lr { get; set; } = 1e-5;
    [Uniform(0, 0.99)] [ActiveWhen(nameof(Optimizer), "sgd")] public double Momentum { get; set; }
    [Uniform(0.5, 0.999)] [ActiveWhen(nameof(Optimizer), "adam")] public double Beta1 { get; set; } = 0.5;
    [Uniform(0.5, 0.999)] [ActiveWhen(nameof(Optimizer), "rmsprop")] public double Alpha { get; set; } = 0.5;
    [IntRange(5, 100)] [ActiveWhen(nameof(Schedule), "step")] public int StepSize { get; set; } = 5;
    [Uniform(0.1, 0.9)] [ActiveWhen(nameof(Schedule), "step")] public double Gamma { get; set; } = 0.1;
    [IntRange(10, 200)] [ActiveWhen(nameof(Schedule), "cosine")] public int CosineSteps { get; set; } = 10;

    public static double Objective(OptimizerSchedule c)
    {
        double l = Math.Log10(c.Lr);
        double optimizer = c.Optimizer switch
        {
            "sgd" => 0.15 + (0.05 * Math.Pow(l + 1.5, 2)) + (0.2 * Math.Pow(c.Momentum - 0.9, 2)),
            "adam" => 0.1 + (0.08 * Math.Pow(l + 3.3, 2)) + (0.5 * Math.Pow(c.Beta1 - 0.88, 2)),
            "rmsprop" => 0.12 + (0.06 * Math.Pow(l + 2.8, 2)) + (0.4 * Math.Pow(c.Alpha - 0.93, 2)),
            _ => throw new ArgumentException($"Unknown optimizer '{c.Optimizer}'.", nameof(c)),
        };
        double schedule = c.Schedule switch
        {
            "constant" => 0,
            "step" => -0.02 + (0.00002 * Math.Pow(c.StepSize - 30, 2)) + (0.05 * Math.Pow(c.Gamma - 0.4, 2)),
            "cosine" => -0.03 + (0.00001 * Math.Pow(c.CosineSteps - 60, 2)),
            _ => throw new ArgumentException($"Unknown schedule '{c.Schedule}'.", nameof(c)),
        };
        return optimizer + schedule;
    }
}
