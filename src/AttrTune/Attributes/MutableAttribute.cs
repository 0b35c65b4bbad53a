using System;

namespace AttrTune;

/// <summary>
/// Marks a tuned parameter that population-based training may change while a trial runs (a learning rate, a
/// dropout rate), as opposed to one fixed for the trial's life (a layer count). The space says which is which,
/// so schedulers never perturb what the model cannot change mid-training.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class MutableAttribute : Attribute
{
}
