namespace BindingConformance.Oracles.Workers.Checks;

/// <summary>One check's outcome: its name, whether it passed, and one line of why.</summary>
public sealed record WorkerCheckResult(string Name, bool Passed, string Detail);
