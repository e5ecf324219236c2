using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Repro;
using BindingConformance.Runs;
using BindingConformance.Snapshots;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>
/// The hybridization cells: every probe in every graph mode of every binding against eager (<see cref="HybridizationFinding"/>),
/// held to the approved behaviour in <c>fixtures/approved/hybridization/</c> (or the plan's approved folder).
/// </summary>
public sealed class HazardCells : ComparedProbeCells
{
    /// <summary>The folder of approved hybridization behaviour under the snapshot directory.</summary>
    public const string SnapshotSuite = "hybridization";

    /// <summary>
    /// The approved file's name: <c>probe=tensor-branch_binding=torchsharp_mode=traced</c>. A hazard is semantic, so one
    /// approved behaviour holds on every device; a device that behaves otherwise fails its cell.
    /// </summary>
    public static string SnapshotName(string probe, string binding, string mode) => $"probe={probe}_binding={binding}_mode={mode}";

    /// <summary>
    /// The approved file a cell of <paramref name="binding"/> is held to: its own; a released version with none of its own
    /// (<see cref="BindingDescriptor.Release"/>) is held to its binding's, where a version change is a note and a behaviour
    /// change fails. Approving the release's received file gives it its own.
    /// </summary>
    public static string ApprovedName(SnapshotStore snapshots, string probe, BindingDescriptor binding, string mode)
    {
        var own = SnapshotName(probe, binding.Id, mode);
        return binding.Release is { } release && !snapshots.HasApproved(SnapshotSuite, own)
               && SnapshotName(probe, release.Binding, mode) is var bindings && snapshots.HasApproved(SnapshotSuite, bindings)
            ? bindings
            : own;
    }

    /// <summary>The approved-behaviour store of <paramref name="plan"/>.</summary>
    public static SnapshotStore Snapshots(RunPlan plan) => plan.ApprovedDirectory is { } directory ? new(directory) : SnapshotStore.Product;

    protected override CellKind Kind => HazardKind.Instance;

    // Eager is what the graph modes are compared with.
    protected override bool Lists(CellEngine engine, IBindingOracle oracle, string mode) => mode != ExecutionMode.Eager;

    protected override async Task<CellResult> JudgeAsync(CellEngine engine, HazardProbe probe, IBindingOracle oracle, string mode, string device,
        CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var key = new CellKey(HazardKind.Instance, probe.Name, id, device) { Mode = mode };
        if (engine.Probes.WhyNot(oracle, device, mode) is { } skip) return CellResult.Skipped(key, skip);
        if (mode == ExecutionMode.Eager) return CellResult.Skipped(key, "eager is what the graph modes are compared with");
        if (CellReferences.ExpectedRun(HazardKind.Instance, engine.Registry, oracle, mode) is not var (eagerOracle, eagerMode))
            return CellResult.Skipped(key, $"neither {id} nor a capturing binding runs the probe eagerly");
        var eager = await engine.Probes.RunAsync(probe, eagerOracle, eagerMode, device, cancellationToken);
        var graph = await engine.Probes.RunAsync(probe, oracle, mode, device, cancellationToken);
        var repro = new CellRepro((string?)null) { Probe = ProbeCase(key, eagerOracle, oracle) };
        if ((eager.Failure(eagerOracle.Binding.Id, eagerMode) ?? graph.Failure(id, mode)) is { } failed)
            return CellResult.Failed(key, failed) with { Reference = eagerOracle.Binding.Id, Repro = repro };
        // A binding that cannot build the probe at all (a model it does not implement) has no graph to judge.
        if (eager.Result!.Incompatible is { } noEager)
            return CellResult.Skipped(key, $"{eagerOracle.Binding.Id} cannot run the probe eagerly: {noEager}");

        var rules = engine.Plan.Rules;
        var finding = HybridizationFinding.Classify(probe, mode, eager.Result, graph.Result!, rules);
        var verdict = new CellVerdict(finding.ToJson());
        verdict.Metrics["category"] = probe.Category;
        verdict.Metrics["finding"] = finding.Summary;
        if (probe.IsControl)
            verdict.Add(new RuleCheck("control-equal", !finding.Diverged, finding.Behaviour, HybridizationFinding.Equal,
                $"a hazard-free control must compute what eager computes: {finding.Summary}"));
        var snapshots = Snapshots(engine.Plan);
        var name = SnapshotName(probe.Name, id, mode);
        var approved = ApprovedName(snapshots, probe.Name, oracle.Binding, mode);
        try
        {
            var snapshot = snapshots.Verify(SnapshotSuite, name, HybridizationRecord.Of(finding, engine.Registry.Availability(id).Version ?? "unknown"), approved);
            verdict.Add(new RuleCheck("approved-behaviour", snapshot.Matched, finding.Behaviour, "approved",
                snapshot.Matched ? "the mode behaves as approved" : $"{finding.Summary}; {OneLine.Of(snapshot.Message)}"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            verdict.Add(new RuleCheck("approved-behaviour", false, finding.Behaviour, "approved", $"cannot compare with {snapshots.ApprovedPath(SnapshotSuite, approved)}: {e.Message}"));
        }
        return CellResult.Judged(key, verdict) with
        {
            Reference = eagerOracle.Binding.Id,
            Behaviour = finding.ToBehaviour(),
            FirstDivergence = finding.Cases.FirstOrDefault(c => !c.Agrees) is { } differs ? $"case {differs.Case}" : null,
            Repro = verdict.Passed ? CellRepro.None : repro,
        };
    }

    /// <summary>The probe comparison a failed cell's bundle re-runs: the mode against the eager run it was compared with.</summary>
    internal static ProbeReproCase ProbeCase(CellKey key, IBindingOracle reference, IBindingOracle target) =>
        new(key.Name, key.Kind, key.Subject, key.Mode!, key.Device, reference.Binding.Id, target.Binding.Id, target.Binding.Variant?.Name);
}
