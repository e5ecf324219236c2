using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>What a conformance run trains and cross-loads, and the rules its verdicts use.</summary>
public sealed record RunPlan(
    string Tier,
    IReadOnlyList<PlannedModel> Models,
    IReadOnlyList<string> Devices,
    string OutputDirectory)
{
    public VerdictRules Rules { get; init; } = VerdictRules.Default;
}
