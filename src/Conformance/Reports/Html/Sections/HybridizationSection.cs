using System.Text.Json.Nodes;
using BindingConformance.Cells;

namespace BindingConformance.Reports.Html.Sections;

/// <summary>The hybridization findings (<see cref="HybridizationSummary"/>): per binding and graph mode, which probes it gets wrong, and every probe's row.</summary>
public sealed class HybridizationSection : IHtmlSection
{
    public string Id => "hybridization";

    public string Title => "Hybridization findings";

    public Markup? Render(RunReport report, Plots.SvgPlotter plots)
    {
        var summary = HybridizationSummary.Of(report.Cells);
        if (summary.Rows.Count == 0) return null;
        var findings = HtmlTable.Of(["binding", "mode", "silently wrong (no diagnostics)", "wrong with a warning", "incompatible", "slower than eager"],
            summary.Findings().Select(f => (IReadOnlyList<Markup>)
            [
                Markup.Text(f["binding"]?.ToString()), Markup.Text(f["mode"]?.ToString()),
                List(f["silently_wrong"]), List(f["wrong_with_warning"]), List(f["incompatible"]), List(f["slower"]),
            ]));
        var rows = HtmlTable.Of(["probe", "binding", "device", "mode", "against eager", "conforms to reference", "graph/eager time", "graph/eager training time"],
            summary.Rows.Select(r => (IReadOnlyList<Markup>)
            [
                Markup.Text(r.Probe), Markup.Text(r.Binding), Markup.Text(r.Device), Markup.Text(r.Mode),
                Markup.Text($"{r.Behaviour}{(r.Silent ? " (silent)" : "")}"),
                r.Conformance is null ? Markup.Text("-") : HtmlTable.Outcome(r.Conformance.Outcome, r.Conformance.Reason),
                Markup.Text(Speed(r.Ratio, r.Speed)), Markup.Text(Speed(r.TrainingRatio, r.TrainingSpeed)),
            ]));
        return findings + Markup.Element("details", Markup.Element("summary", $"every probe in every mode ({summary.Rows.Count} rows)") + rows);
    }

    private static Markup List(JsonNode? names) =>
        Markup.Text(names is JsonArray { Count: > 0 } array ? string.Join(", ", array.Select(n => n?.ToString())) : "-");

    private static string Speed(double? ratio, string? verdict) => ratio is { } r ? $"{r:0.00}× ({verdict})" : "-";
}
