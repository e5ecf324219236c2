using System.Text.Json.Serialization;
using BindingConformance.Verdicts;

namespace BindingConformance.Snapshots;

/// <summary>
/// A binding's approved hybridization behaviour on one probe in one mode, as stored in
/// <c>fixtures/approved/hybridization/{cell}.approved.json</c>: what a known divergence of the mode looks like, so a run
/// fails only when the behaviour changes. Differences and diagnostics are kept for the reader; only the behaviour, each
/// case's agreement, the side-effect counts and incompatibility are compared.
/// </summary>
public sealed record HybridizationRecord(
    [property: JsonPropertyName("behaviour")] string Behaviour,
    [property: JsonPropertyName("cases")] IReadOnlyList<HybridizationCaseRecord> Cases,
    [property: JsonPropertyName("eager_side_effects")] long? EagerSideEffects,
    [property: JsonPropertyName("graph_side_effects")] long? GraphSideEffects,
    [property: JsonPropertyName("incompatible")] string? Incompatible,
    [property: JsonPropertyName("diagnostics")] IReadOnlyList<string> Diagnostics,
    [property: JsonPropertyName("binding_version")] string BindingVersion)
{
    public static HybridizationRecord Of(HybridizationFinding finding, string bindingVersion) => new(
        finding.Behaviour,
        finding.Cases.Select(c => new HybridizationCaseRecord(c.Case, c.Agrees, double.IsFinite(c.MaxAbsDifference) ? c.MaxAbsDifference : null, c.Note)).ToArray(),
        finding.EagerSideEffects,
        finding.GraphSideEffects,
        finding.Incompatible,
        finding.Diagnostics,
        bindingVersion);
}

/// <summary>One case of a <see cref="HybridizationRecord"/>: whether the graph agreed with eager, and by how much it differed.</summary>
public sealed record HybridizationCaseRecord(
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("agrees")] bool Agrees,
    [property: JsonPropertyName("max_abs_difference")] double? MaxAbsDifference,
    [property: JsonPropertyName("note")] string? Note);
