using BindingConformance.Oracles.Formats;

namespace BindingConformance.Oracles.Hybridization;

/// <summary>What one probe did in one execution mode.</summary>
/// <param name="Incompatible">
/// Why the mode could not capture or run the probe at all (the binding's own error, one line); then the other fields are
/// empty. Execution-mode incompatibility is a finding, not a crash.
/// </param>
/// <param name="Outputs">One output per case, named as the case; a case that raised has no output, and its error is in <see cref="Diagnostics"/>.</param>
/// <param name="Diagnostics">What the binding said while capturing and running (TracerWarnings, case errors), one line each.</param>
/// <param name="SideEffects">
/// How many times the probe's side effect happened while the cases ran (after capture): forward calls counted by a
/// Python counter, inputs a forward updated in place; null for probes without one.
/// </param>
/// <param name="PassSeconds">Wall time of each timed run of the first case.</param>
public sealed record ProbeRunResult(
    string? Incompatible,
    IReadOnlyList<NamedTensor> Outputs,
    IReadOnlyList<string> Diagnostics,
    long? SideEffects,
    IReadOnlyList<double> PassSeconds)
{
    /// <summary>Wall time of each timed training step (<see cref="ProbeRunRequest.TrainingPasses"/>); empty when none ran.</summary>
    public IReadOnlyList<double> TrainingPassSeconds { get; init; } = [];

    /// <summary>The loss of each timed training step; they differ from step to step only if the optimizer updated the parameters the mode runs.</summary>
    public IReadOnlyList<double> TrainingLosses { get; init; } = [];

    /// <summary>Why the mode cannot train the probe (one line), when training passes were asked for; null when it can or none were.</summary>
    public string? Untrainable { get; init; }

    public static ProbeRunResult CannotCapture(string why) => new(why, [], [], null, []);
}
