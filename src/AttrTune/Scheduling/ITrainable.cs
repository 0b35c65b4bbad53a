using System;
using System.Collections.Generic;
using System.Threading;

namespace AttrTune.Scheduling;

/// <summary>
/// A model trained step by step (an epoch, a boosting round) that schedulers can pause, resume and clone through
/// checkpoints. Population-based training calls <see cref="Setup"/> with a new configuration and then
/// <see cref="Restore"/> with another member's checkpoint: the weights come from the checkpoint, the
/// hyperparameters from the configuration.
/// </summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public interface ITrainable<TConfig> : IDisposable
    where TConfig : class, ISearchSpace<TConfig>
{
    /// <summary>Builds (or rebuilds) the model for <paramref name="config"/>; weights start fresh until <see cref="Restore"/>.</summary>
    void Setup(TConfig config);

    /// <summary>Trains one step and returns its metrics; the scheduler optimises the one its objective names.</summary>
    /// <param name="cancellationToken">Cancelled when the run is: a long step should stop early by throwing
    /// <see cref="OperationCanceledException"/> (the step is then not recorded, and a resumed run repeats it).</param>
    IReadOnlyDictionary<string, double> Step(CancellationToken cancellationToken);

    /// <summary>The trainable's state (weights, optimiser state, step count) as bytes.</summary>
    byte[] Save();

    /// <summary>Restores a state written by <see cref="Save"/>, possibly by another instance.</summary>
    void Restore(byte[] checkpoint);
}
