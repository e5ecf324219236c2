namespace BindingConformance.Replication;

/// <summary>Everything one binding folder of the study (framework → model → binding) recorded.</summary>
public sealed record BindingResults(string Framework, string Model, string Binding, IReadOnlyList<SeedRun> Runs, DeploymentChecks Deployment);
