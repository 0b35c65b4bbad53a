namespace AttrTune.Problems;

/// <summary>
/// The multi-objective benchmark problems and their reference points. ZDT's reference is (1.1, 11): the one the Optuna
/// figures of docs/benchmarks.md were measured with (random search at 100 trials scores 9.30 there against Optuna's
/// 9.27; at (1.1, 1.1) random search scores 0, and no set of points can exceed 0.88 on ZDT1).
/// </summary>
public static class MultiObjectiveProblems
{
    public static readonly MultiObjectiveProblem<Unit10> Zdt1 = new("zdt1", [1.1, 11], 0, c => (MultiObjectiveFunctions.Zdt1(c.ToArray()), []));
    public static readonly MultiObjectiveProblem<Unit10> Zdt2 = new("zdt2", [1.1, 11], 0, c => (MultiObjectiveFunctions.Zdt2(c.ToArray()), []));
    public static readonly MultiObjectiveProblem<Unit7> Dtlz2 = new("dtlz2", [1.1, 1.1, 1.1], 0, c => (MultiObjectiveFunctions.Dtlz2(c.ToArray(), 3), []));
    public static readonly MultiObjectiveProblem<BinhKornSpace> BinhKorn = new("binh_korn", [140, 50], 2, c => MultiObjectiveFunctions.BinhKorn(c.X, c.Y));

    // Held out: written after the settings were chosen on the four above, to check they were not fitted to them. The
    // references are beyond each front's nadir; DTLZ7's third is 16 so that random search scores from 100 trials on.
    public static readonly MultiObjectiveProblem<Unit10> Zdt3 = new("zdt3", [1.1, 11], 0, c => (MultiObjectiveFunctions.Zdt3(c.ToArray()), []), heldOut: true);
    public static readonly MultiObjectiveProblem<Unit7> Dtlz7 = new("dtlz7", [1.1, 1.1, 16], 0, c => (MultiObjectiveFunctions.Dtlz7(c.ToArray(), 3), []), heldOut: true);
    public static readonly MultiObjectiveProblem<ConstrSpace> Constr = new("constr", [1.1, 10], 2, c => MultiObjectiveFunctions.Constr(c.X1, c.X2), heldOut: true);

    // One objective under constraints, for choosing the default of a constrained single-objective study; G06 held out.
    // The reference is an upper bound of the objective: the harness reports the best feasible value for these.
    public static readonly MultiObjectiveProblem<SpringSpace> Spring = new("spring", [100], 4, c => MultiObjectiveFunctions.Spring(c.WireDiameter, c.CoilDiameter, c.Coils));
    public static readonly MultiObjectiveProblem<PressureVesselSpace> PressureVessel = new("pressure_vessel", [1e7], 4,
        c => MultiObjectiveFunctions.PressureVessel(c.ShellThickness, c.HeadThickness, c.Radius, c.Length));
    public static readonly MultiObjectiveProblem<G06Space> G06 = new("g06", [1e7], 2, c => MultiObjectiveFunctions.G06(c.X1, c.X2), heldOut: true);

    public static IMultiObjectiveProblem[] All => [Zdt1, Zdt2, Dtlz2, BinhKorn, Zdt3, Dtlz7, Constr, Spring, PressureVessel, G06];
}
