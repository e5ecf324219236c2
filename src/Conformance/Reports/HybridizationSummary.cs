using System.Text;
using System.Text.Json.Nodes;
using BindingConformance.Cells;
using BindingConformance.Kinds.Hybridization;

namespace BindingConformance.Reports;

/// <summary>
/// The report's hybridization section, from the hybridization cells of a run: probe × binding × mode → equal, the
/// hazard category of a divergence, or incompatible, with the conformance verdict and the graph/eager time ratio; and
/// the findings per binding and mode (which hazards the mode gets wrong silently, which with a warning).
/// </summary>
public sealed class HybridizationSummary
{
    private HybridizationSummary(IReadOnlyList<Row> rows) => Rows = rows;

    /// <summary>One probe in one mode of one binding.</summary>
    public sealed record Row(string Probe, string Binding, string Device, string Mode, CellResult? Hazard, CellResult? Conformance, CellResult? Time,
        CellResult? TrainingTime)
    {
        public string Behaviour => Hazard?.Behaviour?.Behaviour ?? (Hazard?.Outcome == CellOutcome.Failed ? "failed" : "-");
        public bool Silent => Hazard?.Behaviour?.Silent == true;
        public bool Diverged => Hazard?.Behaviour?.Diverged == true;
        public string? Speed => Time?.Speed?.Verdict;
        public double? Ratio => Time?.Speed?.Ratio;
        public string? TrainingSpeed => TrainingTime?.Speed?.Verdict;
        public double? TrainingRatio => TrainingTime?.Speed?.Ratio;
    }

    public IReadOnlyList<Row> Rows { get; }

    public static HybridizationSummary Of(IEnumerable<CellResult> cells)
    {
        var probeCells = cells.Where(c => c.Kind.Subject == SubjectAxis.Probe && c.Outcome != CellOutcome.Skipped).ToArray();
        var rows = probeCells.GroupBy(c => (c.Key.Subject, c.Key.Binding, c.Key.Device, Mode: c.Key.Mode ?? ExecutionMode.Eager))
            .Select(g => new Row(g.Key.Subject, g.Key.Binding, g.Key.Device, g.Key.Mode,
                g.FirstOrDefault(c => c.Kind == HazardKind.Instance), g.FirstOrDefault(c => c.Kind == ProbeConformanceKind.Instance),
                g.FirstOrDefault(c => c.Kind == GraphTimeKind.Instance), g.FirstOrDefault(c => c.Kind == GraphTrainingTimeKind.Instance))).ToArray();
        return new HybridizationSummary(rows);
    }

    public void AppendMarkdown(StringBuilder md)
    {
        if (Rows.Count == 0) return;
        md.AppendLine();
        md.AppendLine("## Hybridization");
        md.AppendLine();
        md.AppendLine("Each probe in each execution mode against eager in the same binding (equal, the hazard category of a divergence, or " +
                      "incompatible), against the capturing binding's matching mode, and graph/eager median time of an inference pass and, on the controls, of a training step (docs/hybridization.md).");
        md.AppendLine();
        md.AppendLine("| probe | binding | device | mode | against eager | conforms to reference | graph/eager time | graph/eager training time |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
            md.AppendLine($"| {E(r.Probe)} | {E(r.Binding)} | {E(r.Device)} | {E(r.Mode)} | {E(r.Behaviour)}{(r.Silent ? " (silent)" : "")} | " +
                          $"{(r.Conformance is null ? "-" : r.Conformance.Outcome == CellOutcome.Passed ? "yes" : "**no**")} | " +
                          $"{Speed(r.Ratio, r.Speed)} | {Speed(r.TrainingRatio, r.TrainingSpeed)} |");

        md.AppendLine();
        md.AppendLine("### Hybridization findings");
        md.AppendLine();
        md.AppendLine("| binding | mode | silently wrong (no diagnostics) | wrong with a warning | incompatible | slower than eager |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var f in Findings())
            md.AppendLine($"| {E(f["binding"]!.ToString())} | {E(f["mode"]!.ToString())} | {List(f["silently_wrong"])} | {List(f["wrong_with_warning"])} | " +
                          $"{List(f["incompatible"])} | {List(f["slower"])} |");
    }

    /// <summary>Per binding and graph mode, the probes in each finding class.</summary>
    public IReadOnlyList<JsonObject> Findings() => Rows.Where(r => r.Hazard is not null || r.Time is not null || r.TrainingTime is not null)
        .GroupBy(r => (r.Binding, r.Mode))
        .Select(g => new JsonObject
        {
            ["binding"] = g.Key.Binding,
            ["mode"] = g.Key.Mode,
            ["silently_wrong"] = Names(g.Where(r => r.Diverged && r.Silent)),
            ["wrong_with_warning"] = Names(g.Where(r => r.Diverged && !r.Silent)),
            ["incompatible"] = Names(g.Where(r => r.Behaviour == ProbeBehaviour.Incompatible)),
            ["slower"] = new JsonArray([.. Names(g.Where(r => r.Speed == SpeedFinding.Slower)).Select(n => n!.DeepClone()),
                .. Names(g.Where(r => r.TrainingSpeed == SpeedFinding.Slower), " (training)").Select(n => n!.DeepClone())]),
        }).ToArray();

    public JsonObject ToJson() => new()
    {
        ["rows"] = new JsonArray(Rows.Select(r => (JsonNode)new JsonObject
        {
            ["probe"] = r.Probe,
            ["binding"] = r.Binding,
            ["device"] = r.Device,
            ["mode"] = r.Mode,
            ["behaviour"] = r.Behaviour,
            ["silent"] = r.Silent,
            ["conforms"] = r.Conformance is null ? null : r.Conformance.Outcome == CellOutcome.Passed,
            ["speed"] = r.Speed,
            ["graph_eager_ratio"] = r.Ratio,
            ["training_speed"] = r.TrainingSpeed,
            ["training_graph_eager_ratio"] = r.TrainingRatio,
        }).ToArray()),
        ["findings"] = new JsonArray(Findings().Select(f => (JsonNode)f).ToArray()),
    };

    private static JsonArray Names(IEnumerable<Row> rows, string suffix = "") =>
        new(rows.Select(r => $"{r.Probe}{suffix}{(r.Device == Oracles.Device.Cpu ? "" : $" ({r.Device})")}").Distinct().Select(n => (JsonNode)n).ToArray());

    private static string Speed(double? ratio, string? verdict) => ratio is { } r ? $"{r:0.00}× ({verdict})" : "-";

    private static string List(JsonNode? names) => names is JsonArray { Count: > 0 } array ? E(string.Join(", ", array.Select(n => n!.ToString()))) : "-";

    private static string E(string? text) => MarkdownText.Escape(text);
}
