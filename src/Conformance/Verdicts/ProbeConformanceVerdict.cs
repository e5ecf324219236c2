using System.Text.Json.Nodes;
using BindingConformance.Oracles.Hybridization;

namespace BindingConformance.Verdicts;

/// <summary>
/// A binding's execution mode against the reference binding's matching mode on one hazard probe: it must capture where
/// the reference captures (and be incompatible where it is), give every case's output within the float32 logit
/// tolerance, divergences of the mode included, and cause the same number of side effects where both observe them.
/// </summary>
public static class ProbeConformanceVerdict
{
    /// <returns>The verdict, and the first case whose output differs (null when none does, or the probe did not run on one side).</returns>
    public static (CellVerdict Verdict, string? FirstDifferingCase) Judge(HazardProbe probe, string referenceName, ProbeRunResult reference, string actualName,
        ProbeRunResult actual, VerdictRules rules)
    {
        var verdict = new CellVerdict(new JsonObject { ["reference"] = referenceName });
        var (runs, referenceRuns) = (actual.Incompatible is null, reference.Incompatible is null);
        verdict.Add(new RuleCheck("probe-capture", runs == referenceRuns, runs ? "runs" : "incompatible", referenceRuns ? "runs" : "incompatible",
            runs == referenceRuns ? $"captures and runs the probe where {referenceName} does"
            : runs ? $"runs the probe, {referenceName} cannot: {reference.Incompatible}"
            : $"cannot run the probe, {referenceName} can: {actual.Incompatible}"));
        verdict.Metrics["incompatible"] = actual.Incompatible;
        if (!runs || !referenceRuns) return (verdict, null);

        var cases = ProbeCaseDifference.Compare(probe, reference, referenceName, actual, actualName, rules);
        var worst = cases.MaxBy(c => c.MaxAbsDifference)!;
        verdict.Metrics["max_abs_output_difference"] = double.IsFinite(worst.MaxAbsDifference) ? worst.MaxAbsDifference : null;
        verdict.Add(RuleCheck.Of("probe-outputs", cases.All(c => c.Agrees), worst.MaxAbsDifference, $"≤ {RuleCheck.Number(rules.Float32LogitTolerance)}",
            $"max |output difference| from {referenceName}'s, worst on case {worst.Case}{(worst.Note is null ? "" : $" ({worst.Note})")}"));
        verdict.Metrics["side_effects"] = actual.SideEffects;
        verdict.Metrics["reference_side_effects"] = reference.SideEffects;
        if (SideEffectCount.Comparable(actual.SideEffects, reference.SideEffects))
            verdict.Add(new RuleCheck("side-effects", SideEffectCount.Agree(actual.SideEffects, reference.SideEffects), SideEffectCount.Text(actual.SideEffects),
                $"= {SideEffectCount.Text(reference.SideEffects)}", $"side effects while the cases ran, against {referenceName}'s"));
        else if (actual.SideEffects is not null || reference.SideEffects is not null)
            verdict.Metrics["side_effects_not_compared"] = $"{(actual.SideEffects is null ? actualName : referenceName)} does not observe the probe's side effect";
        return (verdict, cases.FirstOrDefault(c => !c.Agrees)?.Case);
    }
}
