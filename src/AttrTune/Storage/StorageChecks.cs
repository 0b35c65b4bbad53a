using System;
using System.Globalization;

namespace AttrTune.Storage;

/// <summary>Checks every backend makes before writing, so bad input never changes stored data.</summary>
internal static class StorageChecks
{
    public static void StudyName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A study needs a non-empty name.", nameof(name));
        }
    }

    public static void Compatible(StudyRecord existing, StudyDirection direction, string fingerprint, string description)
    {
        if (existing.Direction != direction)
        {
            throw new IncompatibleStudyException(existing.Name, $"Study '{existing.Name}' exists with direction {existing.Direction}; it cannot be resumed to {direction}.");
        }

        string configType = description.Split(' ', 2)[0];
        if (existing.ConfigType != configType)
        {
            throw new IncompatibleStudyException(existing.Name, $"Study '{existing.Name}' was created for the config type {existing.ConfigType}; it cannot be resumed with {configType}.");
        }

        if (existing.SpaceFingerprint != fingerprint)
        {
            throw new IncompatibleStudyException(
                existing.Name,
                $"Study '{existing.Name}' was created with another search space (fingerprint {existing.SpaceFingerprint}, now {fingerprint}); resuming would mix incompatible trials. Use a new study name.\nStored space:\n{existing.SpaceDescription}\nCurrent space:\n{description}");
        }
    }

    public static void NewTrial(NewTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.State is not (TrialState.Running or TrialState.Waiting))
        {
            throw new ArgumentException($"A new trial is Running or Waiting, not {trial.State}; finish it with FinishTrial.", nameof(trial));
        }

        foreach ((string name, double value) in trial.Parameters)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Parameter {name} has the non-finite internal value {value.ToString(CultureInfo.InvariantCulture)}.", nameof(trial));
            }
        }
    }

    public static void Finish(TrialState state, double? value)
    {
        if (!state.IsFinished())
        {
            throw new ArgumentException($"A trial finishes as Complete, Pruned or Failed, not {state}.", nameof(state));
        }

        if (state == TrialState.Complete && (value is null || !double.IsFinite(value.Value)))
        {
            throw new ArgumentException($"A complete trial needs a finite value, got {value?.ToString(CultureInfo.InvariantCulture) ?? "none"}.", nameof(value));
        }
    }

    public static void IntermediateValue(long step, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The intermediate value at step {step} is {value.ToString(CultureInfo.InvariantCulture)}; it must be a finite number.", nameof(value));
        }
    }

    public static void Running(FrozenTrial trial, string action)
    {
        if (trial.State != TrialState.Running)
        {
            throw new TrialStateException(trial.Number, trial.State, $"Cannot {action} trial {trial.Number}: it is {trial.State}, and only running trials can change.");
        }
    }

    public static void NotFinished(FrozenTrial trial, string action)
    {
        if (trial.State.IsFinished())
        {
            throw new TrialStateException(trial.Number, trial.State, $"Cannot {action} trial {trial.Number}: it is {trial.State}, and finished trials are immutable.");
        }
    }
}
