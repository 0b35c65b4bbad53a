namespace AttrTune.Scheduling;

/// <summary>One change of hyperparameters in a lineage: from <paramref name="Step"/> on, the weights trained with <paramref name="Config"/>.</summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
/// <param name="Step">The number of steps trained before the change (0 for the initial configuration).</param>
/// <param name="Config">The configuration used from then on.</param>
/// <param name="CopiedFromTrial">The trial whose weights were copied at the change, or null.</param>
public sealed record PbtScheduleEntry<TConfig>(int Step, TConfig Config, int? CopiedFromTrial)
    where TConfig : class, ISearchSpace<TConfig>;
