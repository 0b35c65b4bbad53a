namespace AttrTune.Samplers;

/// <summary>
/// A sampler that can run a study whose objective returns a metrics type (several objectives, or constraints): it
/// reads <see cref="FrozenTrial.Values"/> and <see cref="FrozenTrial.ConstraintValues"/> as
/// <see cref="SamplerContext.Metrics"/> describes them, or reads no values at all (random, quasi-random and grid
/// search). A study with a metrics type refuses other samplers, whose models would optimise the first objective alone
/// and ignore the constraints without a word.
/// </summary>
public interface IMultiObjectiveSampler : ISampler
{
}
