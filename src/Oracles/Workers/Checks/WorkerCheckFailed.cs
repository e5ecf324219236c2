namespace BindingConformance.Oracles.Workers.Checks;

/// <summary>A protocol check's failure, in one line saying what the worker did instead of what PROTOCOL.md asks.</summary>
public sealed class WorkerCheckFailed(string message) : Exception(message);
