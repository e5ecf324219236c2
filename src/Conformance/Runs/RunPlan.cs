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

    /// <summary>Longest any one train or evaluate request may run (<c>--cell-timeout</c>); null derives each request's limit from its plan.</summary>
    public TimeSpan? CellTimeout { get; init; }
}
