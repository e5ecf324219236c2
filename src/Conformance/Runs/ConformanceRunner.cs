using System.Diagnostics;
using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Repro;
using BindingConformance.Reports;
using BindingConformance.TimeAccounting;

namespace BindingConformance.Runs;

/// <summary>
/// The main job's front end over <see cref="CellEngine"/>: probes every binding, then for each model of the plan records
/// every cell of every model kind (<see cref="CellKinds"/>, in their order), then every cell of every probe kind over the
/// plan's probes, and writes a repro bundle for each failed cell. A failing cell never stops the run, and the report files
/// are rewritten after each cell so nothing recorded is lost (the HTML report, whose plots take longer, after each model
/// and the probe stage); the report says whether the run completed and where its time went (<see cref="TimeAccount"/>).
/// </summary>
public sealed class ConformanceRunner
{
    private readonly List<CellResult> cells = [];
    private readonly ComputeLedger ledger = new();
    private readonly OracleRegistry registry;
    private readonly RunPlan plan;
    private readonly IProgress<string> progress;
    private readonly ReportWriter writer;
    private readonly CellEngine engine;
    private readonly Stopwatch clock = new();
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;
    private IReadOnlyList<BindingAvailability> bindings = [];

    public ConformanceRunner(OracleRegistry registry, RunPlan plan, IProgress<string> progress)
    {
        // Every call into a binding is timed, so the report can tell the bindings' compute from the harness's.
        this.registry = new OracleRegistry(registry.Oracles.Select(o => (IBindingOracle)MeteredOracle.Around(o, ledger)));
        this.plan = plan;
        this.progress = progress;
        writer = new ReportWriter(plan.OutputDirectory);
        engine = new CellEngine(this.registry, plan, progress);
    }

    public async Task<RunReport> RunAsync(CancellationToken cancellationToken)
    {
        clock.Start();
        bindings = registry.Oracles.Select(o => registry.Availability(o.Binding.Id)).ToArray();
        foreach (var b in bindings)
            progress.Report(b.Available ? $"binding {b.Binding.Id} {b.Version} [{string.Join(", ", b.Devices)}]" : $"binding {b.Binding.Id} unavailable: {b.Reason}");
        // From here the report on disk is this run's, even if it is interrupted before its first cell.
        Save(complete: false);

        foreach (var model in plan.Models)
            await RunKindsAsync(SubjectAxis.Model, [model.Spec.Name], cancellationToken);
        if (plan.Probes.Count > 0) await RunKindsAsync(SubjectAxis.Probe, plan.Probes, cancellationToken);
        return Save(complete: true, milestone: true);
    }

    /// <summary>Records every cell of every kind of <paramref name="axis"/> for <paramref name="subjects"/>, then their failures' repro bundles.</summary>
    private async Task RunKindsAsync(SubjectAxis axis, IReadOnlyList<string> subjects, CancellationToken cancellationToken)
    {
        var first = cells.Count;
        await foreach (var cell in engine.RunAsync(axis, subjects, cancellationToken))
            Record(cell);
        // Once every cell of the subjects is recorded, the files and trainings a bundle needs all exist.
        var bundles = new RunBundles(engine);
        for (var i = first; i < cells.Count; i++)
        {
            if (cells[i].Outcome != CellOutcome.Failed) continue;
            cells[i] = await bundles.WriteAsync(cells[i], cancellationToken);
            Save(complete: false);
        }
        Save(complete: false, milestone: true);
    }

    private void Record(CellResult cell)
    {
        cells.Add(cell);
        var mark = cell.Outcome switch { CellOutcome.Passed => "PASS", CellOutcome.Failed => "FAIL", _ => "SKIP" };
        progress.Report($"[{cells.Count,3}] {mark} {cell.Name}{(cell.Reason is null ? "" : $": {cell.Reason}")}");
        Save(complete: false);
    }

    /// <param name="milestone">A subject's cells are all recorded: every report file is rewritten, not only those kept current after each cell.</param>
    private RunReport Save(bool complete, bool milestone = false)
    {
        var report = new RunReport(plan.Tier, startedAt, clock.Elapsed.TotalSeconds, RunEnvironment.Describe(), BindingsJson(), cells.ToArray())
        {
            Complete = complete,
            Time = TimeAccount.Of(ledger, registry.Oracles.Select(o => o.Binding.Id), clock.Elapsed.TotalSeconds),
            Shard = plan.Shard,
            OutputDirectory = plan.OutputDirectory,
        };
        writer.Write(report, milestone);
        return report;
    }

    private JsonObject[] BindingsJson() => bindings.Select(b => new JsonObject
    {
        ["id"] = b.Binding.Id,
        ["framework"] = b.Binding.Framework,
        ["language"] = b.Binding.Language,
        ["available"] = b.Available,
        ["version"] = b.Version,
        ["engine"] = b.Engine?.Name,
        ["engine_version"] = b.Engine?.Version,
        ["devices"] = new JsonArray(b.Devices.Select(d => (JsonNode)d).ToArray()),
        ["reason"] = b.Reason,
        ["absent_devices"] = new JsonObject(b.AbsentDevices.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
    }).ToArray();
}
