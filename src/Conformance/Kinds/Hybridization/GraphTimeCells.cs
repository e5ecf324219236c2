using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Kinds.TimeCost;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;
using BindingConformance.Statistics;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>
/// A time kind's cells: each graph mode's times against eager's, judged together as one family (every cell of the kind in
/// the plan; <see cref="GraphSpeed.JudgeFamily"/>), so that a run of some 180 cells does not report false "slower"
/// findings at the raw α. A slower graph is a performance-regression finding in the note, never a failure.
/// </summary>
/// <param name="times">The samples a probe run gives the kind: its timed passes, or its timed training steps.</param>
/// <param name="trainingStep">The kind times training steps, which only the controls the plan trains have.</param>
public sealed class GraphTimeCells(Func<ProbeRunResult, IReadOnlyList<double>> times, bool trainingStep) : ICellExecutor
{
    public async IAsyncEnumerable<CellResult> RunAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> subjects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var cell in await FamilyAsync(kind, engine, subjects, cancellationToken))
            yield return cell;
    }

    public async Task<CellResult> RunCellAsync(CellRequest request, CellEngine engine, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var family = await FamilyAsync(key.Kind, engine, engine.Plan.Probes, cancellationToken);
        return family.FirstOrDefault(c => c.Key == key)
               ?? await UnmeasuredAsync(key, engine, HazardProbes.Get(key.Subject), engine.Registry.Get(key.Binding), cancellationToken)
               ?? CellResult.Skipped(key, $"the plan's probes ({string.Join(", ", engine.Plan.Probes)}) do not include {key.Subject}");
    }

    /// <summary>Every cell of the kind for <paramref name="probes"/>, measured, then judged as one family; computed once per engine.</summary>
    private Task<IReadOnlyList<CellResult>> FamilyAsync(CellKind kind, CellEngine engine, IReadOnlyList<string> probes, CancellationToken cancellationToken) =>
        engine.SharedAsync((kind, string.Join(",", probes)), async () =>
        {
            var cells = new List<(CellKey Key, CellResult? Unmeasured, IReadOnlyList<double> Eager, IReadOnlyList<double> Graph, string EagerFrom)>();
            foreach (var (probe, oracle, device, mode) in ProbeMatrix.Of(engine, probes))
            {
                if (mode == ExecutionMode.Eager || (trainingStep && !engine.Probes.Trains(probe))) continue;
                var key = new CellKey(kind, probe.Name, oracle.Binding.Id, device) { Mode = mode };
                var unmeasured = await UnmeasuredAsync(key, engine, probe, oracle, cancellationToken);
                var (eager, graph, eagerFrom) = unmeasured is null ? await SamplesAsync(engine, probe, oracle, mode, device, cancellationToken) : ([], [], "");
                cells.Add((key, unmeasured, eager, graph, eagerFrom));
            }
            var measured = cells.Where(c => c.Unmeasured is null).ToArray();
            var speeds = GraphSpeed.JudgeFamily([.. measured.Select(c => (c.Eager, c.Graph))], engine.Plan.Rules);
            var judged = measured.Select((c, i) => (c.Key, Cell: Measured(c.Key, speeds[i], c.Eager, c.Graph, c.EagerFrom))).ToDictionary(p => p.Key, p => p.Cell);
            return (IReadOnlyList<CellResult>)cells.Select(c => c.Unmeasured ?? judged[c.Key]).ToArray();
        });

    /// <summary>The skipped cell of <paramref name="key"/> when it has no samples to judge (why in the binding's words), else null.</summary>
    private async Task<CellResult?> UnmeasuredAsync(CellKey key, CellEngine engine, HazardProbe probe, IBindingOracle oracle, CancellationToken cancellationToken)
    {
        var (id, mode, device) = (oracle.Binding.Id, key.Mode ?? ExecutionMode.Eager, key.Device);
        if (trainingStep && !engine.Probes.Trains(probe))
            return CellResult.Skipped(key, $"{probe.Name}'s training step is not timed: the plan times the controls {string.Join(", ", engine.Plan.ProbeTrainingControls)}" +
                                           (probe.IsControl ? "" : " (a hazard probe has no parameters or labels)"));
        if (engine.Probes.WhyNot(oracle, device, mode) is { } skip) return CellResult.Skipped(key, skip);
        if (mode == ExecutionMode.Eager || CellReferences.ExpectedRun(key.Kind, engine.Registry, oracle, mode) is not var (eagerOracle, _))
            return CellResult.Skipped(key, $"{id} {mode} has no eager times to compare with");
        var eager = await engine.Probes.RunAsync(probe, eagerOracle, ExecutionMode.Eager, device, cancellationToken);
        var graph = await engine.Probes.RunAsync(probe, oracle, mode, device, cancellationToken);
        var (eagerSeconds, graphSeconds) = (eager.Result is { } e ? times(e) : [], graph.Result is { } g ? times(g) : []);
        if (eagerSeconds.Count >= 2 && graphSeconds.Count >= 2) return null;
        return CellResult.Skipped(key,
            eager.Failure(eagerOracle.Binding.Id, ExecutionMode.Eager) ?? graph.Failure(id, mode)
            ?? (graph.Result?.Incompatible is { } why ? $"{id} {mode} cannot run the probe: {why}"
                : graph.Result?.Untrainable is { } cannotTrain ? $"{id} {mode} cannot train the probe: {cannotTrain}"
                : eager.Result?.Untrainable is { } eagerCannotTrain ? $"{eagerOracle.Binding.Id} eager cannot train the probe: {eagerCannotTrain}"
                // A first case that raised is not timed; its diagnostic says why.
                : eagerSeconds.Count == 0 && eager.Result?.Diagnostics.Count > 0 ? $"{eagerOracle.Binding.Id} eager has no times: {eager.Result.Diagnostics[0]}"
                : graphSeconds.Count == 0 && graph.Result?.Diagnostics.Count > 0 ? $"{id} {mode} has no times: {graph.Result.Diagnostics[0]}"
                : $"a rank test needs at least 2 timed passes per mode, this run has {graphSeconds.Count} ({mode}) and {eagerSeconds.Count} (eager)"));
    }

    private async Task<(IReadOnlyList<double> Eager, IReadOnlyList<double> Graph, string EagerFrom)> SamplesAsync(CellEngine engine, HazardProbe probe,
        IBindingOracle oracle, string mode, string device, CancellationToken cancellationToken)
    {
        var eagerOracle = CellReferences.EagerOf(engine.Registry, oracle)!;
        var eager = await engine.Probes.RunAsync(probe, eagerOracle, ExecutionMode.Eager, device, cancellationToken);
        var graph = await engine.Probes.RunAsync(probe, oracle, mode, device, cancellationToken);
        return (times(eager.Result!), times(graph.Result!), eagerOracle.Binding.Id);
    }

    /// <summary>
    /// <paramref name="cells"/> judged again as one family, from the samples each measured cell keeps
    /// (<see cref="TimeSamples"/>): what merging shard reports does, so that Holm runs over every hypothesis of the whole
    /// run. Cells of other kinds, and cells without samples (skipped), are returned as they are.
    /// </summary>
    public static IReadOnlyList<CellResult> Rejudge(IReadOnlyList<CellResult> cells, VerdictRules rules)
    {
        var result = cells.ToArray();
        foreach (var kind in cells.Select(c => c.Kind).Distinct().Where(k => k.Executor is GraphTimeCells))
        {
            var measured = cells.Select((c, i) => (Cell: c, Index: i, Samples: c.Kind == kind && c.Speed is not null ? TimeSamples.Of(c) : null))
                .Where(m => m.Samples is not null).ToArray();
            var speeds = GraphSpeed.JudgeFamily([.. measured.Select(m => (m.Samples!.ReferenceSeconds, m.Samples.Seconds))], rules);
            for (var j = 0; j < measured.Length; j++)
            {
                var (cell, index, samples) = measured[j];
                result[index] = Measured(cell.Key, speeds[j], samples!.ReferenceSeconds, samples.Seconds, cell.Reference!) with { FromCache = cell.FromCache };
            }
        }
        return result;
    }

    private static CellResult Measured(CellKey key, GraphSpeed speed, IReadOnlyList<double> eager, IReadOnlyList<double> graph, string eagerFrom)
    {
        var metrics = speed.ToJson();
        metrics["seconds_median"] = Median.Of(graph);
        metrics["eager_seconds_median"] = Median.Of(eager);
        metrics[TimeSamples.SecondsName] = new JsonArray(graph.Select(s => (JsonNode)s).ToArray());
        metrics[TimeSamples.ReferenceSecondsName] = new JsonArray(eager.Select(s => (JsonNode)s).ToArray());
        var slower = speed.Verdict == SpeedFinding.Slower;
        if (slower) metrics["finding"] = HazardCategory.PerformanceRegression;
        return CellResult.Measured(key, new CellMetrics(metrics), slower ? $"finding: {HazardCategory.PerformanceRegression}: {speed.Summary}" : null) with
        {
            Reference = eagerFrom,
            Speed = speed.Finding,
        };
    }
}
