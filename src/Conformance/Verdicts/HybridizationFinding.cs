using System.Text.Json.Nodes;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Verdicts;

/// <summary>
/// What a graph mode did with a hazard probe against eager execution: the same outputs and side effects
/// (<see cref="Equal"/>), a divergence classified into the probe's <see cref="HazardCategory"/>, or execution-mode
/// incompatibility with the binding's error.
/// </summary>
/// <param name="Behaviour"><see cref="Equal"/>, or the <see cref="HazardCategory"/> the divergence shows (<see cref="HazardCategory.None"/> on a control: unexplained).</param>
/// <param name="Cases">Each case's graph output against eager's.</param>
/// <param name="Silent">The mode diverged and said nothing (no diagnostics): the hazard a user would not notice.</param>
public sealed record HybridizationFinding(
    string Probe,
    string Mode,
    string Behaviour,
    IReadOnlyList<ProbeCaseDifference> Cases,
    long? EagerSideEffects,
    long? GraphSideEffects,
    string? Incompatible,
    IReadOnlyList<string> Diagnostics,
    bool Silent)
{
    public const string Equal = Cells.ProbeBehaviour.Equal;

    public bool Diverged => Behaviour != Equal && Incompatible is null;

    /// <summary>What the cell records: the behaviour and whether the mode said nothing.</summary>
    public Cells.ProbeBehaviour ToBehaviour() => new(Behaviour, Silent);

    /// <summary>Classifies <paramref name="graph"/> against <paramref name="eager"/> (which ran every case); outputs agree within <see cref="VerdictRules.Float32LogitTolerance"/>, side effects by count.</summary>
    public static HybridizationFinding Classify(HazardProbe probe, string mode, ProbeRunResult eager, ProbeRunResult graph, VerdictRules rules)
    {
        if (graph.Incompatible is { } why)
            return new(probe.Name, mode, HazardCategory.ExecutionModeIncompatibility, [], eager.SideEffects, null, why, graph.Diagnostics, false);
        var cases = ProbeCaseDifference.Compare(probe, eager, ExecutionMode.Eager, graph, mode, rules);
        // A mode that cannot observe the side effect (a loaded archive, an ONNX graph) is judged by its outputs alone.
        var equal = cases.All(c => c.Agrees) && SideEffectCount.Agree(eager.SideEffects, graph.SideEffects);
        return new(probe.Name, mode, equal ? Equal : probe.Category, cases, eager.SideEffects, graph.SideEffects, null, graph.Diagnostics,
            !equal && graph.Diagnostics.Count == 0);
    }

    /// <summary>One line: <c>frozen-control-flow: case negative differs by 2.1 from eager</c>.</summary>
    public string Summary =>
        Incompatible is not null ? $"{Behaviour}: {Incompatible}"
        : Behaviour == Equal
            ? "equal to eager" + (EagerSideEffects is not null && GraphSideEffects is null ? $" (its side effects are not observable in {Mode} mode)" : "")
        : $"{Behaviour}: " + string.Join("; ", Cases.Where(c => !c.Agrees)
              .Select(c => $"case {c.Case} {(c.Note ?? $"differs by {RuleCheck.Number(c.MaxAbsDifference)}")}")
              .Append(SideEffectCount.Agree(EagerSideEffects, GraphSideEffects) ? null
                  : $"side effects {SideEffectCount.Text(GraphSideEffects)} against eager's {SideEffectCount.Text(EagerSideEffects)}")
              .OfType<string>());

    public JsonObject ToJson() => new()
    {
        ["behaviour"] = Behaviour,
        ["silent"] = Silent,
        ["cases"] = new JsonArray(Cases.Select(c => (JsonNode)new JsonObject
        {
            ["case"] = c.Case,
            ["agrees"] = c.Agrees,
            // JSON has no infinity; the note says why the case is not comparable.
            ["max_abs_difference"] = double.IsFinite(c.MaxAbsDifference) ? c.MaxAbsDifference : null,
            ["note"] = c.Note,
        }).ToArray()),
        ["eager_side_effects"] = EagerSideEffects,
        ["graph_side_effects"] = GraphSideEffects,
        ["incompatible"] = Incompatible,
        ["diagnostics"] = new JsonArray(Diagnostics.Select(d => (JsonNode)d).ToArray()),
    };
}
