using AttrTune.SearchSpaces;

namespace AttrTune.Samplers;

/// <summary>A sampler's answer: the parameters, and optionally a claim key that must be unique in the study.</summary>
/// <param name="Parameters">A point of the space.</param>
/// <param name="ClaimKey">If set, the engine stores the trial only if no other trial holds the key (grid points).</param>
public sealed record SampleProposal(ParameterSet Parameters, string? ClaimKey = null);
