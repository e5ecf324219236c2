using System.Collections.Concurrent;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Reports;
using BindingConformance.Snapshots;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// The hybridization cells of a run (issue 12): every probe of the plan in every execution mode of every binding that
/// runs probes. A graph mode is held to its approved behaviour against eager in the same binding
/// (<see cref="CellKinds.Hybridization"/>), every mode of a binding other than the capturing one to the capturer's
/// matching mode (<see cref="CellKinds.HybridizationConformance"/>), and a graph mode's inference times, and on the controls its training-step
/// times, are compared with eager's (<see cref="CellKinds.HybridizationTime"/>, <see cref="CellKinds.HybridizationTrainingTime"/>). Each probe run is computed once and shared by the cells that need it; the
/// capturing binding (the default binding that traces) runs a probe in all its modes before any other binding does, so
/// its captures are on disk for the bindings that load them.
/// </summary>
public sealed class HybridizationCells(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
{
    /// <summary>The folder of approved hybridization behaviour under the snapshot directory.</summary>
    public const string SnapshotSuite = "hybridization";

    /// <summary>The folder under the run's output holding each device's probe captures.</summary>
    public const string ArtifactFolder = "probe-artifacts";

    private readonly ConcurrentDictionary<(string Probe, string Binding, string Mode, string Device), Lazy<Task<ProbeOutcome>>> runs = new();
    private readonly SnapshotStore snapshots = plan.ApprovedDirectory is { } directory ? new(directory) : SnapshotStore.Default;

    /// <summary>The binding whose captures (traced, scripted, ONNX, initial weights) the others run: the default binding that traces.</summary>
    public IBindingOracle? Capturer { get; } = registry.Oracles.FirstOrDefault(o => o.Binding.IsDefault && o.Capabilities.ExecutionModes.Contains(ExecutionMode.Traced));

    /// <summary>Records every cell of the plan's probes, one at a time, capturing binding first.</summary>
    public async Task RunAsync(Action<CellResult> record, CancellationToken cancellationToken)
    {
        if (plan.Probes.Count == 0) return;
        var probes = plan.Probes.Select(HazardProbes.Get).ToArray();
        foreach (var oracle in registry.Oracles.Where(o => o.Capabilities.ExecutionModes.Count > 0).OrderByDescending(o => o == Capturer))
        foreach (var device in plan.Devices)
        {
            if (WhyNot(oracle, device) is { } skip)
            {
                record(new CellResult(CellKinds.Hybridization, "all probes", oracle.Binding.Id, device, "all", CellOutcome.Skipped, skip, []));
                continue;
            }
            foreach (var probe in probes)
            foreach (var mode in oracle.Capabilities.ExecutionModes)
            {
                if (mode != ExecutionMode.Eager) record(await HazardCellAsync(probe, oracle, mode, device, cancellationToken));
                if (HasCounterpart(oracle, mode)) record(await ConformanceCellAsync(probe, oracle, mode, device, cancellationToken));
                if (mode != ExecutionMode.Eager) record(await TimeCellAsync(probe, oracle, mode, device, cancellationToken));
                if (mode != ExecutionMode.Eager && Trains(probe)) record(await TrainingTimeCellAsync(probe, oracle, mode, device, cancellationToken));
            }
        }
    }

    /// <summary>
    /// <paramref name="mode"/> against eager in the same binding (the capturer's eager for a binding without one): equal,
    /// or a divergence in the probe's category, or incompatible; passes when that matches the approved behaviour, and a
    /// hazard-free control must be equal too.
    /// </summary>
    public async Task<CellResult> HazardCellAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var cell = new CellResult(CellKinds.Hybridization, probe.Name, id, device, mode, CellOutcome.Failed, null, []);
        if (WhyNot(oracle, device, mode) is { } skip) return cell with { Outcome = CellOutcome.Skipped, Reason = skip };
        if (mode == ExecutionMode.Eager) return cell with { Outcome = CellOutcome.Skipped, Reason = "eager is what the graph modes are compared with" };
        var eagerOracle = EagerOf(oracle);
        if (eagerOracle is null) return cell with { Outcome = CellOutcome.Skipped, Reason = $"neither {id} nor a capturing binding runs the probe eagerly" };
        var eager = await RunAsync(probe, eagerOracle, ExecutionMode.Eager, device, cancellationToken);
        var graph = await RunAsync(probe, oracle, mode, device, cancellationToken);
        if ((eager.Failure(eagerOracle.Binding.Id, ExecutionMode.Eager) ?? graph.Failure(id, mode)) is { } failed) return cell with { Reason = failed };
        // A binding that cannot build the probe at all (a model it does not implement) has no graph to judge.
        if (eager.Result!.Incompatible is { } noEager)
            return cell with { Outcome = CellOutcome.Skipped, Reason = $"{eagerOracle.Binding.Id} cannot run the probe eagerly: {noEager}" };

        var finding = HybridizationFinding.Classify(probe, mode, eager.Result, graph.Result!, plan.Rules);
        var verdict = new CellVerdict(finding.ToJson());
        verdict.Metrics["category"] = probe.Category;
        verdict.Metrics["finding"] = finding.Summary;
        verdict.Metrics["eager_from"] = eagerOracle.Binding.Id;
        if (probe.IsControl)
            verdict.Add(new RuleCheck("control-equal", !finding.Diverged, finding.Behaviour, HybridizationFinding.Equal,
                $"a hazard-free control must compute what eager computes: {finding.Summary}"));
        var name = SnapshotName(probe.Name, id, mode);
        try
        {
            var snapshot = snapshots.Verify(SnapshotSuite, name, HybridizationRecord.Of(finding, registry.Availability(id).Version ?? "unknown"));
            verdict.Add(new RuleCheck("approved-behaviour", snapshot.Matched, finding.Behaviour, "approved",
                snapshot.Matched ? "the mode behaves as approved" : $"{finding.Summary}; {OneLine(snapshot.Message)}"));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            verdict.Add(new RuleCheck("approved-behaviour", false, finding.Behaviour, "approved", $"cannot compare with {snapshots.ApprovedPath(SnapshotSuite, name)}: {e.Message}"));
        }
        return verdict.ToCell(cell);
    }

    /// <summary>
    /// <paramref name="mode"/> of a binding against the capturer's matching mode (<see cref="ExecutionMode.ReferenceMode"/>):
    /// pass or fail. A mode without a counterpart (onnx, layers) is skipped.
    /// </summary>
    public async Task<CellResult> ConformanceCellAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var cell = new CellResult(CellKinds.HybridizationConformance, probe.Name, id, device, mode, CellOutcome.Failed, null, []);
        if (WhyNot(oracle, device, mode) is { } skip) return cell with { Outcome = CellOutcome.Skipped, Reason = skip };
        if (!HasCounterpart(oracle, mode))
            return cell with { Outcome = CellOutcome.Skipped, Reason = $"no other binding runs the probe in {mode} mode to compare {id} with; its behaviour against eager is a {CellKinds.Hybridization} cell" };
        var reference = Capturer!;
        var referenceMode = ExecutionMode.ReferenceMode(mode);
        var expected = await RunAsync(probe, reference, referenceMode, device, cancellationToken);
        var actual = await RunAsync(probe, oracle, mode, device, cancellationToken);
        if ((expected.Failure(reference.Binding.Id, referenceMode) ?? actual.Failure(id, mode)) is { } failed) return cell with { Reason = failed };
        // A mode that cannot run the probe computes nothing to compare; the incompatibility is a finding its hybridization cell holds to the approved one.
        if (actual.Result!.Incompatible is { } why && expected.Result!.Incompatible is null)
            return cell with { Outcome = CellOutcome.Skipped, Reason = $"{id} {mode} cannot run the probe ({why}); its {CellKinds.Hybridization} cell holds that to the approved behaviour" };
        var verdict = ProbeConformanceVerdict.Judge(probe, $"{reference.Binding.Id} {referenceMode}", expected.Result!, $"{id} {mode}", actual.Result!, plan.Rules);
        verdict.Metrics["reference_mode"] = referenceMode;
        return verdict.ToCell(cell);
    }

    /// <summary>A graph mode's inference times against eager's (<see cref="GraphSpeed"/>); slower is a performance-regression finding in the reason, never a failure.</summary>
    public Task<CellResult> TimeCellAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken) =>
        SpeedCellAsync(CellKinds.HybridizationTime, probe, oracle, mode, device, r => r.PassSeconds, cancellationToken);

    /// <summary>
    /// A graph mode's training-step times against eager's on a control (<see cref="ProbeRunRequest.TrainingPasses"/>),
    /// judged as <see cref="TimeCellAsync"/>; a mode that cannot train is skipped with the binding's reason.
    /// </summary>
    public Task<CellResult> TrainingTimeCellAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken) =>
        Trains(probe)
            ? SpeedCellAsync(CellKinds.HybridizationTrainingTime, probe, oracle, mode, device, r => r.TrainingPassSeconds, cancellationToken)
            : Task.FromResult(new CellResult(CellKinds.HybridizationTrainingTime, probe.Name, oracle.Binding.Id, device, mode, CellOutcome.Skipped,
                $"{probe.Name}'s training step is not timed: the plan times the controls {string.Join(", ", plan.ProbeTrainingControls)}" +
                (probe.IsControl ? "" : " (a hazard probe has no parameters or labels)"), []));

    private bool Trains(HazardProbe probe) => probe.IsControl && plan.ProbeTrainingPasses > 0 && plan.ProbeTrainingControls.Contains(probe.Name);

    private async Task<CellResult> SpeedCellAsync(string kind, HazardProbe probe, IBindingOracle oracle, string mode, string device,
        Func<ProbeRunResult, IReadOnlyList<double>> times, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var cell = new CellResult(kind, probe.Name, id, device, mode, CellOutcome.Skipped, null, []);
        if (WhyNot(oracle, device, mode) is { } skip) return cell with { Reason = skip };
        if (mode == ExecutionMode.Eager || EagerOf(oracle) is not { } eagerOracle) return cell with { Reason = $"{id} {mode} has no eager times to compare with" };
        var eager = await RunAsync(probe, eagerOracle, ExecutionMode.Eager, device, cancellationToken);
        var graph = await RunAsync(probe, oracle, mode, device, cancellationToken);
        var (eagerSeconds, graphSeconds) = (eager.Result is { } e ? times(e) : [], graph.Result is { } g ? times(g) : []);
        if (eagerSeconds.Count < 2 || graphSeconds.Count < 2)
            return cell with
            {
                Reason = eager.Failure(eagerOracle.Binding.Id, ExecutionMode.Eager) ?? graph.Failure(id, mode)
                         ?? (graph.Result?.Incompatible is { } why ? $"{id} {mode} cannot run the probe: {why}"
                             : graph.Result?.Untrainable is { } cannotTrain ? $"{id} {mode} cannot train the probe: {cannotTrain}"
                             : eager.Result?.Untrainable is { } eagerCannotTrain ? $"{eagerOracle.Binding.Id} eager cannot train the probe: {eagerCannotTrain}"
                             // A first case that raised is not timed; its diagnostic says why.
                             : eagerSeconds.Count == 0 && eager.Result?.Diagnostics.Count > 0 ? $"{eagerOracle.Binding.Id} eager has no times: {eager.Result.Diagnostics[0]}"
                             : graphSeconds.Count == 0 && graph.Result?.Diagnostics.Count > 0 ? $"{id} {mode} has no times: {graph.Result.Diagnostics[0]}"
                             : $"a rank test needs at least 2 timed passes per mode, this run has {graphSeconds.Count} ({mode}) and {eagerSeconds.Count} (eager)"),
            };
        var speed = GraphSpeed.Judge(eagerSeconds, graphSeconds, plan.Rules);
        var metrics = speed.ToJson();
        metrics["eager_from"] = eagerOracle.Binding.Id;
        metrics["seconds_median"] = Statistics.Median.Of(graphSeconds);
        metrics["eager_seconds_median"] = Statistics.Median.Of(eagerSeconds);
        if (speed.Verdict == GraphSpeed.Slower) metrics["finding"] = HazardCategory.PerformanceRegression;
        return cell with
        {
            Outcome = CellOutcome.Passed,
            Reason = speed.Verdict == GraphSpeed.Slower ? $"finding: {HazardCategory.PerformanceRegression}: {speed.Summary}" : null,
            Metrics = metrics,
        };
    }

    /// <summary>
    /// What <paramref name="oracle"/> computed for <paramref name="probe"/> in <paramref name="mode"/> (the run the cells
    /// judged, computed once); null when the binding failed to answer. A repro bundle's expected and actual outputs.
    /// </summary>
    public async Task<ProbeRunResult?> ResultAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken) =>
        (await RunAsync(probe, oracle, mode, device, cancellationToken)).Result;

    /// <summary>The binding whose eager run a <see cref="CellKinds.Hybridization"/> cell of <paramref name="oracle"/> compares with.</summary>
    public IBindingOracle? EagerOf(IBindingOracle oracle) =>
        oracle.Capabilities.ExecutionModes.Contains(ExecutionMode.Eager) ? oracle : Capturer;

    /// <summary>
    /// The approved file's name: <c>probe=tensor-branch_binding=torchsharp_mode=traced</c>. A hazard is semantic, so one
    /// approved behaviour holds on every device; a device that behaves otherwise fails its cell.
    /// </summary>
    public static string SnapshotName(string probe, string binding, string mode) => $"probe={probe}_binding={binding}_mode={mode}";

    private string? WhyNot(IBindingOracle oracle, string device, string? mode = null)
    {
        var id = oracle.Binding.Id;
        if (mode is not null && !oracle.Capabilities.ExecutionModes.Contains(mode))
            return $"{id} runs no hazard probes in {mode} mode (modes: {(oracle.Capabilities.ExecutionModes.Count == 0 ? "none" : string.Join(", ", oracle.Capabilities.ExecutionModes))})";
        if (registry.Availability(id).WhyNot(device) is { } absent) return absent;
        if (oracle == Capturer) return null;
        return Capturer is null
            ? $"{id} runs other bindings' captures, and no default binding here traces the probes"
            : registry.Availability(Capturer.Binding.Id).WhyNot(device) is { } noCaptures
                ? $"{id} runs {Capturer.Binding.Id}'s captures, which cannot be made here: {noCaptures}"
                : null;
    }

    /// <summary>
    /// Whether the capturer, the reference of its framework's bindings, runs the mode <paramref name="mode"/> must
    /// reproduce; another framework's binding (TensorFlow.js) has its own semantics (no in-place ops). ONNX Runtime runs a functional graph
    /// exported from the trace (no in-place update of the caller's input, no Python counter) and TensorFlow.js a layers
    /// model: no other binding runs those, so they are held to their approved behaviour against eager only.
    /// </summary>
    private bool HasCounterpart(IBindingOracle oracle, string mode) =>
        Capturer is { } capturer && capturer != oracle && capturer.Binding.Framework == oracle.Binding.Framework && mode != ExecutionMode.Onnx
        && capturer.Capabilities.ExecutionModes.Contains(ExecutionMode.ReferenceMode(mode));

    /// <summary>One probe in one mode of one binding, computed once; a binding other than the capturer waits for the capturer's runs of the probe.</summary>
    private Task<ProbeOutcome> RunAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken) =>
        runs.GetOrAdd((probe.Name, oracle.Binding.Id, mode, device), _ => new(() => RunOnceAsync(probe, oracle, mode, device, cancellationToken))).Value;

    private async Task<ProbeOutcome> RunOnceAsync(HazardProbe probe, IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken)
    {
        if (Capturer is { } capturer && oracle != capturer)
            foreach (var captureMode in capturer.Capabilities.ExecutionModes)
                await RunAsync(probe, capturer, captureMode, device, cancellationToken);
        var artifacts = Path.Combine(plan.OutputDirectory, ArtifactFolder, device);
        try
        {
            progress.Report($"{CellKinds.Hybridization} {probe.Name}: {oracle.Binding.Id} ({mode}, {device})");
            Directory.CreateDirectory(artifacts);
            var request = new ProbeRunRequest(probe, mode, device, artifacts, plan.ProbeTimedPasses)
            {
                TimeLimit = plan.CellTimeout,
                TrainingPasses = Trains(probe) ? plan.ProbeTrainingPasses : 0,
            };
            return new ProbeOutcome(await oracle.RunProbeAsync(request, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ProbeOutcome(null, e.Message);
        }
    }

    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A probe run's result, or the error that stopped the binding from answering (a crash, not an incompatibility).</summary>
    private sealed record ProbeOutcome(ProbeRunResult? Result, string? Error)
    {
        public string? Failure(string binding, string mode) => Error is null ? null : $"{binding} failed to run the probe in {mode} mode: {Error}";
    }
}
