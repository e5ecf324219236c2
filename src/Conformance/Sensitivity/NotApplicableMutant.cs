namespace BindingConformance.Sensitivity;

/// <summary>A mutant that cannot show in any model of a study, so it was not run: neither caught nor missed.</summary>
/// <param name="Why">Per model, why the bug cannot show in it (<see cref="Oracles.Mutants.Mutant.WhyNotApplicable"/>).</param>
public sealed record NotApplicableMutant(string Name, string Bug, string Why);
