using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BindingConformance.Reports;

/// <summary><c>report.json</c>: one entry per cell with suite, model, binding, device, mode, outcome, reason and metrics.</summary>
public sealed class JsonReportExporter : IReportExporter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string FileName => "report.json";

    public string Export(RunReport report)
    {
        var root = new JsonObject
        {
            ["tier"] = report.Tier,
            ["started_at"] = report.StartedAt.ToString("O"),
            ["elapsed_seconds"] = Math.Round(report.ElapsedSeconds, 1),
            ["summary"] = new JsonObject
            {
                ["passed"] = report.Count(CellOutcome.Passed),
                ["failed"] = report.Count(CellOutcome.Failed),
                ["skipped"] = report.Count(CellOutcome.Skipped),
            },
            ["environment"] = report.Environment.DeepClone(),
            ["bindings"] = new JsonArray(report.Bindings.Select(b => (JsonNode)b.DeepClone()).ToArray()),
            ["cells"] = new JsonArray(report.Cells.Select(ToJson).ToArray()),
        };
        var hybridization = HybridizationSummary.Of(report.Cells);
        if (hybridization.Rows.Count > 0) root["hybridization"] = hybridization.ToJson();
        return root.ToJsonString(Options) + "\n";
    }

    private static JsonNode ToJson(CellResult cell) => new JsonObject
    {
        ["name"] = cell.Name,
        ["suite"] = cell.Suite,
        ["model"] = cell.Model,
        ["binding"] = cell.Binding,
        ["device"] = cell.Device,
        ["mode"] = cell.Mode,
        ["outcome"] = cell.Outcome.ToString().ToLowerInvariant(),
        ["reason"] = cell.Reason,
        ["metrics"] = cell.Metrics.DeepClone(),
    };
}
