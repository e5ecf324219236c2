using System.Text.Json.Nodes;

namespace BindingConformance.Reports;

/// <summary>The finished (or so-far) model of a conformance run that exporters turn into files.</summary>
public sealed record RunReport(
    string Tier,
    DateTimeOffset StartedAt,
    double ElapsedSeconds,
    JsonObject Environment,
    IReadOnlyList<JsonObject> Bindings,
    IReadOnlyList<CellResult> Cells)
{
    public int Count(CellOutcome outcome) => Cells.Count(c => c.Outcome == outcome);
}
