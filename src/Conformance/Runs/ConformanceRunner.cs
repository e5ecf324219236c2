using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Repro;
using BindingConformance.Reports;

namespace BindingConformance.Runs;

/// <summary>
/// The main job's front end over <see cref="CellEngine"/>: probes every binding, then for each model of the plan
/// records its training cells (references first), training time cost, own-file cells, inference time cost,
/// backend cells and every cross-load and weight-transfer cell; then the hybridization cells of the plan's probes. A failing cell never stops the run, and the report
/// files are rewritten after each cell so nothing recorded is lost.
/// </summary>
public sealed class ConformanceRunner(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
{
    private readonly List<CellResult> cells = [];
    private readonly ReportWriter writer = new(plan.OutputDirectory);
    private readonly CellEngine engine = new(registry, plan, progress);
    private readonly RunBundles bundles = new(registry, plan, progress);
    private readonly HybridizationCells hybridization = new(registry, plan, progress);
    private readonly Stopwatch clock = new();
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private IReadOnlyList<BindingAvailability> bindings = [];

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        clock.Start();
        bindings = registry.Oracles.Select(o => registry.Availability(o.Binding.Id)).ToArray();
        foreach (var b in bindings)
            progress.Report(b.Available ? $"binding {b.Binding.Id} {b.Version} [{string.Join(", ", b.Devices)}]" : $"binding {b.Binding.Id} unavailable: {b.Reason}");
        // From here the report on disk is this run's, even if it is interrupted before its first cell.
        Save();

        foreach (var model in plan.Models)
        {
            // References first, so that every other binding is compared with runs that exist.
            var order = registry.Oracles.OrderByDescending(o => o.Binding.IsDefault).ToArray();
            var trained = new List<TrainedModel>();
            foreach (var oracle in order)
            foreach (var device in plan.Devices)
            {
                var training = await engine.TrainingAsync(model, oracle, device, cancellationToken);
                Record(training.Cell);
                if (training.Trained is not null) trained.Add(training.Trained);
            }
            RecordAll(await engine.TimeCostCellsAsync(model, TimeCostKind.Training, cancellationToken));
            foreach (var source in trained)
                if (await engine.OwnCellAsync(model, source.Oracle, source.Device, cancellationToken) is { } own) Record(own);
            RecordAll(await engine.TimeCostCellsAsync(model, TimeCostKind.Inference, cancellationToken));
            foreach (var source in trained)
                await LoadEverywhereAsync(model, source, cancellationToken);
            await WriteBundlesAsync(model, cancellationToken);
        }
        await hybridization.RunAsync(Record, cancellationToken);
        foreach (var cell in cells.Where(c => ProbeReproCase.Covers(c) && c.Outcome == CellOutcome.Failed).ToArray())
            await bundles.WriteProbeAsync(cell, hybridization, cancellationToken);
        return Save();
    }

    private async Task LoadEverywhereAsync(PlannedModel model, TrainedModel source, CancellationToken cancellationToken)
    {
        foreach (var backend in source.Oracle.Capabilities.AlternateBackends)
            if (await engine.BackendCellAsync(model, source.Oracle, source.Device, backend, cancellationToken) is { } cell) Record(cell);
        foreach (var export in source.Exports)
        foreach (var target in registry.Oracles)
        {
            // Only cells a binding declares it can load exist; skips are for absent bindings and devices.
            if (target.Capabilities.WhyCannotLoad(target.Binding.Id, export.Format) is not null) continue;
            var availability = registry.Availability(target.Binding.Id);
            var devices = availability.Available ? availability.Devices.Union(plan.Devices) : plan.Devices;
            foreach (var device in devices)
                Record(await engine.LoadCellAsync(model, source.Oracle, source.Device, export, target, device, cancellationToken));
        }
    }

    /// <summary>A repro bundle for each failed cell of <paramref name="model"/>, once its cells are all recorded (so files and trainings exist).</summary>
    private async Task WriteBundlesAsync(PlannedModel model, CancellationToken cancellationToken)
    {
        foreach (var cell in cells.Where(c => c.Model == model.Spec.Name && c.Outcome == CellOutcome.Failed && c.Metrics[RunBundles.Metric] is null).ToArray())
            await bundles.WriteAsync(model, cell, engine, cancellationToken);
        Save();
    }

    private void RecordAll(IEnumerable<CellResult> results)
    {
        foreach (var cell in results) Record(cell);
    }

    private void Record(CellResult cell)
    {
        cells.Add(cell);
        var mark = cell.Outcome switch { CellOutcome.Passed => "PASS", CellOutcome.Failed => "FAIL", _ => "SKIP" };
        progress.Report($"[{cells.Count,3}] {mark} {cell.Name}{(cell.Reason is null ? "" : $": {cell.Reason}")}");
        Save();
    }

    private RunReport Save()
    {
        var report = new RunReport(plan.Tier, startedAt, clock.Elapsed.TotalSeconds, RunEnvironment.Describe(), BindingsJson(), cells.ToArray());
        writer.Write(report);
        return report;
    }

    private JsonObject[] BindingsJson() => bindings.Select(b => new JsonObject
    {
        ["id"] = b.Binding.Id,
        ["framework"] = b.Binding.Framework,
        ["language"] = b.Binding.Language,
        ["available"] = b.Available,
        ["version"] = b.Version,
        ["devices"] = new JsonArray(b.Devices.Select(d => (JsonNode)d).ToArray()),
        ["reason"] = b.Reason,
        ["absent_devices"] = new JsonObject(b.AbsentDevices.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
    }).ToArray();
}
