using System.Collections.Immutable;

namespace AttrTune.Storage;

/// <summary>
/// What a complete trial of a study with a metrics type stores beside its value: every objective's value and every
/// constraint property's value, as the objective returned them (<see cref="FrozenTrial.Values"/>,
/// <see cref="FrozenTrial.ConstraintValues"/>).
/// </summary>
/// <param name="Values">The objective values in the order of the study's objectives; at least one, all finite.</param>
/// <param name="ConstraintValues">The constraint properties' values in the order of its constraints; all finite.</param>
public sealed record MetricValues(ImmutableArray<double> Values, ImmutableArray<double> ConstraintValues);
