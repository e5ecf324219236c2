using BindingConformance.Verdicts;

namespace BindingConformance.Snapshots;

/// <summary>
/// Compares hybridization behaviour, never numbers: the classification, which cases agree with eager, the side-effect
/// counts and whether the mode could run the probe. Changed diagnostics or versions are notes.
/// </summary>
public static class HybridizationRecordComparer
{
    public static SnapshotComparison Compare(HybridizationRecord approved, HybridizationRecord received)
    {
        var differences = new List<string>();
        var notes = new List<string>();
        if (approved.Behaviour != received.Behaviour)
            differences.Add($"behaviour: approved {approved.Behaviour}, received {received.Behaviour}");
        var approvedCases = approved.Cases.ToDictionary(c => c.Case, c => c.Agrees);
        foreach (var c in received.Cases)
            if (!approvedCases.TryGetValue(c.Case, out var agreed))
                differences.Add($"cases.{c.Case}: not in the approved snapshot");
            else if (agreed != c.Agrees)
                differences.Add($"cases.{c.Case}: approved {Agreement(agreed)}, received {Agreement(c.Agrees)}{(c.Note is null ? "" : $" ({c.Note})")}");
        foreach (var missing in approved.Cases.Select(c => c.Case).Except(received.Cases.Select(c => c.Case)))
            differences.Add($"cases.{missing}: approved, not received");
        if (approved.EagerSideEffects != received.EagerSideEffects || approved.GraphSideEffects != received.GraphSideEffects)
            differences.Add($"side_effects: approved eager {SideEffectCount.Text(approved.EagerSideEffects)}, graph {SideEffectCount.Text(approved.GraphSideEffects)}; " +
                            $"received eager {SideEffectCount.Text(received.EagerSideEffects)}, graph {SideEffectCount.Text(received.GraphSideEffects)}");
        if ((approved.Incompatible is null) != (received.Incompatible is null))
            differences.Add($"incompatible: approved {approved.Incompatible ?? "runs"}, received {received.Incompatible ?? "runs"}");
        if (!approved.Diagnostics.SequenceEqual(received.Diagnostics))
            notes.Add($"diagnostics: approved {approved.Diagnostics.Count} line(s), received {received.Diagnostics.Count}");
        if (approved.BindingVersion != received.BindingVersion)
            notes.Add($"binding_version: approved {approved.BindingVersion}, received {received.BindingVersion}");
        return new SnapshotComparison(differences, notes);
    }

    private static string Agreement(bool agrees) => agrees ? "agrees with eager" : "diverges from eager";
}
