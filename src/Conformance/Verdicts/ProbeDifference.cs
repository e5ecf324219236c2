namespace BindingConformance.Verdicts;

/// <summary>The largest relative difference of one part of the identity probe, and where it was.</summary>
/// <param name="Where">Which quantity differed most, e.g. <c>gradient of fc.weight</c>.</param>
public sealed record ProbeDifference(double Value, string Where);
