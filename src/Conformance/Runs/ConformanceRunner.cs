using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Reports;

namespace BindingConformance.Runs;

/// <summary>
/// The main job: trains every available binding × model of the plan, compares training and inference times
/// with each framework's default binding (<see cref="TimeCost"/>), evaluates each saved model on the
/// binding's alternate inference backends, cross-loads every saved model into every binding that can load
/// it, and records one cell per coordinate. A failing cell never stops the
/// run, and the report files are rewritten after each cell so nothing recorded is lost.
/// </summary>
public sealed class ConformanceRunner(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
{
    private readonly List<CellResult> cells = [];
    private readonly ReportWriter writer = new(plan.OutputDirectory);
    private readonly Stopwatch clock = new();
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private IReadOnlyList<BindingAvailability> bindings = [];

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        clock.Start();
        bindings = registry.Oracles.Select(o => registry.Availability(o.Binding.Id)).ToArray();
        foreach (var b in bindings)
            progress.Report(b.Available ? $"binding {b.Binding.Id} {b.Version} [{string.Join(", ", b.Devices)}]" : $"binding {b.Binding.Id} unavailable: {b.Reason}");

        foreach (var model in plan.Models)
        {
            var trained = await TrainEveryBindingAsync(model, cancellationToken);
            RecordTimeCost(model, TimeCostKind.Training,
                trained.Select(t => new TimedBinding(t.Oracle.Binding, t.Device, t.Runs.Select(r => r.TrainingSeconds).ToArray())));
            await CrossLoadAsync(model, trained, cancellationToken);
        }
        return Save();
    }

    private async Task<IReadOnlyList<TrainedModel>> TrainEveryBindingAsync(PlannedModel model, CancellationToken cancellationToken)
    {
        var trained = new List<TrainedModel>();
        // References first, so that every other binding can be compared with them.
        foreach (var oracle in registry.Oracles.OrderByDescending(o => o.Binding.IsDefault))
        {
            foreach (var device in plan.Devices)
            {
                var skip = registry.Availability(oracle.Binding.Id).WhyNot(device)
                           ?? oracle.Capabilities.WhyCannotTrain(oracle.Binding.Id, model.Spec.Name)
                           ?? model.TrainingSkips.GetValueOrDefault(oracle.Binding.Id);
                if (skip is not null)
                {
                    Record(new CellResult("training", model.Spec.Name, oracle.Binding.Id, device, "eager", CellOutcome.Skipped, skip, []));
                    continue;
                }
                var result = await TrainAsync(oracle, model, device, trained, cancellationToken);
                if (result is not null) trained.Add(result);
            }
        }
        return trained;
    }

    private async Task<TrainedModel?> TrainAsync(IBindingOracle oracle, PlannedModel model, string device,
        IReadOnlyList<TrainedModel> earlier, CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var runs = new List<TrainResult>();
        EventHandler<string> relay = (_, message) => progress.Report($"  {id}: {message}");
        if (oracle is IReportsProgress reporting) reporting.Progress += relay;
        try
        {
            var seeds = model.SeedsFor(id);
            foreach (var seed in seeds)
            {
                progress.Report($"training {model.Spec.Name} on {id} ({device}), seed {seed}, {model.Settings.Epochs} epochs × {model.Data.TrainCount} examples");
                var exports = seed == seeds[0]
                    ? oracle.Capabilities.SaveFormats.Select(f => new ModelExport(f, ModelPath(model, id, device, f))).ToArray()
                    : [];
                foreach (var export in exports) Directory.CreateDirectory(Path.GetDirectoryName(export.Path)!);
                var order = BatchOrder.Create(seed, model.Data.TrainCount, model.Settings.Epochs);
                var request = new TrainRequest(model.Spec, model.Data, seed, model.Settings, device, order, exports) { TimeLimit = plan.CellTimeout };
                var run = await oracle.TrainAsync(request, cancellationToken);
                progress.Report($"  {id}: final test accuracy {run.FinalTestAccuracy:F4}, {run.TrainingSeconds:F1} s");
                runs.Add(run);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Record(new CellResult("training", model.Spec.Name, id, device, "eager", CellOutcome.Failed, $"training failed: {e.Message}",
                new JsonObject { ["completed_seeds"] = runs.Count }));
            return null;
        }
        finally
        {
            if (oracle is IReportsProgress subscribed) subscribed.Progress -= relay;
        }

        // The framework's default binding; where it cannot run (TensorFlow's Python), another framework's default.
        var reference = earlier
            .Where(t => t.Device == device && t.Oracle.Binding.IsDefault && t.Oracle != oracle)
            .OrderByDescending(t => t.Oracle.Binding.Framework == oracle.Binding.Framework)
            .FirstOrDefault();
        var verdict = new TrainingVerdict(oracle.Binding.Framework, runs, reference, model.MinimumTestAccuracy, plan);
        Record(new CellResult("training", model.Spec.Name, id, device, "eager",
            verdict.Failures.Count == 0 ? CellOutcome.Passed : CellOutcome.Failed,
            verdict.Failures.Count == 0 ? null : string.Join("; ", verdict.Failures), verdict.Metrics));
        return new TrainedModel(oracle, device, runs);
    }

    private void RecordTimeCost(PlannedModel model, TimeCostKind kind, IEnumerable<TimedBinding> timed)
    {
        var defaults = registry.Oracles.Where(o => o.Binding.IsDefault)
            .GroupBy(o => o.Binding.Framework).ToDictionary(g => g.Key, g => g.First().Binding);
        // The binding's last unsuccessful cell of this model and device says why it has no times.
        string WhyUntimed(string bindingId, string device) =>
            cells.LastOrDefault(c => c.Model == model.Spec.Name && c.Binding == bindingId && c.Device == device && c.Outcome != CellOutcome.Passed)?.Reason
            ?? $"{bindingId} did not run {model.Spec.Name}";
        foreach (var cell in TimeCost.Compare(model.Spec.Name, kind, timed.ToArray(), defaults, WhyUntimed, plan.Alpha)) Record(cell);
    }

    private async Task CrossLoadAsync(PlannedModel model, IReadOnlyList<TrainedModel> trained, CancellationToken cancellationToken)
    {
        var owns = new List<(TrainedModel Source, ModelExport Export, EvaluateResult Result)>();
        foreach (var source in trained)
            if (await EvaluateOwnAsync(model, source, cancellationToken) is var (export, result))
                owns.Add((source, export, result));
        RecordTimeCost(model, TimeCostKind.Inference, owns.Select(o => new TimedBinding(o.Source.Oracle.Binding, o.Source.Device, o.Result.PassSeconds)));

        foreach (var (source, ownExport, own) in owns)
        {
            foreach (var backend in source.Oracle.Capabilities.AlternateBackends)
                await BackendCellAsync(model, source, ownExport, own, backend, cancellationToken);
            foreach (var export in source.Exports)
            foreach (var target in registry.Oracles)
            {
                // Only cells a binding declares it can load exist; skips are for absent bindings and devices.
                if (target.Capabilities.WhyCannotLoad(target.Binding.Id, export.Format) is not null) continue;
                // Weights moved through the neutral format into another framework must also keep their logits.
                var crossFramework = export.Format == ModelFormat.Safetensors && target.Binding.Framework != source.Oracle.Binding.Framework;
                var availability = registry.Availability(target.Binding.Id);
                var devices = availability.Available ? availability.Devices.Union(plan.Devices) : plan.Devices;
                foreach (var device in devices)
                    await CrossLoadCellAsync(model, source, own, export, target, device, crossFramework, cancellationToken);
            }
        }
    }

    /// <summary>The file in its own format, evaluated by the binding that trained it: what every other cell is compared with.</summary>
    private async Task<(ModelExport Export, EvaluateResult Result)?> EvaluateOwnAsync(PlannedModel model, TrainedModel source, CancellationToken cancellationToken)
    {
        var id = source.Oracle.Binding.Id;
        var export = source.Exports.FirstOrDefault(e => source.Oracle.Capabilities.LoadFormats.Contains(e.Format));
        if (export is null)
        {
            Record(new CellResult("cross-load", model.Spec.Name, id, source.Device, "own", CellOutcome.Failed,
                $"{id} saved no file in a format it can load itself, so cross-loaded predictions have nothing to be compared with", []));
            return null;
        }
        try
        {
            progress.Report($"evaluating {model.Spec.Name} from {id} in its own binding ({export.Format.WireName()})");
            return (export, await source.Oracle.EvaluateAsync(new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, source.Device) { TimeLimit = plan.CellTimeout }, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Record(new CellResult("cross-load", model.Spec.Name, id, source.Device, "own", CellOutcome.Failed,
                $"{id} cannot evaluate its own {export.Format.WireName()} file {export.Path}: {e.Message}", []));
            return null;
        }
    }

    private async Task CrossLoadCellAsync(PlannedModel model, TrainedModel source, EvaluateResult own, ModelExport export,
        IBindingOracle target, string device, bool crossFramework, CancellationToken cancellationToken)
    {
        var suite = crossFramework ? "weight-transfer" : "cross-load";
        var binding = $"{source.Oracle.Binding.Id}→{target.Binding.Id}";
        var mode = export.Format.WireName();
        var skip = registry.Availability(target.Binding.Id).WhyNot(device);
        if (skip is not null)
        {
            Record(new CellResult(suite, model.Spec.Name, binding, device, mode, CellOutcome.Skipped, skip, []));
            return;
        }
        await CompareCellAsync(new CellResult(suite, model.Spec.Name, binding, device, mode, CellOutcome.Failed, null, []),
            target, new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, device) { TimeLimit = plan.CellTimeout }, source, own,
            crossFramework, crossFramework ? plan.LogitTolerance : null, cancellationToken);
    }

    /// <summary>
    /// A within-binding check: the binding's own file on one of its alternate inference backends (TensorFlow.js
    /// wasm) must give the default backend's predictions, with logits as close as across frameworks.
    /// </summary>
    private Task BackendCellAsync(PlannedModel model, TrainedModel source, ModelExport export, EvaluateResult own, string backend,
        CancellationToken cancellationToken) =>
        CompareCellAsync(new CellResult("backend", model.Spec.Name, source.Oracle.Binding.Id, source.Device, backend, CellOutcome.Failed, null, []),
            source.Oracle, new EvaluateRequest(model.Spec, model.Data, export.Format, export.Path, source.Device, Backend: backend) { TimeLimit = plan.CellTimeout },
            source, own, crossFramework: false, plan.LogitTolerance, cancellationToken);

    /// <summary>
    /// Runs <paramref name="request"/> on <paramref name="target"/> and records the cell at <paramref name="coordinates"/>
    /// (whose outcome, reason and metrics are set here) with the <see cref="CrossLoadVerdict"/> against <paramref name="own"/>.
    /// </summary>
    private async Task CompareCellAsync(CellResult coordinates, IBindingOracle target, EvaluateRequest request, TrainedModel source,
        EvaluateResult own, bool crossFramework, double? logitTolerance, CancellationToken cancellationToken)
    {
        try
        {
            progress.Report($"{coordinates.Suite} {coordinates.Model}: {coordinates.Binding} ({coordinates.Mode}, {coordinates.Device})");
            var result = await target.EvaluateAsync(request, cancellationToken);
            var verdict = new CrossLoadVerdict(own, result, logitTolerance);
            var metrics = verdict.Metrics;
            metrics["source"] = source.Oracle.Binding.Id;
            metrics["source_device"] = source.Device;
            metrics["file"] = request.Path;
            metrics["cross_framework"] = crossFramework;
            Record(coordinates with
            {
                Outcome = verdict.Failures.Count == 0 ? CellOutcome.Passed : CellOutcome.Failed,
                Reason = verdict.Failures.Count == 0 ? null : string.Join("; ", verdict.Failures),
                Metrics = metrics,
            });
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var on = request.Backend is null ? "" : $" on its {request.Backend} backend";
            Record(coordinates with { Reason = $"{target.Binding.Id} failed to load {request.Path}{on}: {e.Message}", Metrics = new JsonObject { ["file"] = request.Path } });
        }
    }

    private string ModelPath(PlannedModel model, string binding, string device, ModelFormat format) =>
        Path.GetFullPath(Path.Combine(plan.OutputDirectory, "models", model.Spec.Name, $"{binding}-{device}", ModelFileNames.For(format)));

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
