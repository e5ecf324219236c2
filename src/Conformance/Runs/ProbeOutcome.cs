using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Runs;

/// <summary>A probe run's result, or the error that stopped the binding from answering (a crash, not an incompatibility).</summary>
public sealed record ProbeOutcome(ProbeRunResult? Result, string? Error)
{
    public string? Failure(string binding, string mode) => Error is null ? null : $"{binding} failed to run the probe in {mode} mode: {Error}";
}
