using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Shards;
using BindingConformance.TimeAccounting;

namespace BindingConformance.Reports;

/// <summary>The finished (or so-far) model of a conformance run that exporters turn into files (report.json: docs/report.schema.json).</summary>
public sealed record RunReport(
    string Tier,
    DateTimeOffset StartedAt,
    double ElapsedSeconds,
    JsonObject Environment,
    IReadOnlyList<JsonObject> Bindings,
    IReadOnlyList<CellResult> Cells)
{
    /// <summary>The run finished every cell of its plan; false while it runs and when it was interrupted.</summary>
    public bool Complete { get; init; }

    /// <summary>Where the run's wall time went: each binding's own compute and the harness's share; null in reports of older releases.</summary>
    public TimeAccount? Time { get; init; }

    /// <summary>The shard of a larger plan the run was (<c>--shard i/n</c>); null for a whole plan.</summary>
    public RunShard? Shard { get; init; }

    /// <summary>The folder the run wrote (models, repro bundles), as it was named when the run wrote it; null when unknown.</summary>
    public string? OutputDirectory { get; init; }

    public int Count(CellOutcome outcome) => Cells.Count(c => c.Outcome == outcome);
}
