using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// What one run of the identity probe (<see cref="IdentityProbe"/>) gave: the reference's and the binding's answers and
/// the weights both started from; or why it did not run (<see cref="WhyNotRun"/>: another framework, no probe, no
/// weights); or how it failed (<see cref="Error"/>: a side's step threw).
/// </summary>
/// <param name="Expected">The reference's answer.</param>
/// <param name="Actual">The binding's answer.</param>
/// <param name="Before">The weights both probes started from.</param>
public sealed record IdentitySteps(TrainingStepResult? Expected, TrainingStepResult? Actual, SafetensorsFile? Before, string? WhyNotRun, string? Error)
{
    public static IdentitySteps NotRun(string why) => new(null, null, null, why, null);

    /// <summary>The training cell's finding: the comparison of both answers, or null and why there is none.</summary>
    public (EngineIdentity? Identity, string? WhyNot) Compare(VerdictRules rules) =>
        Expected is not null && Actual is not null && Before is not null
            ? (IdentityProbeComparison.Compare(Expected, Actual, Before, rules), null)
            : (null, WhyNotRun ?? Error);
}
