using System;

namespace AttrTune.Storage;

/// <summary>
/// Keeps one opaque checkpoint per trial (model weights, optimiser state), so that population-based training can
/// continue an interrupted run. Both built-in storages implement it; a backend without it still runs every other
/// kind of study.
/// </summary>
/// <remarks>
/// Contract: thread-safe; a saved checkpoint is durable when the call returns (it is what a resumed run restarts
/// from); saving replaces the previous checkpoint atomically, so a reader sees the old one or the new one, never a
/// mix; an unknown trial id throws <see cref="System.Collections.Generic.KeyNotFoundException"/>.
/// </remarks>
public interface ICheckpointStore
{
    /// <summary>Keeps a checkpoint of a trial, replacing the previous one.</summary>
    void SaveCheckpoint(long trialId, ReadOnlySpan<byte> checkpoint);

    /// <summary>The trial's latest checkpoint, or null.</summary>
    byte[]? LoadCheckpoint(long trialId);
}
