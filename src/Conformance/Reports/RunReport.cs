using System.Text.Json.Nodes;
using BindingConformance.Cells;

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

    public int Count(CellOutcome outcome) => Cells.Count(c => c.Outcome == outcome);
}
